package network.deai.node.job;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

class FlParametersTest {
  @Test
  void rulesMayStandBehindUpToTwoDistinctPreAggregationSteps() {
    assertThat(FlParameters.isRule("median")).isTrue();
    assertThat(FlParameters.isRule("cc")).isTrue();
    assertThat(FlParameters.isRule("nnm+median")).isTrue();
    assertThat(FlParameters.isRule("bucketing+krum")).isTrue();
    assertThat(FlParameters.isRule("nnm+bucketing+multi-krum")).isTrue();
    assertThat(FlParameters.isRule("nnm")).isFalse();
    assertThat(FlParameters.isRule("nnm+nnm+median")).isFalse();
    assertThat(FlParameters.isRule("median+nnm")).isFalse();
    assertThat(FlParameters.isRule("nnm+bucketing+nnm+median")).isFalse();
    assertThat(FlParameters.isRule("+median")).isFalse();
    assertThat(FlParameters.isRule("nnm+")).isFalse();
    assertThat(FlParameters.isRule("median ")).isFalse();
  }

  @Test
  void aSpecWithoutARuleKeepsMultiKrumAndANewDefaultSpecNamesTheTrimmedMeanBehindNnm()
      throws Exception {
    JsonNode legacy =
        new ObjectMapper().readTree("{\"byzantine\":2,\"learningRate\":0.5,\"epochs\":5}");

    assertThat(FlParameters.parse(legacy).rule())
        .as("a spec written before the default changed keeps its meaning")
        .isEqualTo("multi-krum");
    assertThat(FlParameters.digits().rule()).isEqualTo("nnm+trimmed-mean");
    assertThat(FlParameters.fashion().rule()).isEqualTo("nnm+trimmed-mean");
    assertThat(FlParameters.digits().toJson().path("rule").asText()).isEqualTo("nnm+trimmed-mean");
    assertThat(FlParameters.fashion().toJson().path("rule").asText()).isEqualTo("nnm+trimmed-mean");
    assertThat(FlParameters.parse(FlParameters.digits().toJson())).isEqualTo(FlParameters.digits());
  }

  @Test
  void aSpecWithAnUnknownRuleNamesTheGrammar() {
    assertThatThrownBy(() -> FlParameters.digits().withRule("nnm+mean", 2))
        .hasMessageContaining("optionally behind [bucketing, nnm] joined by '+'")
        .hasMessageContaining("nnm+mean");
  }

  @Test
  void theSpecNamesTheDataSetWhichFixesTheModel() {
    FlParameters fashion = FlParameters.fashion();

    assertThat(FlParameters.parse(fashion.toJson())).isEqualTo(fashion);
    assertThat(fashion.model().features()).isEqualTo(784);
    assertThat(fashion.model().parameterCount()).isEqualTo(7_850);
    assertThat(fashion.training().learningRate()).isEqualTo(0.05);
    assertThat(fashion.training().epochs()).isEqualTo(1);
    assertThat(FlParameters.digits().model()).isEqualTo(JobContext.MODEL);
    assertThat(FlParameters.digits().toJson().has("data"))
        .as("a digits spec keeps its bytes")
        .isFalse();
    var unknown = FlParameters.digits().toJson().put("data", "cifar10");
    assertThatThrownBy(() -> FlParameters.parse(unknown))
        .hasMessageContaining("data must be one of [digits, fashion-mnist]");
  }

  @Test
  void theSpecMayNameAnMlpWhichRoundTripsAndKeepsTheDataSetsShape() {
    FlParameters mlp = FlParameters.fashion().withArchitecture("mlp:64");

    assertThat(mlp.model()).isEqualTo(new network.deai.learning.MlpModel(784, 64, 10));
    assertThat(mlp.model().parameterCount()).isEqualTo(64 * 785 + 10 * 65);
    assertThat(mlp.toJson().path("architecture").asText()).isEqualTo("mlp:64");
    assertThat(FlParameters.parse(mlp.toJson())).isEqualTo(mlp);
    assertThat(FlParameters.digits().toJson().has("architecture"))
        .as("a softmax spec keeps its bytes")
        .isFalse();
    assertThat(FlParameters.parse(FlParameters.digits().toJson()).architecture())
        .isEqualTo("softmax");
  }

  @Test
  void theSpecMayNameACnnWhichRoundTripsAndKeepsTheDataSetsShape() {
    FlParameters cnn = FlParameters.fashion().withArchitecture("cnn:8");

    assertThat(cnn.model()).isEqualTo(new network.deai.learning.CnnModel(784, 8, 10));
    assertThat(cnn.model().parameterCount()).isEqualTo(8 * 26 + 10 * (8 * 12 * 12 + 1));
    assertThat(cnn.toJson().path("architecture").asText()).isEqualTo("cnn:8");
    assertThat(FlParameters.parse(cnn.toJson())).isEqualTo(cnn);
    assertThat(FlParameters.digits().withArchitecture("cnn:3").model())
        .isEqualTo(new network.deai.learning.CnnModel(64, 3, 10));
  }

  @Test
  void anUnknownArchitectureIsRefusedInOneLineNamingTheGrammar() {
    for (String bad :
        java.util.List.of(
            "cnn",
            "mlp",
            "mlp:",
            "mlp:0",
            "mlp:064",
            "mlp:1025",
            "MLP:64",
            "mlp:64 ",
            "softmax:10",
            "cnn:",
            "cnn:0",
            "cnn:08",
            "cnn:65",
            "cnn:100",
            "CNN:8")) {
      var json = FlParameters.digits().toJson().put("architecture", bad);
      assertThatThrownBy(() -> FlParameters.parse(json))
          .as(bad)
          .hasMessage(
              "architecture must be softmax, mlp:H with H hidden units in 1..1024 (e.g."
                  + " mlp:64) or cnn:C with C convolution channels in 1..64 (e.g. cnn:8): "
                  + bad);
    }
    assertThat(FlParameters.isArchitecture("mlp:1")).isTrue();
    assertThat(FlParameters.isArchitecture("mlp:1024")).isTrue();
    assertThat(FlParameters.isArchitecture("cnn:1")).isTrue();
    assertThat(FlParameters.isArchitecture("cnn:64")).isTrue();
    var number = FlParameters.digits().toJson().put("architecture", 64);
    assertThatThrownBy(() -> FlParameters.parse(number))
        .hasMessage("architecture must be a string");
  }
}

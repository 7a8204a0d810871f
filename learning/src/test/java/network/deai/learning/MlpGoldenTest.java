package network.deai.learning;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.File;
import java.io.IOException;

/**
 * Pins {@link MlpModel}'s forward pass bit for bit to the vectors of an independent Python
 * reference ({@code contracts/test/vectors/generate_mlp.py}): logits, predictions and accuracy
 * exactly, the loss within a few ulps (it goes through exp and log, whose last bit libm and
 * StrictMath may round differently), so auditors recompute a committee's MLP scores from the
 * definition.
 */
class MlpGoldenTest {
  private static final File VECTORS = new File("../contracts/test/vectors/mlp.json");

  @org.junit.jupiter.api.Test
  void forwardPassMatchesTheReference() throws IOException {
    assertThat(VECTORS).as("golden vectors (run from the learning module)").isFile();
    JsonNode cases = new ObjectMapper().readTree(VECTORS).get("cases");
    assertThat(cases).hasSizeGreaterThanOrEqualTo(4);
    for (JsonNode c : cases) {
      MlpModel model =
          new MlpModel(
              c.get("features").asInt(), c.get("hidden").asInt(), c.get("classes").asInt());
      GoldenForwardPass.check(c, model, model::logits, GoldenForwardPass.floats(c.get("params")));
    }
  }
}

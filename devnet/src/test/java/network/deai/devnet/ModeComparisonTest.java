package network.deai.devnet;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class ModeComparisonTest {
  private static ObjectNode phase(String mode, double factor, int honestSlashed, int violations) {
    ObjectNode json = JsonNodeFactory.instance.objectNode();
    json.put("mode", mode).put("tasks", 12).put("computeFactor", factor);
    json.put("honestSlashed", honestSlashed).put("booksViolations", violations);
    json.put("booksChecks", 5).put("booksOk", violations == 0).put("blocks", 40);
    json.putObject("verificationOverhead").put("gasPerTask", 1234);
    return json;
  }

  @Test
  void theTopLevelSumsWhatEveryModeMustGetRight() {
    ObjectNode both =
        ModeComparison.combine(
            List.of(
                new DevnetReport(phase("replicated", 3, 0, 0)),
                new DevnetReport(phase("sampled", 1.1, 1, 2))),
            9.5);

    assertThat(both.path("modes").path("sampled").path("computeFactor").asDouble()).isEqualTo(1.1);
    assertThat(both.path("honestSlashed").asInt()).isEqualTo(1);
    assertThat(both.path("booksViolations").asInt()).isEqualTo(2);
    assertThat(both.path("booksOk").asBoolean()).isFalse();
    assertThat(both.path("tasks").asInt()).isEqualTo(24);
    assertThat(new DevnetReport(both).booksOk()).isFalse();
  }

  @Test
  void printsOneNameValueLinePerModeAndMeasure() {
    ObjectNode both =
        ModeComparison.combine(
            List.of(
                new DevnetReport(phase("replicated", 3, 0, 0)),
                new DevnetReport(phase("sampled", 1.1, 0, 0))),
            9.5);
    ByteArrayOutputStream text = new ByteArrayOutputStream();

    ModeComparison.print(both, new PrintStream(text, true, StandardCharsets.UTF_8));

    assertThat(text.toString(StandardCharsets.UTF_8).lines())
        .contains(
            "replicated.computeFactor 3",
            "sampled.computeFactor 1.1",
            "sampled.verificationOverhead.gasPerTask 1234",
            "sampled.cheaterProfitWei -")
        .anySatisfy(line -> assertThat(line).startsWith("computeFactor").contains("1.1"));
    assertThat(ReportPage.render(both)).contains("<th>sampled</th>").contains("computeFactor");
  }

  @Test
  void readsSampleRatesAsPercentOrBasisPoints() {
    assertThat(DevnetCommand.parseRate("50%")).isEqualTo(5_000);
    assertThat(DevnetCommand.parseRate("3.23")).isEqualTo(323);
    assertThat(DevnetCommand.parseRate("500bps")).isEqualTo(500);
  }
}

package network.deai.devnet;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code deai devnet --job fl}, small: anvil with one-second blocks, eight trainers (four honest, a
 * sign-flipper, a noise sender and a Sybil pair) training with PyTorch through DJL, a committee of
 * three, three rounds.
 */
class FlDevnetE2E {
  @TempDir Path dir;

  @Test
  void committeeAgreesByzantineTrainersAreNotPaidSybilsShareOneCreditAndTheBooksBalance()
      throws Exception {
    ByteArrayOutputStream progress = new ByteArrayOutputStream();
    FlReport report;
    try (FlDevnet devnet =
        new FlDevnet(
            new FlDevnet.Options(8, 3, 3, 7, 1, "djl", dir),
            new PrintStream(progress, true, StandardCharsets.UTF_8))) {
      report = devnet.run();
    }
    JsonNode json = report.json();

    assertThat(json.path("committeeAgreedRounds").asInt()).isEqualTo(3);
    assertThat(json.path("booksChecks").asInt()).isPositive();
    assertThat(json.path("booksViolations").asInt()).isZero();
    assertThat(json.path("auditFailures").asInt())
        .as("the auditor recomputes every round's model, scores and flags")
        .isZero();
    assertThat(json.path("honestPenalised").asInt()).isZero();
    assertThat(json.path("byzantinePaid").bigIntegerValue()).isZero();
    assertThat(json.path("sybilPairPayoutRatio").asDouble()).isBetween(0.0, 1.1);
    assertThat(json.path("finalAccuracy").asDouble())
        .isGreaterThan(json.path("initialAccuracy").asDouble() + 0.4);
    for (JsonNode identity : json.path("identities")) {
      if (identity.path("kind").asText().equals("byzantine")) {
        assertThat(identity.path("paidWei").asText())
            .as(identity.path("label").asText() + " is unpaid")
            .isEqualTo("0");
      }
    }
    Path html = dir.resolve("report.html");
    report.writeHtml(html);
    assertThat(Files.readString(html))
        .contains("Test accuracy per round")
        .contains("<polyline")
        .contains("Payouts per identity");
    assertThat(progress.toString(StandardCharsets.UTF_8)).contains("ended (Finished)");
  }
}

package network.deai.devnet;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The main job, small: anvil with one-second blocks, six honest identities (three of one Sybil
 * owner) and every adversary, six tasks in both modes, five replicas each.
 */
class DevnetE2E {
  @TempDir Path dir;

  @Test
  void cheatersAreSlashedOrUnpaidHonestWorkersArePaidAndTheBooksBalance() throws Exception {
    Devnet.Options options =
        new Devnet.Options(
            6, 6, EnumSet.allOf(Population.Adversary.class), 1, 11, 5, 3, null, null, dir, false);
    ByteArrayOutputStream progress = new ByteArrayOutputStream();
    DevnetReport report;
    try (Devnet devnet =
        new Devnet(options, new PrintStream(progress, true, StandardCharsets.UTF_8))) {
      report = devnet.run();
    }
    JsonNode json = report.json();

    assertThat(json.path("settled").asInt() + json.path("noConsensus").asInt())
        .as("every task reaches a final state with a verdict")
        .isEqualTo(6);
    assertThat(json.path("honestSlashed").asInt()).isZero();
    assertThat(json.path("cheaters").asInt()).isEqualTo(5);
    assertThat(json.path("cheatersSlashedOrUnpaid").asInt()).isEqualTo(5);
    assertThat(json.path("booksChecks").asInt()).isPositive();
    assertThat(json.path("booksViolations").asInt()).isZero();
    assertThat(json.path("auditFailures").asInt()).as("escrow and payouts re-check").isZero();
    for (JsonNode identity : json.path("identities")) {
      if (identity.path("behaviour").asText().equals("honest")
          && identity.path("settledTasks").asInt() > 0) {
        assertThat(identity.path("paidWei").asText())
            .as(identity.path("label").asText())
            .isNotEqualTo("0");
      }
    }
    Path html = dir.resolve("report.html");
    report.writeHtml(html);
    assertThat(Files.readString(html)).contains("<svg").contains("Payouts per owner");
    assertThat(progress.toString(StandardCharsets.UTF_8)).contains("settled 6/6");
  }
}

package network.deai.devnet;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code deai devnet --mode both}, small: twelve tasks replicated on five replicas, then the same
 * twelve sampled with two validators checking half of them, on one chain; nine honest identities,
 * one naive cheater and two rational ones; the requester challenges a quarter of the unchecked
 * results.
 */
class SampledDevnetE2E {
  @TempDir Path dir;

  @Test
  void samplingComputesLessCatchesCheckedCheatsAndSlashesNoHonestWorker() throws Exception {
    Devnet.Options options =
        new Devnet.Options(
            9,
            12,
            EnumSet.noneOf(Population.Adversary.class),
            1,
            11,
            5,
            3,
            null,
            null,
            dir,
            false,
            ValidationMode.BOTH,
            5_000,
            2,
            1,
            2,
            network.deai.contracts.abi.SamplingRules.BPS,
            2_500);
    ByteArrayOutputStream progress = new ByteArrayOutputStream();
    DevnetReport report;
    try (Devnet devnet =
        new Devnet(options, new PrintStream(progress, true, StandardCharsets.UTF_8))) {
      report = devnet.run();
    }
    JsonNode json = report.json();
    JsonNode replicated = json.path("modes").path("replicated");
    JsonNode sampled = json.path("modes").path("sampled");

    assertThat(json.path("honestSlashed").asInt()).isZero();
    assertThat(json.path("booksOk").asBoolean()).as("books balanced in both phases").isTrue();
    assertThat(json.path("booksChecks").asInt()).isPositive();
    assertThat(json.path("auditFailures").asInt()).isZero();
    assertThat(replicated.path("tasks").asInt()).isEqualTo(12);
    assertThat(sampled.path("tasks").asInt()).isEqualTo(12);
    assertThat(sampled.path("sampleRateBps").asInt()).isEqualTo(5_000);
    assertThat(sampled.path("computeFactor").asDouble())
        .isLessThan(replicated.path("computeFactor").asDouble());
    assertThat(replicated.path("computeFactor").asDouble()).isGreaterThan(4);
    assertThat(sampled.path("checked").asInt())
        .as("half the tasks are checked on average")
        .isBetween(1, 11);
    for (JsonNode mode : new JsonNode[] {replicated, sampled}) {
      assertThat(mode.path("checkedCheatsPaid").asInt())
          .as("%s: a cheat that was checked is never paid", mode.path("mode").asText())
          .isZero();
      assertThat(mode.path("rationalCheats").asInt())
          .as("at or above the bound, cheating never pays for a worker whose work costs its share")
          .isZero();
    }
    assertThat(replicated.path("naiveCheats").asInt())
        .as("the naive cheater sits on some of twelve five-replica tasks")
        .isPositive();
    assertNaiveCheatsCaughtWhenChecked(sampled);
    ByteArrayOutputStream printed = new ByteArrayOutputStream();
    report.print(new PrintStream(printed, true, StandardCharsets.UTF_8));
    assertThat(printed.toString(StandardCharsets.UTF_8))
        .contains("== side by side", "sampled.computeFactor ", "replicated.computeFactor ")
        .doesNotContain("BOOKS VIOLATION");
    assertThat(progress.toString(StandardCharsets.UTF_8)).contains("settled 12/12");
  }

  /**
   * A naive cheater that cheated on a checked sampled task was slashed for it: the check's mismatch
   * escalates, and the escalation's seven fresh seats outvote it.
   */
  private static void assertNaiveCheatsCaughtWhenChecked(JsonNode sampled) {
    Set<String> naive = new HashSet<>();
    for (JsonNode identity : sampled.path("identities")) {
      if (identity.path("behaviour").asText().equals("naive")) {
        naive.add(identity.path("address").asText());
      }
    }
    assertThat(naive).hasSize(1);
    int checkedNaiveCheats = 0;
    for (JsonNode task : sampled.path("taskDetails")) {
      if (task.path("checked").asBoolean()) {
        for (JsonNode cheater : task.path("cheaters")) {
          checkedNaiveCheats += naive.contains(cheater.asText()) ? 1 : 0;
        }
      }
    }
    int slashed = 0;
    for (JsonNode identity : sampled.path("identities")) {
      if (naive.contains(identity.path("address").asText())) {
        slashed = identity.path("slashedWrongResult").asInt();
      }
    }
    assertThat(slashed).isLessThanOrEqualTo(checkedNaiveCheats);
    if (checkedNaiveCheats > 0) {
      assertThat(slashed).as("caught on at least one of its checked cheats").isPositive();
    }
  }
}

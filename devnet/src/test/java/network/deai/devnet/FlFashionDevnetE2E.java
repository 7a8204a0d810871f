package network.deai.devnet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import network.deai.bench.FashionMnistFiles;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code deai devnet --job fl --data fashion}, small: anvil with one-second blocks, eight trainers
 * on Dirichlet(1.0) shards of 2,000 Fashion-MNIST images on average (the CLI's size: with 300
 * images per trainer a Byzantine trainer was paid 0.0118 ETH in one run) (four honest, a
 * sign-flipper, a noise sender and a Sybil pair sending noised copies of one update), pure-Java
 * training, a committee of three scoring a 784 → 10 softmax on 1,000 validation images, two rounds.
 */
class FlFashionDevnetE2E {
  @TempDir Path dir;

  @Test
  void byzantineTrainersAreNotPaidAndTheBooksBalanceOnFashionMnist() throws Exception {
    assumeTrue(
        FashionMnistFiles.installed(FashionMnistFiles.DIRECTORY),
        "Fashion-MNIST is not installed in "
            + FashionMnistFiles.DIRECTORY
            + ": apt-get install dataset-fashion-mnist");
    ByteArrayOutputStream progress = new ByteArrayOutputStream();
    FlReport report;
    try (FlDevnet devnet =
        new FlDevnet(
            new FlDevnet.Options(8, 3, 2, 7, 1, "java", dir, "fashion", 2_000, "softmax"),
            new PrintStream(progress, true, StandardCharsets.UTF_8))) {
      report = devnet.run();
    }
    JsonNode json = report.json();

    assertThat(json.path("data").asText()).isEqualTo("fashion-mnist");
    assertThat(json.path("trainingRows").asInt()).isEqualTo(7 * 2_000);
    assertThat(json.path("committeeAgreedRounds").asInt()).isEqualTo(2);
    assertThat(json.path("booksChecks").asInt()).isPositive();
    assertThat(json.path("booksViolations").asInt()).isZero();
    assertThat(json.path("auditFailures").asInt())
        .as("the auditor recomputes every round's 7,850-parameter model, scores and flags")
        .isZero();
    assertThat(json.path("honestPenalised").asInt())
        .as("a skewed honest update is never slashed")
        .isZero();
    assertThat(json.path("byzantinePaid").bigIntegerValue()).isZero();
    assertThat(json.path("finalAccuracy").asDouble())
        .isGreaterThan(json.path("initialAccuracy").asDouble() + 0.3);
    ByteArrayOutputStream printed = new ByteArrayOutputStream();
    report.print(new PrintStream(printed, true, StandardCharsets.UTF_8));
    assertThat(printed.toString(StandardCharsets.UTF_8))
        .contains("fl_final_accuracy ")
        .contains("fl_byzantine_paid_wei 0\n")
        .contains("fl_sybil_gain ")
        .contains("fl_gas_per_round ")
        .contains("fl_wall_seconds ");
    assertThat(progress.toString(StandardCharsets.UTF_8))
        .contains("Fashion-MNIST")
        .contains("noised Sybil pair")
        .contains("ended (Finished)");
  }
}

package network.deai.devnet;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code deai devnet --attacks}: every attack of docs/protocol.md §6 replayed on anvil against
 * honest workers running the node software gains its attacker nothing and costs no honest stake.
 */
class AttacksE2E {
  @TempDir Path dir;

  @Test
  void noAttackGainsAnythingOrCostsHonestStakeAndTheBooksBalance() throws Exception {
    ByteArrayOutputStream progress = new ByteArrayOutputStream();
    AttacksReport report;
    try (AttacksDevnet devnet =
        new AttacksDevnet(7, dir, new PrintStream(progress, true, StandardCharsets.UTF_8))) {
      report = devnet.run();
    }
    JsonNode json = report.json();

    assertThat(json.path("attacks")).hasSize(5);
    for (JsonNode attack : json.path("attacks")) {
      String name = attack.path("name").asText();
      assertThat(new BigInteger(attack.path("attackerGainWei").asText())).as(name).isNotPositive();
      assertThat(attack.path("honestLossWei").asText()).as(name).isEqualTo("0");
    }
    JsonNode greedy = json.path("attacks").get(0);
    assertThat(greedy.path("oneWeiOneBlockTask").asText())
        .isEqualTo("refused: TaskManagerFeeTooLow");
    assertThat(greedy.path("oneBlockWindowTask").asText())
        .isEqualTo("refused: TaskManagerInvalidWindow");
    JsonNode grinding = json.path("attacks").get(1);
    assertThat(grinding.path("startInCreatingBlock").asText())
        .isEqualTo("reverted: TaskManagerSeedNotReady");
    assertThat(grinding.path("picksSeenAtCreation").asInt()).isZero();
    JsonNode jammer = json.path("attacks").get(2);
    assertThat(jammer.path("honestTasksSettled").asInt()).isEqualTo(2);
    JsonNode selective = json.path("attacks").get(3);
    assertThat(selective.path("state").asText())
        .as("the withheld replicas got the spec from the one that was served")
        .isEqualTo("Settled");
    assertThat(selective.path("abstained").asInt()).isZero();
    JsonNode cartel = json.path("attacks").get(4);
    assertThat(cartel.path("name").asText()).isEqualTo("committee-cartel");
    assertThat(cartel.path("honestIdentitiesSlashed").asInt()).isZero();
    assertThat(cartel.has("poolRedirectedWei")).isTrue();
    assertThat(json.path("booksChecks").asInt()).isPositive();
    assertThat(json.path("booksViolations").asInt()).isZero();
    assertThat(report.defended()).isTrue();
    Path html = dir.resolve("attacks.html");
    report.writeHtml(html);
    assertThat(Files.readString(html)).contains("<table").contains("selective-server");
  }
}

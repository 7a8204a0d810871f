package network.deai.node.job;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import network.deai.node.journal.FullDiskChannel;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JobJournalTest {
  @TempDir Path dir;

  @Test
  void entriesSurviveReopeningAndATornLastLineIsIgnored() throws Exception {
    Path file = dir.resolve("jobs.journal");
    String key = JobJournal.key(BigInteger.TWO, 3, "update");
    try (JobJournal journal = JobJournal.open(file)) {
      ObjectNode entry = JsonNodeFactory.instance.objectNode();
      entry.put("key", key);
      entry.put("salt", "ab");
      journal.append(entry);
    }
    Files.writeString(
        file, "{\"key\":\"2/4/upd", StandardCharsets.UTF_8, StandardOpenOption.APPEND);
    try (JobJournal journal = JobJournal.open(file)) {
      assertThat(journal.get(key))
          .hasValueSatisfying(e -> assertThat(e.path("salt").asText()).isEqualTo("ab"));
      assertThat(journal.get(JobJournal.key(BigInteger.TWO, 4, "update"))).isEmpty();
    }
  }

  @Test
  void anEntryAppendedAfterATornLastLineSurvivesReopening() throws Exception {
    Path file = dir.resolve("jobs.journal");
    try (JobJournal journal = JobJournal.open(file)) {
      journal.append(entry(3));
    }
    Files.writeString(
        file, "{\"key\":\"2/4/upd", StandardCharsets.UTF_8, StandardOpenOption.APPEND);
    try (JobJournal journal = JobJournal.open(file)) {
      journal.append(entry(4));
    }

    try (JobJournal journal = JobJournal.open(file)) {
      assertThat(journal.get(key(3))).isPresent();
      assertThat(journal.get(key(4)))
          .hasValueSatisfying(e -> assertThat(e.path("salt").asText()).isEqualTo("s4"));
    }
    assertThat(Files.readAllLines(file)).hasSize(2);
  }

  @Test
  void aWriteThatFailsOnAFullDiskLeavesTheJournalValid() throws Exception {
    Path file = dir.resolve("jobs.journal");
    FullDiskChannel[] disk = new FullDiskChannel[1];
    try (JobJournal journal = JobJournal.open(file, c -> disk[0] = new FullDiskChannel(c))) {
      journal.append(entry(3));
      disk[0].fill(10);

      assertThatThrownBy(() -> journal.append(entry(4)))
          .isInstanceOf(UncheckedIOException.class)
          .hasRootCauseMessage("No space left on device");
      assertThat(journal.get(key(4))).isEmpty();

      disk[0].free();
      journal.append(entry(5));
    }

    try (JobJournal journal = JobJournal.open(file)) {
      assertThat(journal.get(key(3))).isPresent();
      assertThat(journal.get(key(4))).isEmpty();
      assertThat(journal.get(key(5))).isPresent();
    }
    assertThat(Files.readAllLines(file)).hasSize(2);
  }

  @Test
  void aFailedWriteThatCannotBeUndoneStopsTheJournal() throws Exception {
    Path file = dir.resolve("jobs.journal");
    FullDiskChannel[] disk = new FullDiskChannel[1];
    try (JobJournal journal = JobJournal.open(file, c -> disk[0] = new FullDiskChannel(c))) {
      journal.append(entry(3));
      disk[0].fill(10);
      disk[0].breakTruncation();

      assertThatThrownBy(() -> journal.append(entry(4))).isInstanceOf(UncheckedIOException.class);
      disk[0].free();
      assertThatThrownBy(() -> journal.append(entry(5))).isInstanceOf(UncheckedIOException.class);
    }

    try (JobJournal journal = JobJournal.open(file)) {
      assertThat(journal.get(key(3))).isPresent();
      journal.append(entry(5));
    }
    assertThat(Files.readAllLines(file)).hasSize(2);
  }

  private static String key(long round) {
    return JobJournal.key(BigInteger.TWO, round, "update");
  }

  private static ObjectNode entry(long round) {
    ObjectNode entry = JsonNodeFactory.instance.objectNode();
    entry.put("key", key(round));
    entry.put("salt", "s" + round);
    return entry;
  }
}

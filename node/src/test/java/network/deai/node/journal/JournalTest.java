package network.deai.node.journal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.SecureRandom;
import network.deai.contracts.abi.Bytes32;
import network.deai.node.domain.JournalEntry;
import network.deai.node.domain.TaskLedger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JournalTest {
  private static final BigInteger TASK = BigInteger.valueOf(7);
  private static final Bytes32 DIGEST = Bytes32.fromLongs(1, 2, 3, 4);

  @TempDir Path dir;

  @Test
  void replaysEntriesAfterReopening() {
    Path file = dir.resolve("worker/journal.log");
    try (Journal journal = Journal.open(file, new SecureRandom())) {
      JournalEntry.ResultPrepared p = journal.prepareOnce(TASK, salt -> prepared(salt));
      journal.append(new JournalEntry.CommitSent(TASK, DIGEST, "0xabc"));
      assertThat(p.salt()).isNotEqualTo(Bytes32.ZERO);
    }
    try (Journal reopened = Journal.open(file, new SecureRandom())) {
      assertThat(reopened.ledger().progress(TASK))
          .hasValueSatisfying(
              progress -> assertThat(progress.stage()).isEqualTo(TaskLedger.Stage.COMMITTED));
      assertThat(reopened.ledger().unfinished()).containsExactly(TASK);
    }
  }

  @Test
  void reusesThePreparedSaltAfterARestart() {
    Path file = dir.resolve("journal.log");
    Bytes32 first;
    try (Journal journal = Journal.open(file, new SecureRandom())) {
      first = journal.prepareOnce(TASK, this::prepared).salt();
    }
    try (Journal restarted = Journal.open(file, new SecureRandom())) {
      JournalEntry.ResultPrepared again =
          restarted.prepareOnce(
              TASK,
              salt -> {
                throw new AssertionError("a prepared task must not be computed again");
              });
      assertThat(again.salt()).isEqualTo(first);
    }
  }

  @Test
  void dropsATornLastEntry() throws IOException {
    Path file = dir.resolve("journal.log");
    try (Journal journal = Journal.open(file, new SecureRandom())) {
      journal.prepareOnce(TASK, this::prepared);
    }
    Files.writeString(file, "0123abcd {\"type\":\"Commi", StandardOpenOption.APPEND);

    try (Journal reopened = Journal.open(file, new SecureRandom())) {
      assertThat(reopened.ledger().progress(TASK))
          .hasValueSatisfying(p -> assertThat(p.stage()).isEqualTo(TaskLedger.Stage.PREPARED));
      reopened.append(new JournalEntry.TaskClosed(TASK, "settled"));
    }
    assertThat(Files.readAllLines(file)).hasSize(2);
  }

  @Test
  void refusesAJournalDamagedBeforeItsEnd() throws IOException {
    Path file = dir.resolve("journal.log");
    try (Journal journal = Journal.open(file, new SecureRandom())) {
      journal.prepareOnce(TASK, this::prepared);
      journal.append(new JournalEntry.TaskClosed(TASK, "settled"));
    }
    String text = Files.readString(file).replaceFirst("ResultPrepared", "ResultPrepareX");
    Files.writeString(file, text, StandardCharsets.UTF_8);

    assertThatThrownBy(() -> Journal.open(file, new SecureRandom()))
        .hasRootCauseMessage("checksum mismatch")
        .hasMessageContaining("cannot open journal");
  }

  @Test
  void aWriteThatFailsOnAFullDiskLeavesTheJournalValid() throws IOException {
    Path file = dir.resolve("journal.log");
    FullDiskChannel[] disk = new FullDiskChannel[1];
    try (Journal journal =
        Journal.open(file, new SecureRandom(), c -> disk[0] = new FullDiskChannel(c))) {
      journal.prepareOnce(TASK, this::prepared);
      disk[0].fill(10);

      assertThatThrownBy(() -> journal.append(new JournalEntry.CommitSent(TASK, DIGEST, "0xabc")))
          .isInstanceOf(UncheckedIOException.class)
          .hasRootCauseMessage("No space left on device");
      assertThat(journal.ledger().progress(TASK))
          .hasValueSatisfying(p -> assertThat(p.stage()).isEqualTo(TaskLedger.Stage.PREPARED));

      disk[0].free();
      journal.append(new JournalEntry.CommitSent(TASK, DIGEST, "0xabc"));
      journal.append(new JournalEntry.RevealSent(TASK, "0xdef"));
    }

    try (Journal reopened = Journal.open(file, new SecureRandom())) {
      assertThat(reopened.ledger().progress(TASK))
          .hasValueSatisfying(p -> assertThat(p.stage()).isEqualTo(TaskLedger.Stage.REVEALED));
      reopened.append(new JournalEntry.TaskClosed(TASK, "settled"));
    }
    assertThat(Files.readAllLines(file)).hasSize(4);
  }

  @Test
  void aFailedWriteThatCannotBeUndoneStopsTheJournalAndIsDroppedOnReopening() throws IOException {
    Path file = dir.resolve("journal.log");
    FullDiskChannel[] disk = new FullDiskChannel[1];
    try (Journal journal =
        Journal.open(file, new SecureRandom(), c -> disk[0] = new FullDiskChannel(c))) {
      journal.prepareOnce(TASK, this::prepared);
      disk[0].fill(10);
      disk[0].breakTruncation();

      assertThatThrownBy(() -> journal.append(new JournalEntry.CommitSent(TASK, DIGEST, "0xabc")))
          .isInstanceOf(UncheckedIOException.class);
      disk[0].free();
      assertThatThrownBy(() -> journal.append(new JournalEntry.RevealSent(TASK, "0xdef")))
          .isInstanceOf(UncheckedIOException.class);
    }

    try (Journal reopened = Journal.open(file, new SecureRandom())) {
      assertThat(reopened.ledger().progress(TASK))
          .hasValueSatisfying(p -> assertThat(p.stage()).isEqualTo(TaskLedger.Stage.PREPARED));
      reopened.append(new JournalEntry.CommitSent(TASK, DIGEST, "0xabc"));
    }
    assertThat(Files.readAllLines(file)).hasSize(2);
  }

  @Test
  void closedTasksAreNotResumed() {
    try (Journal journal = Journal.open(dir.resolve("j.log"), new SecureRandom())) {
      journal.prepareOnce(TASK, this::prepared);
      journal.append(new JournalEntry.RevealSent(TASK, "0x1"));
      journal.append(new JournalEntry.TaskClosed(TASK, "settled"));
      assertThat(journal.ledger().unfinished()).isEmpty();
    }
  }

  private JournalEntry.ResultPrepared prepared(Bytes32 salt) {
    return new JournalEntry.ResultPrepared(TASK, DIGEST, DIGEST, salt, "http://127.0.0.1/r");
  }
}

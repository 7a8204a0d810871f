package network.deai.node.job;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import network.deai.contracts.abi.Bytes32;
import network.deai.node.domain.JobJournalEntry.AggregatePrepared;
import network.deai.node.domain.JobJournalEntry.UpdateRefused;
import network.deai.node.domain.JobJournalEntry.UpdateTrained;
import network.deai.node.journal.FullDiskChannel;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JobJournalTest {
  private static final BigInteger JOB = BigInteger.TWO;

  @TempDir Path dir;

  @Test
  void everyEntryTypeSurvivesReopening() {
    Path file = dir.resolve("jobs.journal");
    UpdateTrained trained = update(3);
    UpdateRefused refused =
        new UpdateRefused(JOB, 4, word(40), word(41), "http://n/artifacts/40", "model-too-large");
    AggregatePrepared aggregate =
        new AggregatePrepared(
            JOB, 3, true, word(50), word(51), 0b101, List.of(7L, -1L, 0L), word(52), "http://a");
    try (JobJournal journal = JobJournal.open(file)) {
      journal.append(trained);
      journal.append(refused);
      journal.append(aggregate);
    }

    try (JobJournal journal = JobJournal.open(file)) {
      assertThat(journal.update(JOB, 3)).contains(trained);
      assertThat(journal.update(JOB, 4)).contains(refused);
      assertThat(journal.aggregate(JOB, 3)).contains(aggregate);
      assertThat(journal.aggregate(JOB, 4)).isEmpty();
      assertThat(journal.update(BigInteger.ONE, 3)).isEmpty();
    }
  }

  @Test
  void aTornLastLineIsDroppedAndTheNextEntryStartsALineOfItsOwn() throws Exception {
    Path file = dir.resolve("jobs.journal");
    try (JobJournal journal = JobJournal.open(file)) {
      journal.append(update(3));
    }
    Files.writeString(
        file, "0123abcd {\"type\":\"UpdateTr", StandardCharsets.UTF_8, StandardOpenOption.APPEND);
    try (JobJournal journal = JobJournal.open(file)) {
      assertThat(journal.update(JOB, 3)).contains(update(3));
      assertThat(journal.update(JOB, 4)).isEmpty();
      journal.append(update(4));
    }

    try (JobJournal journal = JobJournal.open(file)) {
      assertThat(journal.update(JOB, 3)).contains(update(3));
      assertThat(journal.update(JOB, 4)).contains(update(4));
    }
    assertThat(Files.readAllLines(file)).hasSize(2);
  }

  @Test
  void aBitFlipInTheLastLineDropsItAsATornWrite() throws Exception {
    Path file = dir.resolve("jobs.journal");
    try (JobJournal journal = JobJournal.open(file)) {
      journal.append(update(3));
      journal.append(update(4));
    }
    flipBitIn(file, "http://n/4");

    try (JobJournal journal = JobJournal.open(file)) {
      assertThat(journal.update(JOB, 3)).contains(update(3));
      assertThat(journal.update(JOB, 4)).isEmpty();
    }
    assertThat(Files.readAllLines(file)).hasSize(1);
  }

  @Test
  void aBitFlipBeforeTheLastLineRefusesToOpen() throws Exception {
    Path file = dir.resolve("jobs.journal");
    try (JobJournal journal = JobJournal.open(file)) {
      journal.append(update(3));
      journal.append(update(4));
    }
    flipBitIn(file, "http://n/3");

    assertThatThrownBy(() -> JobJournal.open(file))
        .isInstanceOf(UncheckedIOException.class)
        .hasMessageContaining("cannot open job journal")
        .hasRootCauseMessage("checksum mismatch")
        .cause()
        .hasMessageContaining("restore it or move it aside");
  }

  @Test
  void aWriteThatFailsOnAFullDiskLeavesTheJournalValid() throws Exception {
    Path file = dir.resolve("jobs.journal");
    FullDiskChannel[] disk = new FullDiskChannel[1];
    try (JobJournal journal = JobJournal.open(file, c -> disk[0] = new FullDiskChannel(c))) {
      journal.append(update(3));
      disk[0].fill(10);

      assertThatThrownBy(() -> journal.append(update(4)))
          .isInstanceOf(UncheckedIOException.class)
          .hasRootCauseMessage("No space left on device");
      assertThat(journal.update(JOB, 4)).isEmpty();

      disk[0].free();
      journal.append(update(5));
    }

    try (JobJournal journal = JobJournal.open(file)) {
      assertThat(journal.update(JOB, 3)).isPresent();
      assertThat(journal.update(JOB, 4)).isEmpty();
      assertThat(journal.update(JOB, 5)).isPresent();
    }
    assertThat(Files.readAllLines(file)).hasSize(2);
  }

  @Test
  void aFailedWriteThatCannotBeUndoneStopsTheJournal() throws Exception {
    Path file = dir.resolve("jobs.journal");
    FullDiskChannel[] disk = new FullDiskChannel[1];
    try (JobJournal journal = JobJournal.open(file, c -> disk[0] = new FullDiskChannel(c))) {
      journal.append(update(3));
      disk[0].fill(10);
      disk[0].breakTruncation();

      assertThatThrownBy(() -> journal.append(update(4))).isInstanceOf(UncheckedIOException.class);
      disk[0].free();
      assertThatThrownBy(() -> journal.append(update(5))).isInstanceOf(UncheckedIOException.class);
    }

    try (JobJournal journal = JobJournal.open(file)) {
      assertThat(journal.update(JOB, 3)).isPresent();
      journal.append(update(5));
    }
    assertThat(Files.readAllLines(file)).hasSize(2);
  }

  @Test
  void aJournalOfTheUntypedFormatIsReadOnceAndRewrittenWithChecksums() throws Exception {
    Path file = dir.resolve("jobs.journal");
    String digest = "11".repeat(32);
    String salt = "22".repeat(32);
    String model = "33".repeat(32);
    String scores = "44".repeat(32);
    // as the first format wrote them: canonical JSON, bare hex, the role in the key
    Files.writeString(
        file,
        "{\"digest\":\""
            + digest
            + "\",\"key\":\"2/0/update\",\"salt\":\""
            + salt
            + "\",\"uri\":\"http://n/u\"}\n"
            + "{\"digest\":\""
            + digest
            + "\",\"key\":\"2/1/update\",\"refused\":\"bad-model\",\"salt\":\""
            + salt
            + "\",\"uri\":\"http://n/r\"}\n"
            + "not json\n"
            + "{\"complete\":true,\"flagged\":2,\"key\":\"2/0/aggregate\",\"model\":\""
            + model
            + "\",\"salt\":\""
            + salt
            + "\",\"scores\":[5,0,9],\"scoresDigest\":\""
            + scores
            + "\",\"uri\":\"http://n/m\"}\n"
            + "{\"key\":\"2/2/upd",
        StandardCharsets.UTF_8);

    try (JobJournal journal = JobJournal.open(file)) {
      assertThat(journal.update(JOB, 0))
          .contains(
              new UpdateTrained(
                  JOB, 0, Bytes32.fromHex(digest), Bytes32.fromHex(salt), "http://n/u"));
      assertThat(journal.update(JOB, 1))
          .contains(
              new UpdateRefused(
                  JOB,
                  1,
                  Bytes32.fromHex(digest),
                  Bytes32.fromHex(salt),
                  "http://n/r",
                  "bad-model"));
      assertThat(journal.aggregate(JOB, 0))
          .contains(
              new AggregatePrepared(
                  JOB,
                  0,
                  true,
                  Bytes32.fromHex(model),
                  Bytes32.fromHex(scores),
                  2,
                  List.of(5L, 0L, 9L),
                  Bytes32.fromHex(salt),
                  "http://n/m"));
      assertThat(journal.update(JOB, 2)).isEmpty();
      journal.append(update(2));
    }

    assertThat(Files.readString(file)).doesNotStartWith("{");
    assertThat(Files.readAllLines(file)).hasSize(4);
    assertThat(dir.resolve("jobs.journal.typed")).doesNotExist();
    try (JobJournal journal = JobJournal.open(file)) {
      assertThat(journal.update(JOB, 0)).isPresent();
      assertThat(journal.aggregate(JOB, 0)).isPresent();
      assertThat(journal.update(JOB, 2)).contains(update(2));
    }
  }

  private static void flipBitIn(Path file, String text) throws Exception {
    byte[] bytes = Files.readAllBytes(file);
    int at = new String(bytes, StandardCharsets.UTF_8).indexOf(text);
    assertThat(at).isNotNegative();
    bytes[at + text.length() - 1] ^= 0x01;
    Files.write(file, bytes);
  }

  private static UpdateTrained update(long round) {
    return new UpdateTrained(JOB, round, word(round), word(100 + round), "http://n/" + round);
  }

  private static Bytes32 word(long value) {
    byte[] bytes = new byte[Bytes32.SIZE];
    bytes[31] = (byte) value;
    bytes[0] = 1;
    return Bytes32.wrap(bytes);
  }
}

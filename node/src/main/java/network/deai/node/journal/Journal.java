package network.deai.node.journal;

import java.math.BigInteger;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.function.Function;
import java.util.function.UnaryOperator;
import network.deai.contracts.abi.Bytes32;
import network.deai.node.domain.JournalEntry;
import network.deai.node.domain.TaskLedger;

/**
 * Append-only write-ahead journal of a worker's tasks, kept in a {@link LineJournal}: {@link
 * #append} returns only after the entry is forced to the storage device; an append that fails
 * leaves the file as it was. On open, a torn last line (a crash mid-write) is cut off and logged;
 * damage anywhere else refuses to open, since entries after it cannot be trusted.
 */
public final class Journal implements AutoCloseable {
  private final LineJournal<JournalEntry> lines;
  private final TaskLedger ledger;
  private final SecureRandom saltSource;

  private Journal(LineJournal<JournalEntry> lines, TaskLedger ledger, SecureRandom saltSource) {
    this.lines = lines;
    this.ledger = ledger;
    this.saltSource = saltSource;
  }

  /** Opens (creating if needed) the journal at {@code file} and replays it. */
  public static Journal open(Path file, SecureRandom saltSource) {
    return open(file, saltSource, UnaryOperator.identity());
  }

  /** As {@link #open(Path, SecureRandom)}, writing through {@code wrap} of the file's channel. */
  static Journal open(Path file, SecureRandom saltSource, UnaryOperator<FileChannel> wrap) {
    LineJournal<JournalEntry> lines = LineJournal.open("journal", file, new JournalCodec(), wrap);
    return new Journal(lines, TaskLedger.of(lines.replayed()), saltSource);
  }

  /**
   * Appends {@code entry} and forces it to disk before returning. A write that fails (a full disk,
   * an I/O error) is cut back off before the exception is thrown, so the file still ends with the
   * last whole entry and a later append lands after it; if even that fails, the journal closes, so
   * nothing is ever written after the torn bytes (reopening drops them).
   */
  public synchronized void append(JournalEntry entry) {
    lines.append(entry);
    ledger.apply(entry);
  }

  /**
   * The result and salt to commit for {@code taskId}: the journalled ones if the task was prepared
   * before (so a restart commits and reveals the same values), otherwise a fresh salt from the
   * CSPRNG with the result {@code compute} makes, journalled before it is returned.
   */
  public synchronized JournalEntry.ResultPrepared prepareOnce(
      BigInteger taskId, Function<Bytes32, JournalEntry.ResultPrepared> compute) {
    return ledger
        .progress(taskId)
        .flatMap(TaskLedger.Progress::prepared)
        .orElseGet(
            () -> {
              byte[] salt = new byte[Bytes32.SIZE];
              saltSource.nextBytes(salt);
              JournalEntry.ResultPrepared prepared = compute.apply(Bytes32.wrap(salt));
              if (!prepared.taskId().equals(taskId)
                  || !prepared.salt().equals(Bytes32.wrap(salt))) {
                throw new IllegalArgumentException(
                    "prepared result must keep the task id and salt");
              }
              append(prepared);
              return prepared;
            });
  }

  /** The state folded from every entry so far. */
  public TaskLedger ledger() {
    return ledger;
  }

  @Override
  public synchronized void close() {
    lines.close();
  }
}

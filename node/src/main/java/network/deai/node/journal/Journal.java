package network.deai.node.journal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.function.UnaryOperator;
import network.deai.contracts.abi.Bytes32;
import network.deai.node.domain.JournalEntry;
import network.deai.node.domain.TaskLedger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Append-only write-ahead journal of a worker. {@link #append} returns only after the entry is
 * forced to the storage device; an append that fails leaves the file as it was. On open, a torn
 * last line (no newline or bad checksum: a crash mid-write) is cut off and logged; damage anywhere
 * else refuses to open, since entries after it cannot be trusted.
 */
public final class Journal implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(Journal.class);

  private final FileChannel channel;
  private final TaskLedger ledger;
  private final SecureRandom saltSource;

  private Journal(FileChannel channel, TaskLedger ledger, SecureRandom saltSource) {
    this.channel = channel;
    this.ledger = ledger;
    this.saltSource = saltSource;
  }

  /** Opens (creating if needed) the journal at {@code file} and replays it. */
  public static Journal open(Path file, SecureRandom saltSource) {
    return open(file, saltSource, UnaryOperator.identity());
  }

  /** As {@link #open(Path, SecureRandom)}, writing through {@code wrap} of the file's channel. */
  static Journal open(Path file, SecureRandom saltSource, UnaryOperator<FileChannel> wrap) {
    try {
      Path parent = file.toAbsolutePath().getParent();
      if (parent != null) {
        Files.createDirectories(parent);
      }
      FileChannel channel =
          wrap.apply(
              FileChannel.open(
                  file,
                  StandardOpenOption.CREATE,
                  StandardOpenOption.READ,
                  StandardOpenOption.WRITE));
      List<JournalEntry> entries = replay(file, channel);
      channel.position(channel.size());
      return new Journal(channel, TaskLedger.of(entries), saltSource);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot open journal " + file, e);
    }
  }

  private static List<JournalEntry> replay(Path file, FileChannel channel) throws IOException {
    byte[] bytes = Files.readAllBytes(file);
    List<JournalEntry> entries = new ArrayList<>();
    int start = 0;
    while (start < bytes.length) {
      int end = indexOf(bytes, (byte) '\n', start);
      String line =
          new String(bytes, start, (end < 0 ? bytes.length : end) - start, StandardCharsets.UTF_8);
      try {
        if (end < 0) {
          throw new IOException("no newline");
        }
        entries.add(JournalCodec.decode(line));
      } catch (IOException e) {
        if (end >= 0 && end + 1 < bytes.length) {
          throw new IOException(
              "journal "
                  + file
                  + " is damaged at byte "
                  + start
                  + " ("
                  + e.getMessage()
                  + "); entries after it cannot be trusted: restore it or move it aside",
              e);
        }
        LOG.warn(
            "journal {}: dropping torn last entry at byte {} ({})", file, start, e.getMessage());
        channel.truncate(start);
        channel.force(true);
        break;
      }
      start = end + 1;
    }
    return entries;
  }

  private static int indexOf(byte[] bytes, byte b, int from) {
    for (int i = from; i < bytes.length; i++) {
      if (bytes[i] == b) {
        return i;
      }
    }
    return -1;
  }

  /**
   * Appends {@code entry} and forces it to disk before returning. A write that fails (a full disk,
   * an I/O error) is cut back off before the exception is thrown, so the file still ends with the
   * last whole entry and a later append lands after it; if even that fails, the journal closes, so
   * nothing is ever written after the torn bytes (reopening drops them).
   */
  public synchronized void append(JournalEntry entry) {
    ByteBuffer buffer = ByteBuffer.wrap(JournalCodec.encode(entry));
    long end;
    try {
      end = channel.position();
    } catch (IOException e) {
      throw new UncheckedIOException("journal write failed", e);
    }
    try {
      while (buffer.hasRemaining()) {
        channel.write(buffer);
      }
      channel.force(false);
    } catch (IOException e) {
      throw new UncheckedIOException(
          "journal write failed; the entry was not recorded", undo(end, e));
    }
    ledger.apply(entry);
  }

  /**
   * Cuts the file back to {@code end}, or closes the journal when it cannot; returns {@code
   * failure}.
   */
  private IOException undo(long end, IOException failure) {
    try {
      channel.truncate(end);
      channel.position(end);
      channel.force(false);
    } catch (IOException e) {
      failure.addSuppressed(e);
      LOG.error("journal: cannot cut a failed write back off ({}); closing it", e.getMessage());
      try {
        channel.close();
      } catch (IOException closing) {
        failure.addSuppressed(closing);
      }
    }
    return failure;
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
    try {
      channel.close();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}

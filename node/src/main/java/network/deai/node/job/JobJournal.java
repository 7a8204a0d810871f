package network.deai.node.job;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.UnaryOperator;
import network.deai.node.domain.JobJournalEntry;
import network.deai.node.journal.LineJournal;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Write-ahead journal of a node's training-job work, kept in a {@link LineJournal} (checksummed
 * lines, as the task journal): one {@link JobJournalEntry} per prepared contribution, fsynced
 * before the commitment is signed, so a restarted node reveals exactly what it committed to and
 * never signs a second, different commitment for the same round. A torn last line (crash mid-write)
 * is cut off on open, damage before it refuses to open, and a failed append leaves the file as it
 * was. A journal of the first, untyped format is rewritten once in this one on open.
 */
public final class JobJournal implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(JobJournal.class);
  private static final String NAME = "job journal";

  private final LineJournal<JobJournalEntry> lines;
  private final Map<Slot, JobJournalEntry> entries = new HashMap<>();

  private JobJournal(LineJournal<JobJournalEntry> lines) {
    this.lines = lines;
  }

  /** Opens (or creates) the journal at {@code file} and loads its entries. */
  public static JobJournal open(Path file) {
    return open(file, UnaryOperator.identity());
  }

  /** As {@link #open(Path)}, writing through {@code wrap} of the file's channel. */
  static JobJournal open(Path file, UnaryOperator<FileChannel> wrap) {
    migrateUntyped(file);
    JobJournal journal = new JobJournal(LineJournal.open(NAME, file, new JobJournalCodec(), wrap));
    journal.lines.replayed().forEach(e -> journal.entries.put(Slot.of(e), e));
    return journal;
  }

  /** The update this node prepared for {@code round} of {@code jobId}, if it did. */
  public synchronized Optional<JobJournalEntry.Update> update(BigInteger jobId, long round) {
    return Optional.ofNullable(entries.get(new Slot(jobId, round, false)))
        .map(JobJournalEntry.Update.class::cast);
  }

  /** The aggregate this node prepared for {@code round} of {@code jobId}, if it did. */
  public synchronized Optional<JobJournalEntry.AggregatePrepared> aggregate(
      BigInteger jobId, long round) {
    return Optional.ofNullable(entries.get(new Slot(jobId, round, true)))
        .map(JobJournalEntry.AggregatePrepared.class::cast);
  }

  /**
   * Appends {@code entry} and fsyncs before returning. A write that fails (a full disk, an I/O
   * error) is cut back off before the exception is thrown, so the file still ends with the last
   * whole entry; if even that fails, the journal closes, so nothing is ever written after the torn
   * bytes (reopening drops them).
   */
  public synchronized void append(JobJournalEntry entry) {
    lines.append(entry);
    entries.put(Slot.of(entry), entry);
  }

  @Override
  public synchronized void close() {
    lines.close();
  }

  /** Where an entry lives: a node prepares at most one update and one aggregate per round. */
  private record Slot(BigInteger jobId, long round, boolean aggregate) {
    static Slot of(JobJournalEntry entry) {
      return new Slot(
          entry.jobId(), entry.round(), entry instanceof JobJournalEntry.AggregatePrepared);
    }
  }

  /**
   * Rewrites a journal of the first format (untyped JSON lines, no checksums) in this one: the
   * untyped lines are read as that format's reader did (a torn last line and unreadable lines
   * skipped, a later line for the same round winning), written to a sibling file, forced, and moved
   * over the old one in one step, so a crash leaves either journal whole.
   */
  private static void migrateUntyped(Path file) {
    try {
      if (!Files.isRegularFile(file) || Files.size(file) == 0) {
        return;
      }
      byte[] bytes = Files.readAllBytes(file);
      if (bytes[0] != '{') {
        return;
      }
      List<JobJournalEntry> entries = untypedEntries(file, bytes);
      Path next = file.resolveSibling(file.getFileName() + ".typed");
      Files.deleteIfExists(next);
      try (LineJournal<JobJournalEntry> typed =
          LineJournal.open(NAME, next, new JobJournalCodec(), UnaryOperator.identity())) {
        entries.forEach(typed::append);
      }
      Files.move(next, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      LOG.info("{} {}: rewrote {} untyped entries with checksums", NAME, file, entries.size());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot rewrite the untyped " + NAME + " " + file, e);
    }
  }

  private static List<JobJournalEntry> untypedEntries(Path file, byte[] bytes) {
    int complete = bytes.length;
    while (complete > 0 && bytes[complete - 1] != '\n') {
      complete--;
    }
    ObjectMapper mapper = new ObjectMapper();
    Map<Slot, JobJournalEntry> latest = new HashMap<>();
    List<Slot> order = new ArrayList<>();
    for (String line : new String(bytes, 0, complete, StandardCharsets.UTF_8).lines().toList()) {
      try {
        JobJournalEntry entry = JobJournalCodec.legacy(mapper.readTree(line));
        if (latest.put(Slot.of(entry), entry) == null) {
          order.add(Slot.of(entry));
        }
      } catch (IOException | IllegalArgumentException unreadable) {
        LOG.warn(
            "{} {}: skipping an unreadable untyped line ({})", NAME, file, unreadable.getMessage());
      }
    }
    return order.stream().map(latest::get).toList();
  }
}

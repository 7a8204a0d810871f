package network.deai.node.job;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.UnaryOperator;
import network.deai.node.domain.CanonicalJson;

/**
 * Write-ahead journal of a node's training-job work: one canonical JSON line per prepared
 * contribution (digests, salt, URI, and for aggregates the scores and flags), fsynced before the
 * commitment is signed, so a restarted node reveals exactly what it committed to and never signs a
 * second, different commitment for the same round. A torn last line (crash mid-write) is cut off on
 * open, and a failed append leaves the file as it was.
 */
public final class JobJournal implements AutoCloseable {
  private static final ObjectMapper MAPPER = new ObjectMapper();

  private final FileChannel channel;
  private final Map<String, ObjectNode> entries = new HashMap<>();

  private JobJournal(FileChannel channel) {
    this.channel = channel;
  }

  /** Opens (or creates) the journal at {@code file} and loads its entries. */
  public static JobJournal open(Path file) {
    return open(file, UnaryOperator.identity());
  }

  /** As {@link #open(Path)}, writing through {@code wrap} of the file's channel. */
  static JobJournal open(Path file, UnaryOperator<FileChannel> wrap) {
    try {
      Path parent = file.toAbsolutePath().getParent();
      if (parent != null) {
        Files.createDirectories(parent);
      }
      JobJournal journal =
          new JobJournal(
              wrap.apply(
                  FileChannel.open(
                      file,
                      StandardOpenOption.CREATE,
                      StandardOpenOption.WRITE,
                      StandardOpenOption.APPEND)));
      journal.load(file);
      return journal;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot open job journal " + file, e);
    }
  }

  /**
   * Reads the entries of {@code file}, first cutting off a torn last line (one without its newline:
   * a crash mid-write, whose commitment was never signed) so the next append starts a line of its
   * own instead of merging into it.
   */
  private void load(Path file) throws IOException {
    byte[] bytes = Files.readAllBytes(file);
    int complete = bytes.length;
    while (complete > 0 && bytes[complete - 1] != '\n') {
      complete--;
    }
    if (complete < bytes.length) {
      channel.truncate(complete);
      channel.force(true);
    }
    for (String line : new String(bytes, 0, complete, StandardCharsets.UTF_8).lines().toList()) {
      try {
        JsonNode node = MAPPER.readTree(line);
        if (node != null && node.isObject() && node.has("key")) {
          entries.put(node.path("key").asText(), (ObjectNode) node);
        }
      } catch (IOException unreadable) {
        // damaged from outside, or merged into a torn line by an older version: skipped as before
      }
    }
  }

  /** The key of a contribution: job, round and role. */
  public static String key(java.math.BigInteger jobId, long round, String role) {
    return jobId + "/" + round + "/" + role;
  }

  /** The entry under {@code key}, if one was written. */
  public synchronized Optional<ObjectNode> get(String key) {
    ObjectNode node = entries.get(key);
    return node == null ? Optional.empty() : Optional.of(node.deepCopy());
  }

  /**
   * Appends an entry (its {@code key} field names it) and fsyncs before returning. A write that
   * fails (a full disk, an I/O error) is cut back off before the exception is thrown, so the file
   * still ends with the last whole entry; if even that fails, the journal closes, so nothing is
   * ever written after the torn bytes (reopening drops them).
   */
  public synchronized void append(ObjectNode entry) {
    if (!entry.has("key")) {
      throw new IllegalArgumentException("journal entry needs a key");
    }
    byte[] line = CanonicalJson.canonicalize(entry);
    ByteBuffer buffer = ByteBuffer.allocate(line.length + 1);
    buffer.put(line).put((byte) '\n').flip();
    long end;
    try {
      end = channel.size();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write job journal", e);
    }
    try {
      while (buffer.hasRemaining()) {
        channel.write(buffer);
      }
      channel.force(true);
    } catch (IOException e) {
      throw new UncheckedIOException(
          "cannot write job journal; the entry was not recorded", undo(end, e));
    }
    entries.put(entry.path("key").asText(), entry.deepCopy());
  }

  /**
   * Cuts the file back to {@code end}, or closes the journal when it cannot; returns {@code
   * failure}.
   */
  private IOException undo(long end, IOException failure) {
    try {
      channel.truncate(end);
      channel.force(true);
    } catch (IOException e) {
      failure.addSuppressed(e);
      try {
        channel.close();
      } catch (IOException closing) {
        failure.addSuppressed(closing);
      }
    }
    return failure;
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

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
import network.deai.node.domain.CanonicalJson;

/**
 * Write-ahead journal of a node's training-job work: one canonical JSON line per prepared
 * contribution (digests, salt, URI, and for aggregates the scores and flags), fsynced before the
 * commitment is signed, so a restarted node reveals exactly what it committed to and never signs a
 * second, different commitment for the same round. A torn last line (crash mid-write) is ignored.
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
    try {
      Path parent = file.toAbsolutePath().getParent();
      if (parent != null) {
        Files.createDirectories(parent);
      }
      JobJournal journal =
          new JobJournal(
              FileChannel.open(
                  file,
                  StandardOpenOption.CREATE,
                  StandardOpenOption.WRITE,
                  StandardOpenOption.APPEND));
      for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
        try {
          JsonNode node = MAPPER.readTree(line);
          if (node != null && node.isObject() && node.has("key")) {
            journal.entries.put(node.path("key").asText(), (ObjectNode) node);
          }
        } catch (IOException torn) {
          // a line cut short by a crash: the commitment it belonged to was never signed
        }
      }
      return journal;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot open job journal " + file, e);
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

  /** Appends an entry (its {@code key} field names it) and fsyncs before returning. */
  public synchronized void append(ObjectNode entry) {
    if (!entry.has("key")) {
      throw new IllegalArgumentException("journal entry needs a key");
    }
    byte[] line = CanonicalJson.canonicalize(entry);
    ByteBuffer buffer = ByteBuffer.allocate(line.length + 1);
    buffer.put(line).put((byte) '\n').flip();
    try {
      while (buffer.hasRemaining()) {
        channel.write(buffer);
      }
      channel.force(true);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write job journal", e);
    }
    entries.put(entry.path("key").asText(), entry.deepCopy());
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

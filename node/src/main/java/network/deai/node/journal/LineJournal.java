package network.deai.node.journal;

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
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.function.UnaryOperator;
import java.util.zip.CRC32C;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An append-only file of typed entries, one line each: {@code <crc32c of the JSON, 8 hex digits>
 * <JSON object>\n}. {@link #append} returns only after the line is forced to the storage device; an
 * append that fails leaves the file as it was. On open, a torn last line (no newline or bad
 * checksum: a crash mid-write) is cut off and logged; damage anywhere else refuses to open, since
 * entries after it cannot be trusted.
 *
 * @param <E> the entries, turned into JSON objects and back by a {@link Codec}
 */
public final class LineJournal<E> implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(LineJournal.class);
  private static final ObjectMapper MAPPER = new ObjectMapper();

  /** Turns entries into JSON objects and back. */
  public interface Codec<E> {
    /** The JSON object that holds {@code entry}. */
    ObjectNode encode(E entry);

    /**
     * The entry {@code json} holds; throws {@link IllegalArgumentException} when it holds none (a
     * missing field, an unknown type).
     */
    E decode(JsonNode json);
  }

  private final String name;
  private final FileChannel channel;
  private final Codec<E> codec;
  private final List<E> replayed;

  private LineJournal(String name, FileChannel channel, Codec<E> codec, List<E> replayed) {
    this.name = name;
    this.channel = channel;
    this.codec = codec;
    this.replayed = replayed;
  }

  /**
   * Opens (creating if needed) the journal at {@code file}, writing through {@code wrap} of its
   * channel, and reads its entries; {@code name} (say, "job journal") begins its error messages.
   */
  public static <E> LineJournal<E> open(
      String name, Path file, Codec<E> codec, UnaryOperator<FileChannel> wrap) {
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
      try {
        List<E> entries = replay(name, file, channel, codec);
        channel.position(channel.size());
        return new LineJournal<>(name, channel, codec, List.copyOf(entries));
      } catch (IOException | RuntimeException e) {
        channel.close();
        throw e;
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot open " + name + " " + file, e);
    }
  }

  private static <E> List<E> replay(String name, Path file, FileChannel channel, Codec<E> codec)
      throws IOException {
    byte[] bytes = Files.readAllBytes(file);
    List<E> entries = new ArrayList<>();
    int start = 0;
    while (start < bytes.length) {
      int end = indexOf(bytes, (byte) '\n', start);
      String line =
          new String(bytes, start, (end < 0 ? bytes.length : end) - start, StandardCharsets.UTF_8);
      try {
        if (end < 0) {
          throw new IOException("no newline");
        }
        entries.add(decode(line, codec));
      } catch (IOException e) {
        if (end >= 0 && end + 1 < bytes.length) {
          throw new IOException(
              name
                  + " "
                  + file
                  + " is damaged at byte "
                  + start
                  + " ("
                  + e.getMessage()
                  + "); entries after it cannot be trusted: restore it or move it aside",
              e);
        }
        LOG.warn(
            "{} {}: dropping torn last entry at byte {} ({})", name, file, start, e.getMessage());
        channel.truncate(start);
        channel.force(true);
        break;
      }
      start = end + 1;
    }
    return entries;
  }

  /** Decodes one line without its newline; throws IOException when it is damaged. */
  private static <E> E decode(String line, Codec<E> codec) throws IOException {
    int space = line.indexOf(' ');
    if (space != 8 || !line.substring(0, 8).equals(checksum(line.substring(9)))) {
      throw new IOException("checksum mismatch");
    }
    try {
      return codec.decode(MAPPER.readTree(line.substring(9)));
    } catch (IllegalArgumentException e) {
      throw new IOException(e.getMessage(), e);
    }
  }

  private static int indexOf(byte[] bytes, byte b, int from) {
    for (int i = from; i < bytes.length; i++) {
      if (bytes[i] == b) {
        return i;
      }
    }
    return -1;
  }

  /** The line that holds JSON {@code body}: its checksum, the body and a newline. */
  private static byte[] line(String body) {
    return (checksum(body) + " " + body + "\n").getBytes(StandardCharsets.UTF_8);
  }

  private static String checksum(String body) {
    CRC32C crc = new CRC32C();
    crc.update(body.getBytes(StandardCharsets.UTF_8));
    return HexFormat.of().toHexDigits((int) crc.getValue());
  }

  /** The entries the file held when it was opened, in order. */
  public List<E> replayed() {
    return replayed;
  }

  /**
   * Appends {@code entry} and forces it to disk before returning. A write that fails (a full disk,
   * an I/O error) is cut back off before the exception is thrown, so the file still ends with the
   * last whole entry and a later append lands after it; if even that fails, the journal closes, so
   * nothing is ever written after the torn bytes (reopening drops them).
   */
  public synchronized void append(E entry) {
    ByteBuffer buffer = ByteBuffer.wrap(line(codec.encode(entry).toString()));
    long end;
    try {
      end = channel.position();
    } catch (IOException e) {
      throw new UncheckedIOException(name + " write failed", e);
    }
    try {
      while (buffer.hasRemaining()) {
        channel.write(buffer);
      }
      channel.force(false);
    } catch (IOException e) {
      throw new UncheckedIOException(
          name + " write failed; the entry was not recorded", undo(end, e));
    }
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
      LOG.error("{}: cannot cut a failed write back off ({}); closing it", name, e.getMessage());
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

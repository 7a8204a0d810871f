package network.deai.node.exec;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Optional;
import java.util.regex.Pattern;
import network.deai.contracts.abi.Bytes32;
import network.deai.contracts.crypto.Hashes;

/**
 * Content-addressed blobs on disk: a blob's file name is the hex of its SHA-256, computed here, so
 * no path is ever built from an untrusted name. Writes go to a temporary file that is synced and
 * atomically renamed.
 */
public final class ArtifactStore {
  private static final Pattern HEX = Pattern.compile("[0-9a-f]{64}");

  private final Path directory;

  /** A store in {@code directory}, created if missing. */
  public ArtifactStore(Path directory) {
    try {
      this.directory = Files.createDirectories(directory);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create artifact directory " + directory, e);
    }
  }

  /** Stores {@code bytes} and returns their digest. */
  public Bytes32 put(byte[] bytes) {
    Bytes32 digest = Hashes.sha256(bytes);
    Path target = directory.resolve(hex(digest));
    if (Files.exists(target)) {
      return digest;
    }
    try {
      Path tmp = Files.createTempFile(directory, "incoming-", ".tmp");
      try (var channel =
          java.nio.channels.FileChannel.open(tmp, java.nio.file.StandardOpenOption.WRITE)) {
        java.nio.ByteBuffer buffer = java.nio.ByteBuffer.wrap(bytes);
        while (buffer.hasRemaining()) {
          channel.write(buffer);
        }
        channel.force(true);
      }
      Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      return digest;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot store artifact " + digest, e);
    }
  }

  /** The blob with {@code digest}, if stored. */
  public Optional<byte[]> get(Bytes32 digest) {
    Path file = directory.resolve(hex(digest));
    try {
      return Files.exists(file) ? Optional.of(Files.readAllBytes(file)) : Optional.empty();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read artifact " + digest, e);
    }
  }

  /** The file of a stored blob named by untrusted hex text; empty unless it is 64 hex digits. */
  public Optional<Path> file(String untrustedHex) {
    if (!HEX.matcher(untrustedHex).matches()) {
      return Optional.empty();
    }
    Path file = directory.resolve(untrustedHex);
    return Files.isRegularFile(file) ? Optional.of(file) : Optional.empty();
  }

  /** Lower-case hex without prefix: the blob's file name and URI path segment. */
  public static String hex(Bytes32 digest) {
    return digest.toHex().substring(2);
  }
}

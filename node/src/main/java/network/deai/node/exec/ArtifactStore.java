package network.deai.node.exec;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.InstantSource;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import network.deai.contracts.abi.Bytes32;
import network.deai.contracts.crypto.Hashes;

/**
 * Content-addressed blobs on disk: a blob's file name is the hex of its SHA-256, computed here, so
 * no path is ever built from an untrusted name. Writes go to a temporary file in the store's
 * directory that is synced and atomically renamed.
 *
 * <p>A blob's modification time is its last access: every read and write refreshes it, and {@link
 * #sweep()} deletes blobs not accessed within {@link Limits#retention()} unless they are pinned.
 * {@link Limits#quotaBytes()} bounds what untrusted uploads may {@link #reserve}; the node's own
 * results and fetched inputs are always stored, but count against it.
 */
public final class ArtifactStore implements ResultStore {
  private static final Pattern HEX = Pattern.compile("[0-9a-f]{64}");
  private static final String TEMPORARY_PREFIX = "incoming-";
  private static final Duration TEMPORARY_RETENTION = Duration.ofHours(1);

  /**
   * How much untrusted uploads may fill, and how long an unpinned blob outlives its last access.
   */
  public record Limits(long quotaBytes, Duration retention) {
    /** Checks both are positive. */
    public Limits {
      if (quotaBytes <= 0 || retention.isNegative() || retention.isZero()) {
        throw new IllegalArgumentException("quota and retention must be positive");
      }
    }

    /** No quota and blobs kept for ten years: stores of requesters, auditors and tests. */
    public static Limits unbounded() {
      return new Limits(Long.MAX_VALUE, Duration.ofDays(3650));
    }
  }

  private final Path directory;
  private final Limits limits;
  private final InstantSource clock;
  private final AtomicLong usedBytes;
  private final Map<String, Integer> pins = new ConcurrentHashMap<>();

  /** A store in {@code directory}, created if missing, without quota or collection. */
  public ArtifactStore(Path directory) {
    this(directory, Limits.unbounded(), InstantSource.system());
  }

  /** A store in {@code directory}, created if missing, with {@code limits}. */
  public ArtifactStore(Path directory, Limits limits, InstantSource clock) {
    this.directory = createDirectories(directory);
    this.limits = limits;
    this.clock = clock;
    this.usedBytes = new AtomicLong(sizeOf(this.directory));
  }

  private static Path createDirectories(Path directory) {
    try {
      return Files.createDirectories(directory);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create artifact directory " + directory, e);
    }
  }

  private static long sizeOf(Path directory) {
    try (Stream<Path> files = Files.list(directory)) {
      return files.filter(Files::isRegularFile).mapToLong(ArtifactStore::size).sum();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list artifact directory " + directory, e);
    }
  }

  private static long size(Path file) {
    try {
      return Files.size(file);
    } catch (IOException e) {
      return 0; // deleted meanwhile
    }
  }

  /** Stores {@code bytes} and returns their digest; not subject to the quota. */
  @Override
  public Bytes32 put(byte[] bytes) {
    Bytes32 digest = Hashes.sha256(bytes);
    if (touch(hex(digest))) {
      return digest;
    }
    Path tmp = newTemporaryFile();
    try (FileChannel channel = FileChannel.open(tmp, StandardOpenOption.WRITE)) {
      ByteBuffer buffer = ByteBuffer.wrap(bytes);
      while (buffer.hasRemaining()) {
        channel.write(buffer);
      }
    } catch (IOException e) {
      discard(tmp, 0);
      throw new UncheckedIOException("cannot store artifact " + digest, e);
    }
    usedBytes.addAndGet(bytes.length);
    return commit(tmp, digest, bytes.length);
  }

  /** A new empty temporary file in the store's directory, for {@link #commit}. */
  public Path newTemporaryFile() {
    try {
      return Files.createTempFile(directory, TEMPORARY_PREFIX, ".tmp");
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create a file in " + directory, e);
    }
  }

  /** Reserves {@code bytes} of the quota for an upload; false (nothing reserved) if over it. */
  public boolean reserve(long bytes) {
    long after = usedBytes.addAndGet(bytes);
    if (after > limits.quotaBytes() || after < 0) {
      usedBytes.addAndGet(-bytes);
      return false;
    }
    return true;
  }

  /** Deletes a temporary file and returns its {@code reservedBytes} to the quota. */
  public void discard(Path temporary, long reservedBytes) {
    usedBytes.addAndGet(-reservedBytes);
    try {
      Files.deleteIfExists(temporary);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot delete " + temporary, e);
    }
  }

  /**
   * Syncs {@code temporary} (whose {@code size} bytes are reserved and hash to {@code digest}) and
   * moves it into place; if the blob is already stored, deletes it and releases the reservation.
   */
  public Bytes32 commit(Path temporary, Bytes32 digest, long size) {
    if (touch(hex(digest))) {
      discard(temporary, size);
      return digest;
    }
    try {
      try (FileChannel channel = FileChannel.open(temporary, StandardOpenOption.WRITE)) {
        channel.force(true);
      }
      Files.setLastModifiedTime(temporary, FileTime.from(clock.instant()));
      Files.move(
          temporary,
          directory.resolve(hex(digest)),
          StandardCopyOption.ATOMIC_MOVE,
          StandardCopyOption.REPLACE_EXISTING);
      return digest;
    } catch (IOException e) {
      discard(temporary, size);
      throw new UncheckedIOException("cannot store artifact " + digest, e);
    }
  }

  /** The blob with {@code digest}, if stored; reading it counts as an access. */
  public Optional<byte[]> get(Bytes32 digest) {
    Path file = directory.resolve(hex(digest));
    try {
      return touch(hex(digest)) ? Optional.of(Files.readAllBytes(file)) : Optional.empty();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read artifact " + digest, e);
    }
  }

  /**
   * The file of a stored blob named by untrusted hex text, counted as an access; empty unless it is
   * 64 hex digits.
   */
  public Optional<Path> file(String untrustedHex) {
    if (!HEX.matcher(untrustedHex).matches()) {
      return Optional.empty();
    }
    return touch(untrustedHex) ? Optional.of(directory.resolve(untrustedHex)) : Optional.empty();
  }

  /** Keeps the blob {@code digest} from collection until as many {@link #unpin} calls. */
  public void pin(Bytes32 digest) {
    pins.merge(hex(digest), 1, Integer::sum);
  }

  /** Undoes one {@link #pin}; the blob is then collected once idle for the retention time. */
  public void unpin(Bytes32 digest) {
    pins.computeIfPresent(hex(digest), (key, count) -> count > 1 ? count - 1 : null);
  }

  /** Bytes on disk, blobs and uploads in progress. */
  public long usedBytes() {
    return usedBytes.get();
  }

  /**
   * Deletes unpinned blobs not read or written within the retention time, and temporary files left
   * by a crash; returns how many blobs it deleted. Blocks on the file system.
   */
  public int sweep() {
    long now = clock.millis();
    int deleted = 0;
    try (Stream<Path> files = Files.list(directory)) {
      for (Path file : (Iterable<Path>) files::iterator) {
        String name = file.getFileName().toString();
        boolean blob = HEX.matcher(name).matches();
        long keepMillis = blob ? limits.retention().toMillis() : TEMPORARY_RETENTION.toMillis();
        if ((blob && pins.containsKey(name)) || (!blob && !name.startsWith(TEMPORARY_PREFIX))) {
          continue;
        }
        if (now - Files.getLastModifiedTime(file).toMillis() > keepMillis) {
          long size = size(file);
          if (Files.deleteIfExists(file)) {
            usedBytes.addAndGet(-size);
            deleted += blob ? 1 : 0;
          }
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot sweep " + directory, e);
    }
    return deleted;
  }

  /** Refreshes a stored blob's access time; false if it is not stored. */
  private boolean touch(String hex) {
    Path file = directory.resolve(hex);
    try {
      Files.setLastModifiedTime(file, FileTime.from(clock.instant()));
      return true;
    } catch (java.nio.file.NoSuchFileException e) {
      return false;
    } catch (IOException e) {
      return Files.isRegularFile(file);
    }
  }

  /** Lower-case hex without prefix: the blob's file name and URI path segment. */
  public static String hex(Bytes32 digest) {
    return digest.toHex().substring(2);
  }
}

package network.deai.node.chain;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.HashMap;
import java.util.Map;

/**
 * An exclusive lock on a directory, held through an open {@code lock} file for as long as this
 * object is open: no two processes hold it at once, so two nodes (or a node and a command-line
 * tool) never both own the nonces of one key. The operating system releases it when the process
 * dies, so a crash leaves no stale lock.
 *
 * <p>File locks belong to the process, and closing any channel on a locked file drops the lock
 * (POSIX), so this class keeps one process-wide table of the locks it holds: that table is the one
 * piece of static mutable state here, and it only mirrors what the operating system holds.
 */
public final class DataDirectoryLock implements AutoCloseable {
  private static final String FILE_NAME = "lock";
  private static final Map<Path, Held> HELD = new HashMap<>();

  private final Path dir;
  private boolean open = true;

  private record Held(FileChannel channel, FileLock lock, int users) {}

  private DataDirectoryLock(Path dir) {
    this.dir = dir;
  }

  /**
   * Locks {@code dir} (created if missing); fails with a one-line message when another process, or
   * another holder in this process, has it.
   */
  public static DataDirectoryLock acquire(Path dir) {
    return acquire(dir, false);
  }

  /**
   * Locks {@code dir}; with {@code shareWithinProcess}, a lock this process already holds is shared
   * (commands that open a sender, use it and drop it, one after another), and only other processes
   * are refused.
   */
  public static DataDirectoryLock acquire(Path dir, boolean shareWithinProcess) {
    try {
      Files.createDirectories(dir);
      Path key = dir.toRealPath();
      synchronized (HELD) {
        Held held = HELD.get(key);
        if (held != null) {
          if (!shareWithinProcess) {
            throw new IllegalStateException(
                key + " is already in use by this process: one node per data directory");
          }
          HELD.put(key, new Held(held.channel(), held.lock(), held.users() + 1));
          return new DataDirectoryLock(key);
        }
        HELD.put(key, lock(key));
        return new DataDirectoryLock(key);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot lock " + dir, e);
    }
  }

  private static Held lock(Path dir) throws IOException {
    Path file = dir.resolve(FILE_NAME);
    FileChannel channel =
        FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
    FileLock lock = channel.tryLock();
    if (lock == null) {
      channel.close();
      throw new IllegalStateException(
          dir
              + " is in use by another process ("
              + holder(file)
              + "): two nodes must never run one key; stop the other one first");
    }
    channel.truncate(0);
    channel.write(
        ByteBuffer.wrap(
            ("pid " + ProcessHandle.current().pid() + "\n").getBytes(StandardCharsets.US_ASCII)));
    channel.force(true);
    return new Held(channel, lock, 1);
  }

  private static String holder(Path file) {
    try {
      String text = Files.readString(file, StandardCharsets.US_ASCII).strip();
      return text.isEmpty() ? "pid unknown" : text;
    } catch (IOException e) {
      return "pid unknown";
    }
  }

  /** The locked directory. */
  public Path directory() {
    return dir;
  }

  /**
   * Releases this holder's share; the file lock goes when the last holder in the process closes.
   */
  @Override
  public void close() {
    synchronized (HELD) {
      if (!open) {
        return;
      }
      open = false;
      Held held = HELD.get(dir);
      if (held == null) {
        return;
      }
      if (held.users() > 1) {
        HELD.put(dir, new Held(held.channel(), held.lock(), held.users() - 1));
        return;
      }
      HELD.remove(dir);
      try {
        held.channel().close(); // releases the lock
      } catch (IOException e) {
        throw new UncheckedIOException("cannot release " + dir, e);
      }
    }
  }
}

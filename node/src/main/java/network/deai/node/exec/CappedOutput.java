package network.deai.node.exec;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;

/** A process's standard output, read up to a cap: the node never holds more than the cap. */
final class CappedOutput {
  private final byte[] bytes;
  private final boolean overflowed;

  private CappedOutput(byte[] bytes, boolean overflowed) {
    this.bytes = bytes;
    this.overflowed = overflowed;
  }

  /**
   * Reads {@code process}'s standard output to its end, or until it exceeds {@code limit} bytes:
   * then runs {@code onOverflow} (which kills the process) at once and stops reading.
   */
  static CappedOutput read(Process process, int limit, Runnable onOverflow) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    byte[] buffer = new byte[8192];
    try (InputStream stdout = process.getInputStream()) {
      for (int n = stdout.read(buffer); n != -1; n = stdout.read(buffer)) {
        if (bytes.size() + (long) n > limit) {
          onOverflow.run();
          return new CappedOutput(bytes.toByteArray(), true);
        }
        bytes.write(buffer, 0, n);
      }
    } catch (IOException e) {
      // The pipe closed under the reader: the process is gone, and its exit status tells why.
    }
    return new CappedOutput(bytes.toByteArray(), false);
  }

  /** What was read: all of the output unless it {@link #overflowed()}. */
  byte[] bytes() {
    return bytes.clone();
  }

  /** Whether the process wrote more than the cap. */
  boolean overflowed() {
    return overflowed;
  }
}

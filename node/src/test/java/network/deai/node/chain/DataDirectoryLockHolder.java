package network.deai.node.chain;

import java.io.IOException;
import java.nio.file.Path;

/** Holds the lock on {@code args[0]} in its own JVM until its standard input closes. */
final class DataDirectoryLockHolder {
  private DataDirectoryLockHolder() {}

  public static void main(String[] args) throws IOException {
    try (DataDirectoryLock lock = DataDirectoryLock.acquire(Path.of(args[0]))) {
      System.out.println("locked " + lock.directory());
      System.out.flush();
      while (System.in.read() >= 0) {
        // wait for the test to close our input
      }
    }
  }
}

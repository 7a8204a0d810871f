package network.deai.node.exec;

import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermissions;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The fresh, private directory one process run works in, and its removal afterwards. */
final class WorkDirectory {
  private static final Logger LOG = LoggerFactory.getLogger(WorkDirectory.class);

  private WorkDirectory() {}

  /** A new empty directory that only this user can enter. */
  static Path create() throws IOException {
    return Files.createTempDirectory("deai-process-");
  }

  /**
   * Deletes {@code directory} and everything in it, parts the command made unreadable or read-only
   * included; symbolic links are removed, never followed. Logs what cannot be deleted.
   */
  static void delete(@Nullable Path directory) {
    if (directory == null) {
      return;
    }
    try {
      Files.walkFileTree(directory, new Deleter());
    } catch (IOException e) {
      LOG.warn("cannot delete the work directory {}: {}", directory, e.toString());
    }
  }

  private static final class Deleter extends SimpleFileVisitor<Path> {
    @Override
    public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attributes)
        throws IOException {
      Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx------"));
      return FileVisitResult.CONTINUE;
    }

    @Override
    public FileVisitResult visitFile(Path file, BasicFileAttributes attributes) throws IOException {
      Files.delete(file);
      return FileVisitResult.CONTINUE;
    }

    @Override
    public FileVisitResult postVisitDirectory(Path dir, @Nullable IOException e)
        throws IOException {
      if (e != null) {
        throw e;
      }
      Files.delete(dir);
      return FileVisitResult.CONTINUE;
    }
  }
}

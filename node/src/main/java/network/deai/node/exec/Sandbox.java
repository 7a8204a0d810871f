package network.deai.node.exec;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Builds bubblewrap ({@code bwrap}) command lines that run a process command in its own user,
 * mount, PID, network, IPC and UTS namespaces, with no network at all and a filesystem made of the
 * system's programs and libraries (read-only), a few files from {@code /etc} (read-only), the paths
 * the command names (read-only), fresh {@code /proc}, {@code /dev} and {@code /tmp}, and its work
 * directory (the only writable place that outlives {@code /tmp}). The node's working directory,
 * data directory, keystore and home directory are not there. The sandbox dies with the node ({@code
 * --die-with-parent}), and everything in it dies with the command's first process.
 */
public final class Sandbox {
  private static final Logger LOG = LoggerFactory.getLogger(Sandbox.class);
  private static final List<String> SYSTEM_DIRECTORIES =
      List.of("/usr", "/bin", "/sbin", "/lib", "/lib32", "/lib64", "/libx32");
  private static final List<String> ETC_ENTRIES =
      List.of(
          "alternatives",
          "ld.so.cache",
          "ld.so.conf",
          "ld.so.conf.d",
          "localtime",
          "passwd",
          "group",
          "nsswitch.conf",
          "ssl",
          "ca-certificates",
          "mime.types");
  private static final List<String> NAMESPACES =
      List.of("--unshare-all", "--die-with-parent", "--new-session");

  private final Path bwrap;

  private Sandbox(Path bwrap) {
    this.bwrap = bwrap;
  }

  /**
   * The sandbox of this machine: {@code bwrap} found on the {@code PATH} of {@code environment} and
   * able to create the namespaces it needs (it cannot in some containers), or empty.
   */
  public static Optional<Sandbox> detect(Map<String, String> environment) {
    String path = environment.getOrDefault("PATH", ProcessExecutor.DEFAULT_PATH);
    Optional<Path> bwrap =
        Stream.of(path.split(":"))
            .filter(dir -> !dir.isEmpty())
            .map(dir -> Path.of(dir, "bwrap"))
            .filter(Files::isExecutable)
            .findFirst();
    if (bwrap.isEmpty()) {
      LOG.warn("bwrap is not on PATH: process commands run without a sandbox");
      return Optional.empty();
    }
    if (!works(bwrap.get())) {
      LOG.warn("{} cannot create namespaces here: process commands run without a sandbox", bwrap);
      return Optional.empty();
    }
    LOG.info("process commands run in a bubblewrap sandbox ({})", bwrap.get());
    return Optional.of(new Sandbox(bwrap.get()));
  }

  private static boolean works(Path bwrap) {
    List<String> probe = new ArrayList<>(List.of(bwrap.toString()));
    probe.addAll(NAMESPACES);
    probe.addAll(List.of("--ro-bind", "/", "/", "true"));
    try {
      Process process =
          new ProcessBuilder(probe)
              .redirectOutput(ProcessBuilder.Redirect.DISCARD)
              .redirectError(ProcessBuilder.Redirect.DISCARD)
              .start();
      if (!process.waitFor(10, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        return false;
      }
      return process.exitValue() == 0;
    } catch (IOException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  /**
   * The command line that runs {@code argv} in the sandbox, in {@code workDir} (bound read-write),
   * with {@code readOnly} bound read-only at the same paths.
   */
  List<String> wrap(List<String> argv, Path workDir, List<Path> readOnly) {
    List<String> line = new ArrayList<>(List.of(bwrap.toString()));
    line.addAll(NAMESPACES);
    SYSTEM_DIRECTORIES.forEach(dir -> line.addAll(List.of("--ro-bind-try", dir, dir)));
    etcEntries().forEach(entry -> line.addAll(List.of("--ro-bind-try", entry, entry)));
    line.addAll(List.of("--proc", "/proc", "--dev", "/dev", "--tmpfs", "/tmp"));
    readOnly.forEach(path -> line.addAll(List.of("--ro-bind", path.toString(), path.toString())));
    line.addAll(List.of("--bind", workDir.toString(), workDir.toString()));
    line.addAll(List.of("--chdir", workDir.toString(), "--"));
    line.addAll(argv);
    return line;
  }

  /** The {@code /etc} files that programs and language runtimes read; never all of it. */
  private static List<String> etcEntries() {
    List<String> entries = new ArrayList<>();
    ETC_ENTRIES.forEach(name -> entries.add("/etc/" + name));
    try (Stream<Path> etc = Files.list(Path.of("/etc"))) {
      etc.map(path -> path.getFileName().toString())
          .filter(name -> name.startsWith("java-") || name.startsWith("python"))
          .forEach(name -> entries.add("/etc/" + name));
    } catch (IOException e) {
      // No /etc to list: the fixed entries are bound where they exist.
    }
    return entries;
  }
}

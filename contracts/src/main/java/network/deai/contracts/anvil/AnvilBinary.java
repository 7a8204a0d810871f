package network.deai.contracts.anvil;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Optional;

/**
 * Finds the anvil executable: the {@code deai.anvil} system property, the {@code DEAI_ANVIL}
 * environment variable, the npm-installed platform binary under some parent directory's {@code
 * contracts/node_modules}, then {@code anvil} on the PATH.
 */
public final class AnvilBinary {
  private AnvilBinary() {}

  /** Returns the path of an anvil executable or throws with a message that says how to get one. */
  public static Path locate() {
    String configured = System.getProperty("deai.anvil", System.getenv("DEAI_ANVIL"));
    if (configured != null && !configured.isBlank()) {
      return requireExecutable(Path.of(configured));
    }
    Optional<Path> fromNpm = fromNodeModules(Path.of("").toAbsolutePath());
    if (fromNpm.isPresent()) {
      return fromNpm.get();
    }
    String home = System.getProperty("deai.home");
    if (home != null && !home.isBlank()) {
      fromNpm = fromNodeModules(Path.of(home).toAbsolutePath());
      if (fromNpm.isPresent()) {
        return fromNpm.get();
      }
    }
    String pathVar = System.getenv("PATH");
    for (String dir : (pathVar == null ? "" : pathVar).split(java.io.File.pathSeparator, -1)) {
      Path candidate = Path.of(dir.isEmpty() ? "." : dir, "anvil");
      if (Files.isExecutable(candidate)) {
        return candidate;
      }
    }
    throw new IllegalStateException(
        "anvil not found: run './mvnw -pl contracts initialize' (installs it with npm into"
            + " contracts/node_modules), or set DEAI_ANVIL to an anvil executable");
  }

  static Optional<Path> fromNodeModules(Path start) {
    String platform = platformPackage();
    for (Path dir = start; dir != null; dir = dir.getParent()) {
      for (Path base : new Path[] {dir, dir.resolve("contracts")}) {
        Path candidate =
            base.resolve("node_modules/@foundry-rs").resolve(platform).resolve("bin/anvil");
        if (Files.isExecutable(candidate)) {
          return Optional.of(candidate);
        }
      }
    }
    return Optional.empty();
  }

  private static String platformPackage() {
    String os = System.getProperty("os.name", "").toLowerCase(Locale.ROOT);
    String arch = System.getProperty("os.arch", "").toLowerCase(Locale.ROOT);
    String osPart = os.contains("mac") ? "darwin" : os.contains("win") ? "win32" : "linux";
    String archPart = arch.contains("aarch64") || arch.contains("arm64") ? "arm64" : "amd64";
    return "anvil-" + osPart + "-" + archPart;
  }

  private static Path requireExecutable(Path path) {
    if (!Files.isExecutable(path)) {
      throw new IllegalStateException("anvil at " + path + " is not an executable file");
    }
    return path;
  }
}

package network.deai.node.app;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Where a client command ({@code deai task submit}, {@code deai chain fund}, ...) keeps the state
 * of the keys it signs with, one folder per address holding its pending-transaction outbox: {@code
 * --data-dir}, else {@code $DEAI_DATA_DIR}, else {@code ~/.deai/data}, so that running a command
 * never litters the working directory. A folder an earlier version left in the working directory
 * ({@code requester-data}, {@code fund-outbox}) is kept in use, with a {@link #note} saying so,
 * because it may hold a transaction still pending.
 *
 * @param path the chosen directory
 * @param note one line for the user when {@code path} is the earlier version's folder, else null
 */
record ClientDataDir(Path path, @Nullable String note) {
  /** What --help says about the default. */
  static final String DEFAULT_DESCRIPTION = "$DEAI_DATA_DIR, else ~/.deai/data";

  /** Chooses for this process: its environment, home and working directory. */
  static ClientDataDir choose(@Nullable Path given, String legacyName) {
    return choose(
        given,
        System.getenv(),
        Path.of(System.getProperty("user.home", "")),
        Path.of("").toAbsolutePath(),
        legacyName);
  }

  /**
   * Chooses from {@code given} (the option), {@code env}, {@code home} and the working directory
   * {@code cwd}, where an earlier version wrote {@code legacyName}.
   */
  static ClientDataDir choose(
      @Nullable Path given, Map<String, String> env, Path home, Path cwd, String legacyName) {
    if (given != null) {
      return new ClientDataDir(given, null);
    }
    String variable = env.get("DEAI_DATA_DIR");
    if (variable != null && !variable.isBlank()) {
      return new ClientDataDir(Path.of(variable), null);
    }
    Path standard = home.resolve(".deai").resolve("data");
    Path legacy = cwd.resolve(legacyName);
    if (Files.isDirectory(legacy)) {
      return new ClientDataDir(
          legacy,
          "using "
              + legacy
              + " left in the working directory by an earlier version; move it to "
              + standard
              + " or pass --data-dir to stop this note");
    }
    return new ClientDataDir(standard, null);
  }

  /** Whether this is the folder an earlier version left in the working directory. */
  boolean legacy() {
    return note != null;
  }

  /** {@link #path}, after printing the note, if any, on standard error. */
  Path announced() {
    if (note != null) {
      System.err.println("deai: " + note);
    }
    return path;
  }

  /** The outbox of the key with {@code address}; prints the note first, if any. */
  Path outbox(String address) {
    return announced().resolve(address.toLowerCase(Locale.ROOT)).resolve("outbox");
  }
}

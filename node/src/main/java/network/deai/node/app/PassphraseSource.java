package network.deai.node.app;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Where a keystore passphrase comes from: a file (first line) or the {@code DEAI_PASSPHRASE}
 * environment variable. Never a command-line flag, which would leak into shell history and process
 * listings.
 */
final class PassphraseSource {
  static final String ENV = "DEAI_PASSPHRASE";

  private PassphraseSource() {}

  static String resolve(@Nullable Path file, Map<String, String> env) {
    if (file != null) {
      try {
        String text = Files.readString(file, StandardCharsets.UTF_8);
        int newline = text.indexOf('\n');
        return newline < 0 ? text : text.substring(0, newline).replace("\r", "");
      } catch (IOException e) {
        throw new UncheckedIOException("cannot read passphrase file " + file, e);
      }
    }
    String fromEnv = env.get(ENV);
    if (fromEnv == null || fromEnv.isEmpty()) {
      throw new IllegalArgumentException(
          "no passphrase: pass --passphrase-file <file> or set " + ENV);
    }
    return fromEnv;
  }
}

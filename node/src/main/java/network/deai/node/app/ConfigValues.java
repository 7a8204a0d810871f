package network.deai.node.app;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigInteger;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * A node's configuration values from a file with {@code DEAI_<KEY>} environment overrides, and
 * typed, checked accessors whose errors name the key, what is expected and where it came from. A
 * relative path written in the file is relative to {@code base}, the file's directory (null without
 * a file); one from the environment or a default is relative to the working directory.
 */
record ConfigValues(
    Map<String, JsonNode> file, Map<String, String> env, String source, @Nullable Path base) {

  @Nullable String raw(String key) {
    String fromEnv = env.get("DEAI_" + key.toUpperCase(Locale.ROOT));
    if (fromEnv != null && !fromEnv.isEmpty()) {
      return fromEnv;
    }
    JsonNode node = file.get(key);
    return node == null || node.isNull() ? null : node.asText();
  }

  String text(String key, @Nullable String fallback) {
    String value = raw(key);
    if (value == null) {
      if (fallback == null) {
        throw missing(key);
      }
      return fallback;
    }
    return value;
  }

  @Nullable String optionalText(String key) {
    return raw(key);
  }

  @Nullable Path optionalPath(String key) {
    String fromEnv = env.get("DEAI_" + key.toUpperCase(Locale.ROOT));
    if (fromEnv != null && !fromEnv.isEmpty()) {
      return Path.of(fromEnv);
    }
    JsonNode node = file.get(key);
    if (node == null || node.isNull()) {
      return null;
    }
    Path path = Path.of(node.asText());
    return base == null ? path : base.resolve(path);
  }

  Path path(String key, @Nullable String fallback) {
    Path path = optionalPath(key);
    if (path != null) {
      return path;
    }
    if (fallback == null) {
      throw missing(key);
    }
    return Path.of(fallback);
  }

  long number(String key, @Nullable Long fallback, long min, long max) {
    String value = raw(key);
    if (value == null) {
      if (fallback == null) {
        throw missing(key);
      }
      return fallback;
    }
    try {
      long parsed = Long.parseLong(value.strip());
      if (parsed < min || parsed > max) {
        throw new NumberFormatException();
      }
      return parsed;
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(
          key
              + " must be an integer in "
              + min
              + ".."
              + max
              + ", got '"
              + value
              + "' ("
              + source
              + ")");
    }
  }

  @Nullable String optionalAddress(String key) {
    return raw(key) == null ? null : address(key);
  }

  String choice(String key, String fallback, String... allowed) {
    String value = text(key, fallback).toLowerCase(Locale.ROOT);
    if (!List.of(allowed).contains(value)) {
      throw new IllegalArgumentException(
          source + ": " + key + " must be one of " + List.of(allowed) + ", got '" + value + "'");
    }
    return value;
  }

  String address(String key) {
    String value = text(key, null);
    if (!value.matches("0x[0-9a-fA-F]{40}")) {
      throw new IllegalArgumentException(
          key + " must be a 0x-prefixed 20-byte hex address, got '" + value + "' (" + source + ")");
    }
    return value;
  }

  IllegalArgumentException missing(String key) {
    return new IllegalArgumentException(
        "missing "
            + key
            + ": set it in the config file or as DEAI_"
            + key.toUpperCase(Locale.ROOT)
            + " ("
            + source
            + ")");
  }

  /**
   * A list of names: a TOML array in the file, or comma-separated in the environment; {@code
   * fallback} when neither sets it.
   */
  List<String> names(String key, List<String> fallback) {
    String fromEnv = env.get("DEAI_" + key.toUpperCase(Locale.ROOT));
    if (fromEnv != null && !fromEnv.isBlank()) {
      return List.of(fromEnv.strip().split("\\s*,\\s*"));
    }
    JsonNode node = file.get(key);
    if (node == null || node.isNull()) {
      return fallback;
    }
    if (!node.isArray()) {
      throw new IllegalArgumentException(
          key + " must be an array of names, got '" + node.asText() + "' (" + source + ")");
    }
    List<String> names = new ArrayList<>();
    node.forEach(element -> names.add(element.asText()));
    return List.copyOf(names);
  }

  /** A non-negative amount of wei that fits a uint128; {@code fallback} when unset. */
  BigInteger wei(String key, BigInteger fallback) {
    String value = raw(key);
    if (value == null) {
      return fallback;
    }
    try {
      BigInteger parsed = new BigInteger(value.strip());
      if (parsed.signum() < 0 || parsed.bitLength() > 128) {
        throw new NumberFormatException();
      }
      return parsed;
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(
          key
              + " must be a whole number of wei in 0..2^128-1, got '"
              + value
              + "' ("
              + source
              + ")");
    }
  }
}

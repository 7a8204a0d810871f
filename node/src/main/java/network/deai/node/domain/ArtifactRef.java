package network.deai.node.domain;

import java.util.regex.Pattern;
import network.deai.contracts.abi.Bytes32;

/**
 * A content-addressed artifact: its SHA-256, its exact size in bytes, and an {@code http(s)} URI it
 * can be fetched from. Downloads are capped at {@code size} and checked against {@code digest}
 * before use, so the URI is only a hint and never becomes a file name.
 */
public record ArtifactRef(Bytes32 digest, long size, String uri) {
  /** Largest artifact a spec may name (1 GiB); nodes apply their own, usually lower, cap. */
  public static final long MAX_SIZE = 1L << 30;

  private static final Pattern URI =
      Pattern.compile("https?://[A-Za-z0-9.\\-]+(:[0-9]{1,5})?(/[A-Za-z0-9._~%/\\-]*)?");

  /** Checks size and URI shape. */
  public ArtifactRef {
    if (size < 0 || size > MAX_SIZE) {
      throw new IllegalArgumentException("artifact size must be in 0.." + MAX_SIZE + ": " + size);
    }
    if (!URI.matcher(uri).matches()) {
      throw new IllegalArgumentException(
          "artifact URI must be http(s)://host[:port]/path with plain characters: " + uri);
    }
  }
}

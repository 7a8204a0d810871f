package network.deai.node.exec;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * Who may {@code PUT /artifacts}: with a {@code token}, only requests carrying {@code
 * Authorization: Bearer <token>}; without one, anyone who can reach the port if {@code open}, and
 * nobody otherwise. {@link #toString()} never shows the token.
 */
public record UploadAccess(@Nullable String token, boolean open) {
  private static final int MIN_TOKEN_LENGTH = 16;
  private static final Pattern IPV4_LOOPBACK = Pattern.compile("127(\\.\\d{1,3}){3}");

  /** What an upload request's credentials allow. */
  public enum Decision {
    ALLOWED,
    /** A token is required and the request did not carry it: 401. */
    UNAUTHORIZED,
    /** Uploads are switched off on this node: 403. */
    CLOSED
  }

  /** Checks the token's length and that a token and open uploads are not both asked for. */
  public UploadAccess {
    if (token != null && token.length() < MIN_TOKEN_LENGTH) {
      throw new IllegalArgumentException(
          "upload_token must be at least " + MIN_TOKEN_LENGTH + " characters");
    }
    if (token != null && open) {
      throw new IllegalArgumentException(
          "open_uploads = true and an upload_token contradict each other; drop one");
    }
  }

  /**
   * The access of a node bound to {@code host}: token-only with a token; otherwise {@code open}
   * where given, else open exactly when {@code host} is a loopback address, which only processes on
   * the same machine can reach.
   */
  public static UploadAccess of(String host, @Nullable String token, @Nullable Boolean open) {
    if (token != null) {
      return new UploadAccess(token, Boolean.TRUE.equals(open));
    }
    return new UploadAccess(null, open != null ? open : isLoopback(host));
  }

  /** True for {@code localhost}, {@code 127.0.0.0/8} and {@code ::1} written as literals. */
  public static boolean isLoopback(String host) {
    String bare =
        host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
    return bare.equals("localhost")
        || IPV4_LOOPBACK.matcher(bare).matches()
        || bare.equals("::1")
        || bare.equals("0:0:0:0:0:0:0:1");
  }

  /** Decides on a request with this {@code Authorization} header (null when absent). */
  public Decision decide(@Nullable String authorization) {
    String expected = token;
    if (expected == null) {
      return open ? Decision.ALLOWED : Decision.CLOSED;
    }
    byte[] wanted = ("Bearer " + expected).getBytes(StandardCharsets.UTF_8);
    byte[] given =
        (authorization == null ? "" : authorization.strip()).getBytes(StandardCharsets.UTF_8);
    return MessageDigest.isEqual(wanted, given) ? Decision.ALLOWED : Decision.UNAUTHORIZED;
  }

  @Override
  public String toString() {
    return "UploadAccess[" + (token != null ? "token" : open ? "open" : "closed") + "]";
  }
}

package network.deai.node.chain;

import com.fasterxml.jackson.core.JsonProcessingException;
import java.io.EOFException;
import java.io.InterruptedIOException;
import java.net.ProtocolException;
import java.net.SocketException;
import java.net.UnknownHostException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;
import org.web3j.protocol.exceptions.ClientConnectionException;

/**
 * The one place that tells a transient RPC failure from a permanent one. Transient: the endpoint
 * could not be reached or did not answer in time (connection refused or reset, timeout, unknown
 * host), answered HTTP 408, 425, 429 or 5xx, or sent a truncated or malformed body; a node waits
 * these out. Everything else (a wrong chain id, no contract code, a revert, a full disk, a bad key)
 * is permanent and reported at once.
 */
public final class RpcFailures {
  private static final Pattern HTTP_STATUS = Pattern.compile("Invalid response received: (\\d{3})");

  private RpcFailures() {}

  /** Whether {@code failure}, or a cause of it, is a transient RPC failure. */
  public static boolean isTransient(Throwable failure) {
    for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
      if (t instanceof ClientConnectionException e) {
        return transientStatus(e.getMessage());
      }
      if (t instanceof SocketException // refused, reset, no route
          || t instanceof InterruptedIOException // connect, read and call timeouts
          || t instanceof UnknownHostException
          || t instanceof ProtocolException // body shorter than its Content-Length
          || t instanceof EOFException // connection closed before the headers
          || t instanceof JsonProcessingException) { // a malformed answer
        return true;
      }
    }
    return false;
  }

  /** The failure's first message along its cause chain, on one line. */
  public static String describe(Throwable failure) {
    for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
      String text = t.getMessage();
      if (text != null && !text.isBlank()) {
        return text.lines().findFirst().orElse(text).strip();
      }
    }
    return failure.getClass().getSimpleName();
  }

  /** Whether web3j's "Invalid response received: NNN; body" names a status worth waiting out. */
  private static boolean transientStatus(@Nullable String message) {
    Matcher m = HTTP_STATUS.matcher(message == null ? "" : message);
    if (!m.find()) {
      return false;
    }
    int status = Integer.parseInt(m.group(1));
    return status == 408 || status == 425 || status == 429 || status >= 500;
  }
}

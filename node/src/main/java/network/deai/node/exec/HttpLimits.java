package network.deai.node.exec;

import java.time.Duration;

/**
 * The HTTP API's bounds: a connection silent for {@code idleTimeout} is closed; a connection must
 * send its first request's headers, and an upload its whole body, within {@code requestTimeout};
 * request lines and headers are capped at {@code maxInitialLineBytes} and {@code maxHeaderBytes};
 * an upload at {@code maxUploadBytes}; connections beyond {@code maxConnections} are closed as they
 * open.
 */
public record HttpLimits(
    Duration idleTimeout, Duration requestTimeout, long maxUploadBytes, int maxConnections) {

  /** The longest request line the server reads. */
  public static final int MAX_INITIAL_LINE_BYTES = 4096;

  /** The most header bytes the server reads. */
  public static final int MAX_HEADER_BYTES = 8192;

  /** Checks every bound is positive. */
  public HttpLimits {
    if (idleTimeout.toMillis() <= 0
        || requestTimeout.toMillis() <= 0
        || maxUploadBytes <= 0
        || maxConnections <= 0) {
      throw new IllegalArgumentException("HTTP limits must be positive");
    }
  }

  /** 30 s idle, 5 min per request, 256 connections, and uploads of up to {@code maxUploadBytes}. */
  public static HttpLimits defaults(long maxUploadBytes) {
    return new HttpLimits(Duration.ofSeconds(30), Duration.ofMinutes(5), maxUploadBytes, 256);
  }
}

package network.deai.node.exec;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpConnection;
import io.vertx.core.http.HttpServerRequest;
import java.util.HashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Bounds the HTTP server's connections: closes each one that opens beyond {@link
 * HttpLimits#maxConnections()}; each one that is idle, with no request head received, for {@link
 * HttpLimits#idleTimeout()} after it opened or after its last response (a silent client, or one
 * dribbling its headers); and each one whose request and response together take longer than {@link
 * HttpLimits#requestTimeout()} (a trickled upload, a download nobody reads). The server speaks
 * HTTP/1.1 only, one exchange at a time per connection. Runs on the server's event loop.
 */
final class ConnectionGuard {
  private static final Logger LOG = LoggerFactory.getLogger(ConnectionGuard.class);

  private final Vertx vertx;
  private final HttpLimits limits;
  private final Metrics metrics;
  private final Map<HttpConnection, Long> timers = new HashMap<>();
  private int open;

  ConnectionGuard(Vertx vertx, HttpLimits limits, Metrics metrics) {
    this.vertx = vertx;
    this.limits = limits;
    this.metrics = metrics;
  }

  /** Admits or closes a new connection. */
  void opened(HttpConnection connection) {
    open++;
    connection.closeHandler(closed -> closed(connection));
    if (open > limits.maxConnections()) {
      metrics.increment("http_connections_refused_total");
      LOG.debug("closing a connection beyond the cap of {}", limits.maxConnections());
      connection.close();
      return;
    }
    arm(connection, limits.idleTimeout().toMillis());
  }

  /** A request head arrived: the exchange now has {@link HttpLimits#requestTimeout()}. */
  void requested(HttpServerRequest request) {
    HttpConnection connection = request.connection();
    arm(connection, limits.requestTimeout().toMillis());
    request
        .response()
        .endHandler(
            ended -> {
              if (timers.containsKey(connection)) {
                arm(connection, limits.idleTimeout().toMillis());
              }
            });
  }

  private void arm(HttpConnection connection, long delayMillis) {
    Long previous =
        timers.put(connection, vertx.setTimer(delayMillis, id -> expired(connection, id)));
    if (previous != null) {
      vertx.cancelTimer(previous);
    }
  }

  private void expired(HttpConnection connection, long id) {
    Long current = timers.get(connection);
    if (current != null && current == id) {
      timers.remove(connection);
      metrics.increment("http_connections_timed_out_total");
      connection.close();
    }
  }

  private void closed(HttpConnection connection) {
    open--;
    Long timer = timers.remove(connection);
    if (timer != null) {
      vertx.cancelTimer(timer);
    }
  }

  /** Connections open now. */
  int open() {
    return open;
  }
}

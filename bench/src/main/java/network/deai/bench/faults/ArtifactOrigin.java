package network.deai.bench.faults;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import network.deai.contracts.abi.Bytes32;
import network.deai.node.domain.ArtifactRef;

/**
 * An in-memory artifact origin on loopback whose answers can stall: for a stalled artifact it sends
 * the status line and headers (with the full {@code Content-Length}) and then goes silent for
 * {@link #STALL}, the origin a node's fetch deadline and minimum rate exist for. An artifact is
 * stalled for its first {@code n} requests (a node that retries gets it) or for every request (a
 * node must abstain in time).
 */
public final class ArtifactOrigin implements AutoCloseable {
  /** How long a stalled answer stays silent before the connection is closed. */
  public static final Duration STALL = Duration.ofSeconds(90);

  private final HttpServer server;
  private final Map<String, byte[]> artifacts = new ConcurrentHashMap<>();
  private final Map<String, AtomicInteger> stallsLeft = new ConcurrentHashMap<>();
  private final AtomicLong stalls = new AtomicLong();

  /** Starts the origin on a free loopback port. */
  public ArtifactOrigin() throws IOException {
    this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext("/artifacts/", this::handle);
    server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
    server.start();
  }

  /** Serves {@code bytes}, stalling its first {@code stalledRequests} requests (0: none). */
  public ArtifactRef put(byte[] bytes, int stalledRequests) {
    String hex = HexFormat.of().formatHex(sha256(bytes));
    artifacts.put(hex, bytes.clone());
    stallsLeft.put(hex, new AtomicInteger(stalledRequests));
    return new ArtifactRef(
        Bytes32.fromHex(hex),
        bytes.length,
        "http://127.0.0.1:" + server.getAddress().getPort() + "/artifacts/" + hex);
  }

  /** How many answers it stalled so far. */
  public long stalls() {
    return stalls.get();
  }

  private void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      String hex = exchange.getRequestURI().getPath().substring("/artifacts/".length());
      byte[] bytes = artifacts.get(hex);
      if (bytes == null) {
        exchange.sendResponseHeaders(404, -1);
        return;
      }
      exchange.getResponseHeaders().add("Content-Type", "application/octet-stream");
      exchange.sendResponseHeaders(200, bytes.length);
      OutputStream out = exchange.getResponseBody();
      if (stallsLeft.getOrDefault(hex, new AtomicInteger()).getAndDecrement() > 0) {
        stalls.incrementAndGet();
        out.flush();
        Thread.sleep(STALL.toMillis());
        return;
      }
      out.write(bytes);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static byte[] sha256(byte[] bytes) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(bytes);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  @Override
  public void close() {
    server.stop(0);
  }
}

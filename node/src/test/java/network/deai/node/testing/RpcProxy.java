package network.deai.node.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.jspecify.annotations.Nullable;

/**
 * A loopback HTTP proxy in front of the RPC endpoint that injects faults: it can drop every
 * connection for a while, delay every answer, answer HTTP 429, send malformed or truncated JSON,
 * report another chain id, report a head that lags (and so goes backwards), or refuse broadcasts
 * ({@code eth_sendRawTransaction} answered 503) while passing reads through. A test and bench tool
 * ({@code deai bench faults}, the RPC tests): it plays a misbehaving endpoint, never a worker. It
 * records the name of every JSON-RPC method asked for through it.
 */
public final class RpcProxy implements AutoCloseable {
  /** What the proxy does to each answer while a fault is on. */
  public enum Fault {
    NONE,
    /** HTTP 429 with {@code Retry-After: 1}. */
    TOO_MANY_REQUESTS,
    /** A 200 whose body is not JSON. */
    MALFORMED,
    /** The full {@code Content-Length}, half of the body, then the connection closes. */
    TRUNCATED,
    /** {@code eth_chainId} answers chain 1. */
    WRONG_CHAIN
  }

  private static final ObjectMapper JSON = new ObjectMapper();

  private final ServerSocket server;
  private final URI upstream;
  private final HttpClient http =
      HttpClient.newBuilder()
          .version(HttpClient.Version.HTTP_1_1)
          .connectTimeout(Duration.ofSeconds(5))
          .build();
  private final List<Socket> open = new CopyOnWriteArrayList<>();
  private final AtomicLong faultsServed = new AtomicLong();
  private final Set<String> methods = ConcurrentHashMap.newKeySet();
  private volatile long downUntilNanos;
  private volatile Fault fault = Fault.NONE;
  private volatile long faultUntilNanos = Long.MAX_VALUE;
  private volatile long delayMillis;
  private volatile long lagBlocks;
  private volatile @Nullable String refusedSelector;
  private final Map<String, Spoiled> spoiled = new ConcurrentHashMap<>();

  /** The next {@code answers} answers to one method get {@code fault}. */
  private record Spoiled(Fault fault, AtomicInteger answers) {}

  public RpcProxy(String upstreamUrl) throws IOException {
    this.upstream = URI.create(upstreamUrl);
    this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    Thread.ofPlatform().daemon().name("rpc-proxy").start(this::accept);
  }

  public String url() {
    return "http://127.0.0.1:" + server.getLocalPort();
  }

  /** Closes every open connection and refuses service for {@code millis}. */
  public void dropFor(long millis) {
    downUntilNanos = System.nanoTime() + millis * 1_000_000;
    open.forEach(RpcProxy::closeQuietly);
    open.clear();
  }

  /** Applies {@code fault} to every answer until changed. */
  public void fault(Fault fault) {
    this.faultUntilNanos = Long.MAX_VALUE;
    this.fault = fault;
  }

  /** Applies {@code fault} to every answer for {@code millis}, then answers cleanly again. */
  public void faultFor(Fault fault, long millis) {
    this.faultUntilNanos = System.nanoTime() + millis * 1_000_000;
    this.fault = fault;
  }

  /**
   * Spoils the next {@code answers} answers to JSON-RPC {@code method} with {@code fault}, then
   * answers it cleanly again; other methods are not touched.
   */
  public void failNext(String method, Fault fault, int answers) {
    spoiled.put(method, new Spoiled(fault, new AtomicInteger(answers)));
  }

  /** Holds every answer back for {@code millis} (0: no delay). */
  public void delay(long millis) {
    this.delayMillis = millis;
  }

  /** Answers {@code eth_blockNumber} with the head minus {@code blocks} (0: the true head). */
  public void lagBy(long blocks) {
    this.lagBlocks = blocks;
  }

  /**
   * While {@code selector} is set, answers every {@code eth_sendRawTransaction} whose call data
   * starts with that function selector ({@code 0x} and 8 hex digits; empty: every transaction) with
   * HTTP 503 without forwarding it, as a load balancer in front of the node might: the sender has
   * signed and persisted the transaction, but its broadcast fails. Null lets them through again.
   */
  public void refuseBroadcasts(@Nullable String selector) {
    this.refusedSelector = selector == null ? null : selector.toLowerCase(Locale.ROOT);
  }

  /** No fault, no delay, no lag, broadcasts let through. */
  public void clear() {
    fault(Fault.NONE);
    delay(0);
    lagBy(0);
    refuseBroadcasts(null);
    spoiled.clear();
  }

  /** How many answers a fault (not a delay) spoiled so far. */
  public long faultsServed() {
    return faultsServed.get();
  }

  /** Every JSON-RPC method asked for through this proxy so far (each call of a batch too). */
  public Set<String> methods() {
    return Set.copyOf(methods);
  }

  private void record(byte[] request) {
    try {
      JsonNode node = JSON.readTree(request);
      for (JsonNode call : node.isArray() ? node : List.of(node)) {
        methods.add(call.path("method").asText("(none)"));
      }
    } catch (IOException e) {
      methods.add("(not JSON)");
    }
  }

  private void accept() {
    while (!server.isClosed()) {
      try {
        Socket client = server.accept();
        if (System.nanoTime() < downUntilNanos) {
          closeQuietly(client);
          continue;
        }
        open.add(client);
        Thread.ofVirtual().name("rpc-proxy-conn").start(() -> serve(client));
      } catch (IOException e) {
        // closed: the client sees a dropped connection
      }
    }
  }

  private void serve(Socket client) {
    try (client) {
      InputStream in = new BufferedInputStream(client.getInputStream());
      OutputStream out = client.getOutputStream();
      for (byte[] body = readRequest(in); body != null; body = readRequest(in)) {
        if (!answer(body, out)) {
          return;
        }
      }
    } catch (IOException | InterruptedException e) {
      // dropped by either side
    } finally {
      open.remove(client);
    }
  }

  /** Forwards one request and writes the (possibly spoiled) answer; false: close the connection. */
  private boolean answer(byte[] body, OutputStream out) throws IOException, InterruptedException {
    record(body);
    if (refused(body)) {
      faultsServed.incrementAndGet();
      write(out, "503 Service Unavailable", "", bytes("broadcasts refused"), -1);
      return true;
    }
    HttpResponse<byte[]> response =
        http.send(
            HttpRequest.newBuilder(upstream)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(body))
                .build(),
            HttpResponse.BodyHandlers.ofByteArray());
    byte[] answer = rewrite(body, response.body());
    if (delayMillis > 0) {
      Thread.sleep(delayMillis);
    }
    Fault timed = System.nanoTime() < faultUntilNanos ? fault : Fault.NONE;
    Fault now = timed != Fault.NONE ? timed : spoiledFault(body);
    if (now != Fault.NONE) {
      faultsServed.incrementAndGet();
    }
    switch (now) {
      case TOO_MANY_REQUESTS ->
          write(out, "429 Too Many Requests", "Retry-After: 1\r\n", bytes("rate limited"), -1);
      case MALFORMED ->
          write(out, "200 OK", "", bytes("{\"jsonrpc\":\"2.0\",\"id\":1,\"result\":[}"), -1);
      case TRUNCATED -> {
        write(out, "200 OK", "", answer, answer.length / 2);
        return false;
      }
      case WRONG_CHAIN, NONE -> write(out, "200 OK", "", chain(now, body, answer), -1);
    }
    return true;
  }

  private Fault spoiledFault(byte[] request) {
    Spoiled next = spoiled.get(String.valueOf(method(request)));
    return next != null && next.answers().getAndDecrement() > 0 ? next.fault() : Fault.NONE;
  }

  private boolean refused(byte[] request) {
    String selector = refusedSelector;
    if (selector == null || !"eth_sendRawTransaction".equals(method(request))) {
      return false;
    }
    try {
      String raw = JSON.readTree(request).path("params").path(0).asText();
      String data = org.web3j.crypto.TransactionDecoder.decode(raw).getData();
      String hex = data.startsWith("0x") ? data : "0x" + data;
      return hex.toLowerCase(Locale.ROOT).startsWith(selector);
    } catch (IOException | RuntimeException e) {
      return true; // not a transaction it can read: refused like the rest
    }
  }

  private byte[] rewrite(byte[] request, byte[] answer) throws IOException {
    long lag = lagBlocks;
    if (lag == 0 || !"eth_blockNumber".equals(method(request))) {
      return answer;
    }
    ObjectNode node = (ObjectNode) JSON.readTree(answer);
    long head = Long.decode(node.path("result").asText("0x0"));
    node.put("result", "0x" + Long.toHexString(Math.max(0, head - lag)));
    return JSON.writeValueAsBytes(node);
  }

  private static byte[] chain(Fault fault, byte[] request, byte[] answer) throws IOException {
    if (fault != Fault.WRONG_CHAIN || !"eth_chainId".equals(method(request))) {
      return answer;
    }
    ObjectNode node = (ObjectNode) JSON.readTree(answer);
    node.put("result", "0x1");
    return JSON.writeValueAsBytes(node);
  }

  private static @Nullable String method(byte[] request) {
    try {
      JsonNode node = JSON.readTree(request);
      return node.isObject() ? node.path("method").asText() : null;
    } catch (IOException e) {
      return null;
    }
  }

  private static void write(OutputStream out, String status, String headers, byte[] body, int cut)
      throws IOException {
    String head =
        "HTTP/1.1 "
            + status
            + "\r\nContent-Type: application/json\r\n"
            + headers
            + "Content-Length: "
            + body.length
            + "\r\n\r\n";
    out.write(head.getBytes(StandardCharsets.ISO_8859_1));
    out.write(body, 0, cut < 0 ? body.length : cut);
    out.flush();
  }

  private static byte[] bytes(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }

  /** Reads one request's head and body; null at the end of the connection. */
  private static byte @Nullable [] readRequest(InputStream in) throws IOException {
    int length = 0;
    boolean any = false;
    for (String line = readLine(in); line != null; line = readLine(in)) {
      if (line.isEmpty()) {
        if (!any) {
          continue;
        }
        return in.readNBytes(length);
      }
      any = true;
      String lower = line.toLowerCase(Locale.ROOT);
      if (lower.startsWith("content-length:")) {
        length = Integer.parseInt(lower.substring("content-length:".length()).strip());
      }
    }
    return null;
  }

  private static @Nullable String readLine(InputStream in) throws IOException {
    ByteArrayOutputStream line = new ByteArrayOutputStream();
    for (int b = in.read(); b != -1; b = in.read()) {
      if (b == '\n') {
        String text = line.toString(StandardCharsets.ISO_8859_1);
        return text.endsWith("\r") ? text.substring(0, text.length() - 1) : text;
      }
      line.write(b);
    }
    return null;
  }

  private static void closeQuietly(Socket socket) {
    try {
      socket.close();
    } catch (IOException e) {
      // already closed
    }
  }

  @Override
  public void close() throws IOException {
    server.close();
    open.forEach(RpcProxy::closeQuietly);
  }
}

package network.deai.node.exec;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpMethod;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;
import network.deai.contracts.crypto.Hashes;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The node's HTTP API over real HTTP on 127.0.0.1: uploads need the token, are streamed to disk
 * within the upload cap and the store's quota and checked against the digest in their path; idle
 * and surplus connections are closed.
 */
class HttpApiLimitsIT {
  private static final String TOKEN = "correct-horse-battery-staple";
  private static final byte[] BLOB = "{\"executor\":\"linear\"}".getBytes(UTF_8);

  @TempDir Path dir;
  private final Vertx vertx = Vertx.vertx();
  private final HttpClient http = HttpClient.newHttpClient();

  @AfterEach
  void stop() {
    http.close();
    vertx.close().await();
  }

  @Test
  void refusesAnUploadWithoutTheTokenAndStoresNothing() throws Exception {
    String api = serve(limits(1 << 20, 50), new UploadAccess(TOKEN, false), store(1 << 30));

    assertThat(put(api + "/artifacts", BLOB, null).statusCode()).isEqualTo(401);
    assertThat(put(api + "/artifacts", BLOB, "Bearer wrong-token-of-some-length").statusCode())
        .isEqualTo(401);
    assertThat(files()).isEmpty();
  }

  @Test
  void refusesUploadsOnAPublicHostWithoutAToken() throws Exception {
    assertThat(UploadAccess.of("0.0.0.0", null, null).decide(null))
        .isEqualTo(UploadAccess.Decision.CLOSED);
    assertThat(UploadAccess.of("127.0.0.1", null, null).decide(null))
        .isEqualTo(UploadAccess.Decision.ALLOWED);
    String api = serve(limits(1 << 20, 50), new UploadAccess(null, false), store(1 << 30));

    assertThat(put(api + "/artifacts", BLOB, null).statusCode()).isEqualTo(403);
    assertThat(files()).isEmpty();
  }

  @Test
  void storesAndServesAnAuthorisedUpload() throws Exception {
    String api = serve(limits(1 << 20, 50), new UploadAccess(TOKEN, false), store(1 << 30));
    String hex = ArtifactStore.hex(Hashes.sha256(BLOB));

    HttpResponse<String> created = put(api + "/artifacts", BLOB, "Bearer " + TOKEN);
    HttpResponse<String> named = put(api + "/artifacts/" + hex, BLOB, "Bearer " + TOKEN);

    assertThat(created.statusCode()).isEqualTo(201);
    assertThat(created.body()).contains("\"digest\":\"" + hex + "\"");
    assertThat(named.statusCode()).isEqualTo(201);
    assertThat(get(api + "/artifacts/" + hex)).isEqualTo(BLOB);
    assertThat(files()).containsExactly(hex);
  }

  @Test
  void refusesAnUploadOverTheQuotaWith413AndLeavesNothingOnDisk() throws Exception {
    ArtifactStore store = store(1000);
    String kept = ArtifactStore.hex(store.put(new byte[600]));
    String api = serve(limits(1 << 20, 50), new UploadAccess(TOKEN, false), store);

    assertThat(put(api + "/artifacts", new byte[601], "Bearer " + TOKEN).statusCode())
        .isEqualTo(413);
    await(() -> files().equals(List.of(kept)));
    assertThat(store.usedBytes()).isEqualTo(600);
  }

  @Test
  void refusesABodyOverTheCapWhileItIsStillStreaming() {
    String api = serve(limits(64 << 10, 50), new UploadAccess(TOKEN, false), store(1 << 30));
    HttpClientRequest request = openUpload(api, "/artifacts");
    request.write(Buffer.buffer(new byte[100 << 10])); // over the cap, and never ended

    HttpClientResponse response = request.response().await();

    assertThat(response.statusCode()).isEqualTo(413);
    await(() -> files().isEmpty());
  }

  @Test
  void streamsAnUploadIntoTheStoreDirectoryBeforeItEnds() {
    String api = serve(limits(1 << 20, 50), new UploadAccess(TOKEN, false), store(1 << 30));
    HttpClientRequest request = openUpload(api, "/artifacts");
    byte[] half = new byte[256 << 10];

    request.write(Buffer.buffer(half));

    await(() -> files().stream().anyMatch(name -> size(name) == half.length));
    request.end(Buffer.buffer(half));
    assertThat(request.response().await().statusCode()).isEqualTo(201);
    assertThat(files())
        .containsExactly(ArtifactStore.hex(Hashes.sha256(new byte[2 * half.length])));
  }

  @Test
  void refusesABodyThatDoesNotHashToTheDigestInItsPath() throws Exception {
    String api = serve(limits(1 << 20, 50), new UploadAccess(TOKEN, false), store(1 << 30));
    String other = ArtifactStore.hex(Hashes.sha256(new byte[] {1}));

    HttpResponse<String> response = put(api + "/artifacts/" + other, BLOB, "Bearer " + TOKEN);

    assertThat(response.statusCode()).isEqualTo(400);
    await(() -> files().isEmpty());
  }

  @Test
  void closesAnIdleConnectionAfterTheIdleTimeout() throws Exception {
    HttpLimits limits = new HttpLimits(Duration.ofMillis(300), Duration.ofMinutes(1), 1 << 20, 50);
    String api = serve(limits, new UploadAccess(TOKEN, false), store(1 << 30));

    try (Socket socket = connect(api)) {
      long start = System.nanoTime();
      assertThat(socket.getInputStream().read()).isEqualTo(-1);
      assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(3));
    }
  }

  @Test
  void closesConnectionsBeyondTheCap() throws Exception {
    String api = serve(limits(1 << 20, 2), new UploadAccess(TOKEN, false), store(1 << 30));

    try (Socket first = connect(api);
        Socket second = connect(api);
        Socket third = connect(api)) {
      assertThat(third.getInputStream().read()).isEqualTo(-1);
      first.getOutputStream().write("GET /health HTTP/1.1\r\nHost: x\r\n\r\n".getBytes(UTF_8));
      assertThat(new String(first.getInputStream().readNBytes(12), UTF_8))
          .isEqualTo("HTTP/1.1 200");
      assertThat(second.isClosed()).isFalse();
    }
  }

  private static HttpLimits limits(long maxUploadBytes, int maxConnections) {
    return new HttpLimits(
        Duration.ofSeconds(30), Duration.ofMinutes(1), maxUploadBytes, maxConnections);
  }

  private ArtifactStore store(long quotaBytes) {
    return new ArtifactStore(
        dir.resolve("store"),
        new ArtifactStore.Limits(quotaBytes, Duration.ofDays(1)),
        java.time.InstantSource.system());
  }

  private String serve(HttpLimits limits, UploadAccess access, ArtifactStore store) {
    HttpVerticle api =
        new HttpVerticle(
            "127.0.0.1",
            0,
            "",
            new HttpVerticle.Settings(
                limits, access, ChainHealth.Limits.defaults(), Duration.ofHours(1)),
            store,
            () -> null,
            new Metrics());
    vertx.deployVerticle(api).await();
    return "http://127.0.0.1:" + api.port();
  }

  private HttpClientRequest openUpload(String api, String path) {
    URI uri = URI.create(api);
    HttpClientRequest request =
        vertx
            .createHttpClient()
            .request(HttpMethod.PUT, uri.getPort(), uri.getHost(), path)
            .await();
    request.putHeader("authorization", "Bearer " + TOKEN).setChunked(true);
    return request;
  }

  private HttpResponse<String> put(
      String uri, byte[] body, @org.jspecify.annotations.Nullable String auth) throws Exception {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create(uri)).PUT(HttpRequest.BodyPublishers.ofByteArray(body));
    if (auth != null) {
      request.header("Authorization", auth);
    }
    return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  private byte[] get(String uri) throws Exception {
    return http.send(
            HttpRequest.newBuilder(URI.create(uri)).build(),
            HttpResponse.BodyHandlers.ofByteArray())
        .body();
  }

  private static Socket connect(String api) throws Exception {
    URI uri = URI.create(api);
    Socket socket = new Socket(uri.getHost(), uri.getPort());
    socket.setSoTimeout(5000);
    return socket;
  }

  /** The store directory's file names, temporary files included. */
  private List<String> files() {
    try (Stream<Path> files = Files.list(dir.resolve("store"))) {
      return files.map(file -> file.getFileName().toString()).sorted().toList();
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  private long size(String name) {
    try {
      return Files.size(dir.resolve("store").resolve(name));
    } catch (java.io.IOException e) {
      return -1;
    }
  }

  /** Polls {@code condition} until it holds, failing after five seconds. */
  static void await(BooleanSupplier condition) {
    long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
    while (!condition.getAsBoolean()) {
      assertThat(System.nanoTime()).as("condition within 5 s").isLessThan(deadline);
      Thread.onSpinWait();
      java.util.concurrent.locks.LockSupport.parkNanos(20_000_000);
    }
  }
}

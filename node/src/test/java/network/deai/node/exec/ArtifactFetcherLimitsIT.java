package network.deai.node.exec;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import network.deai.contracts.abi.Bytes32;
import network.deai.contracts.crypto.Hashes;
import network.deai.node.domain.ArtifactRef;
import network.deai.node.domain.Outcome;
import network.deai.node.domain.Rejection;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A download cannot hang a replica: over real HTTP on 127.0.0.1, an origin that sends its headers
 * and then goes silent, or trickles a byte a second, fails the fetch by its deadline or its minimum
 * rate, as the same "unavailable" outcome as an unreachable URL (so the worker retries or abstains,
 * and the mirrors are asked).
 */
class ArtifactFetcherLimitsIT {
  private static final byte[] SPEC = "{\"executor\":\"linear\"}".getBytes(UTF_8);
  private static final Bytes32 DIGEST = Hashes.sha256(SPEC);
  private static final Duration DEADLINE = Duration.ofSeconds(1);

  @TempDir Path dir;
  private final Vertx vertx = Vertx.vertx();

  @AfterEach
  void stop() {
    vertx.close().await();
  }

  @Test
  void anOriginThatStallsAfterItsHeadersFailsTheFetchByItsDeadline() {
    String origin = serve(request -> headersOnly(request.response()));
    ArtifactFetcher fetcher =
        new ArtifactFetcher(new ArtifactStore(dir.resolve("me")), 1 << 20, DEADLINE);

    assertUnavailableWithin(fetcher, origin, DEADLINE.multipliedBy(3), "deadline");
  }

  @Test
  void anOriginThatTricklesFailsTheFetchByItsDeadline() {
    String origin = serve(request -> trickle(headersOnly(request.response())));
    ArtifactFetcher fetcher =
        new ArtifactFetcher(new ArtifactStore(dir.resolve("me")), 1 << 20, DEADLINE);

    assertUnavailableWithin(fetcher, origin, DEADLINE.multipliedBy(3), "deadline");
  }

  @Test
  void anOriginThatTricklesFailsTheFetchBelowTheMinimumRateLongBeforeItsDeadline() {
    String origin = serve(request -> trickle(headersOnly(request.response())));
    Duration window = Duration.ofSeconds(1);
    ArtifactFetcher fetcher =
        new ArtifactFetcher(
            new ArtifactStore(dir.resolve("me")),
            1 << 20,
            new FetchLimits(Duration.ofMinutes(1), 100, window));

    assertUnavailableWithin(fetcher, origin, window.multipliedBy(3), "minimum rate");
  }

  @Test
  void aHealthyOriginIsFetchedWithinTheLimits() {
    ArtifactStore served = new ArtifactStore(dir.resolve("origin"));
    served.put(SPEC);
    HttpVerticle origin =
        new HttpVerticle("127.0.0.1", 0, "", 1 << 20, served, () -> null, new Metrics());
    vertx.deployVerticle(origin).await();
    ArtifactFetcher fetcher =
        new ArtifactFetcher(
            new ArtifactStore(dir.resolve("me")),
            1 << 20,
            new FetchLimits(DEADLINE, 100, Duration.ofMillis(200)));

    Outcome<byte[]> fetched = fetcher.fetch(ref("http://127.0.0.1:" + origin.port()));

    assertThat(fetched).isInstanceOf(Outcome.Ok.class);
    assertThat(((Outcome.Ok<byte[]>) fetched).value()).isEqualTo(SPEC);
  }

  @Test
  void aStalledOriginIsPassedOverForAMirror() {
    String origin = serve(request -> headersOnly(request.response()));
    ArtifactStore peer = new ArtifactStore(dir.resolve("peer"));
    peer.put(SPEC);
    HttpVerticle mirror =
        new HttpVerticle("127.0.0.1", 0, "", 1 << 20, peer, () -> null, new Metrics());
    vertx.deployVerticle(mirror).await();
    ArtifactFetcher fetcher =
        new ArtifactFetcher(new ArtifactStore(dir.resolve("me")), 1 << 20, DEADLINE);

    Outcome<byte[]> fetched =
        assertTimeoutPreemptively(
            DEADLINE.multipliedBy(3),
            () -> fetcher.fetch(ref(origin), List.of("http://127.0.0.1:" + mirror.port())));

    assertThat(fetched).isInstanceOf(Outcome.Ok.class);
    assertThat(((Outcome.Ok<byte[]>) fetched).value()).isEqualTo(SPEC);
  }

  private static void assertUnavailableWithin(
      ArtifactFetcher fetcher, String origin, Duration bound, String reason) {
    long start = System.nanoTime();
    Outcome<byte[]> fetched = assertTimeoutPreemptively(bound, () -> fetcher.fetch(ref(origin)));

    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(bound);
    assertThat(fetched).isInstanceOf(Outcome.Rejected.class);
    Rejection rejection = ((Outcome.Rejected<byte[]>) fetched).rejection();
    assertThat(rejection.code()).isEqualTo(Rejection.Code.ARTIFACT_UNAVAILABLE);
    assertThat(rejection.detail()).contains(origin).contains(reason);
  }

  private static ArtifactRef ref(String origin) {
    return new ArtifactRef(DIGEST, 1000, origin + "/artifacts/" + ArtifactStore.hex(DIGEST));
  }

  /** Sends a 200 that promises 1000 bytes, and no body. */
  private static HttpServerResponse headersOnly(HttpServerResponse response) {
    response.putHeader("Content-Length", "1000").writeHead();
    return response;
  }

  /** Sends one byte a second until the client goes away. */
  private void trickle(HttpServerResponse response) {
    long timer = vertx.setPeriodic(1000, id -> response.write(Buffer.buffer("x")));
    response.closeHandler(closed -> vertx.cancelTimer(timer));
  }

  private String serve(Handler<HttpServerRequest> handler) {
    HttpServer server = vertx.createHttpServer().requestHandler(handler);
    return "http://127.0.0.1:" + server.listen(0, "127.0.0.1").await().actualPort();
  }
}

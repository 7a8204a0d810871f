package network.deai.node.exec;

import static network.deai.node.exec.HttpApiLimitsIT.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.vertx.core.Vertx;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumMap;
import java.util.concurrent.atomic.AtomicReference;
import network.deai.node.domain.TaskLedger;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code GET /health} over real HTTP follows chain progress: failed polls (whose snapshots carry a
 * fresh time and an error, as the worker publishes them) and a head that stops advancing turn it
 * unhealthy, and a successful poll of a new block turns it healthy again; a node the contract will
 * not pick (deactivated by a slash, exited) is unhealthy too.
 */
class HealthIT {
  private static final ObjectMapper MAPPER = new ObjectMapper();

  @TempDir Path dir;
  private final Vertx vertx = Vertx.vertx();
  private final HttpClient http = HttpClient.newHttpClient();
  private final AtomicReference<WorkerService.Snapshot> chain =
      new AtomicReference<>(snapshot(1, null));

  @AfterEach
  void stop() {
    http.close();
    vertx.close().await();
  }

  @Test
  void turnsUnhealthyWhenPollsStopSucceedingAndHealthyAfter() {
    String api = serve(new ChainHealth.Limits(Duration.ofMillis(500), Duration.ofMinutes(1)));
    await(() -> status(api, snapshot(2, null)).equals("200 ok"));

    await(() -> status(api, snapshot(2, "connection refused")).equals("503 stale"));

    await(() -> status(api, snapshot(3, null)).equals("200 ok"));
  }

  @Test
  void turnsUnhealthyWhenTheHeadStopsAdvancingAndHealthyAfter() {
    String api = serve(new ChainHealth.Limits(Duration.ofSeconds(30), Duration.ofMillis(500)));
    await(() -> status(api, snapshot(7, null)).equals("200 ok"));

    await(() -> status(api, snapshot(7, null)).equals("503 stalled"));

    await(() -> status(api, snapshot(8, null)).equals("200 ok"));
  }

  @Test
  void isUnhealthyWhileTheContractWillNotPickTheNode() {
    String api = serve(ChainHealth.Limits.defaults());
    await(() -> status(api, snapshot(2, null, "Active")).equals("200 ok"));

    await(() -> status(api, snapshot(3, null, "Deactivated")).equals("503 deactivated"));
    await(() -> status(api, snapshot(4, null, "Exited")).equals("503 exited"));
    await(() -> status(api, snapshot(5, null, "Exiting")).equals("200 ok"));
  }

  private String serve(ChainHealth.Limits health) {
    HttpVerticle api =
        new HttpVerticle(
            "127.0.0.1",
            0,
            "",
            new HttpVerticle.Settings(
                HttpLimits.defaults(1 << 20),
                new UploadAccess(null, false),
                health,
                Duration.ofHours(1)),
            new ArtifactStore(dir.resolve("store")),
            chain::get,
            new Metrics());
    vertx.deployVerticle(api).await();
    return "http://127.0.0.1:" + api.port();
  }

  /** Publishes {@code latest} as the worker would, then asks /health: "code status". */
  private String status(String api, WorkerService.Snapshot latest) {
    chain.set(latest);
    try {
      HttpResponse<String> response =
          http.send(
              HttpRequest.newBuilder(URI.create(api + "/health")).build(),
              HttpResponse.BodyHandlers.ofString());
      JsonNode json = MAPPER.readTree(response.body());
      return response.statusCode() + " " + json.path("status").asText();
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private static WorkerService.Snapshot snapshot(long block, @Nullable String error) {
    return snapshot(block, error, "Active");
  }

  private static WorkerService.Snapshot snapshot(
      long block, @Nullable String error, String nodeStatus) {
    return new WorkerService.Snapshot(
        "0x00",
        block,
        block,
        System.currentTimeMillis(),
        new EnumMap<>(TaskLedger.Stage.class),
        0,
        "0",
        nodeStatus,
        error,
        false,
        0);
  }
}

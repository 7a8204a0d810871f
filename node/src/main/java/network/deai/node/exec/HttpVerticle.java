package network.deai.node.exec;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.http.HttpServer;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.time.Duration;
import java.time.InstantSource;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The node's HTTP API: {@code GET /health} (200 only while the chain is followed, see {@link
 * ChainHealth}), {@code GET /status} (JSON), {@code GET /metrics} (Prometheus), {@code GET
 * /artifacts/<sha256 hex>} and {@code PUT /artifacts[/<sha256 hex>]} (authorised, streamed to disk,
 * capped, see {@link UploadHandler}). The server enforces {@link HttpLimits}, and the verticle
 * sweeps the artifact store every {@link Settings#sweepInterval()}. Nothing blocks the event loop
 * except bounded local file access, which runs on a worker thread.
 */
public final class HttpVerticle extends VerticleBase {
  private static final Logger LOG = LoggerFactory.getLogger(HttpVerticle.class);
  private static final ObjectMapper MAPPER = new ObjectMapper();

  /** The API's limits, who may upload, when it is healthy, and how often the store is swept. */
  public record Settings(
      HttpLimits limits, UploadAccess uploads, ChainHealth.Limits health, Duration sweepInterval) {
    /**
     * Default limits and health, an hourly sweep, and uploads open exactly when {@code host} is a
     * loopback address.
     */
    public static Settings defaults(String host, long maxUploadBytes) {
      return new Settings(
          HttpLimits.defaults(maxUploadBytes),
          UploadAccess.of(host, null, null),
          ChainHealth.Limits.defaults(),
          Duration.ofHours(1));
    }
  }

  private final String host;
  private final int port;
  private final String publicUrl;
  private final Settings settings;
  private final ArtifactStore store;
  private final Supplier<WorkerService.@Nullable Snapshot> status;
  private final Metrics metrics;
  private final ChainHealth health;
  private volatile int boundPort = -1;

  /**
   * The API on {@code host:port} (port 0 picks a free one) with {@link Settings#defaults}: uploads
   * are open on a loopback host and refused elsewhere.
   */
  public HttpVerticle(
      String host,
      int port,
      String publicUrl,
      long maxUploadBytes,
      ArtifactStore store,
      Supplier<WorkerService.@Nullable Snapshot> status,
      Metrics metrics) {
    this(host, port, publicUrl, Settings.defaults(host, maxUploadBytes), store, status, metrics);
  }

  /** The API on {@code host:port} (port 0 picks a free one) with {@code settings}. */
  public HttpVerticle(
      String host,
      int port,
      String publicUrl,
      Settings settings,
      ArtifactStore store,
      Supplier<WorkerService.@Nullable Snapshot> status,
      Metrics metrics) {
    this.host = host;
    this.port = port;
    this.publicUrl = publicUrl;
    this.settings = settings;
    this.store = store;
    this.status = status;
    this.metrics = metrics;
    this.health = new ChainHealth(settings.health(), InstantSource.system());
  }

  private String baseUrl() {
    return publicUrl.isEmpty() ? "http://" + host + ":" + boundPort : publicUrl;
  }

  /** The port the server listens on, once started. */
  public int port() {
    return boundPort;
  }

  @Override
  public Future<?> start() {
    Router router = Router.router(vertx);
    router.get("/health").handler(this::health);
    router.get("/status").handler(this::status);
    router.get("/metrics").handler(this::metrics);
    router.get("/artifacts/:digest").handler(this::download);
    UploadHandler upload =
        new UploadHandler(
            vertx, store, settings.uploads(), settings.limits(), metrics, this::baseUrl);
    router.put("/artifacts").handler(upload);
    router.put("/artifacts/:digest").handler(upload);
    HttpServer server = ServerOptions.create(vertx, settings.limits());
    ConnectionGuard guard = new ConnectionGuard(vertx, settings.limits(), metrics);
    metrics.gauge("http_connections_open", guard::open);
    metrics.gauge("artifact_store_bytes", store::usedBytes);
    metrics.gauge("chain_poll_age_ms", () -> health.verdict().pollAgeMillis());
    metrics.gauge("chain_head_age_ms", () -> health.verdict().headAgeMillis());
    schedule();
    return server
        .connectionHandler(guard::opened)
        .requestHandler(
            request -> {
              guard.requested(request);
              router.handle(request);
            })
        .listen(port, host)
        .onSuccess(s -> boundPort = s.actualPort());
  }

  /** Samples the chain status once a second for health, and sweeps the store periodically. */
  private void schedule() {
    vertx.setPeriodic(
        1000,
        id -> {
          WorkerService.Snapshot snapshot = status.get();
          if (snapshot != null) {
            health.observe(snapshot);
          }
        });
    vertx.setPeriodic(settings.sweepInterval().toMillis(), id -> sweep());
  }

  private void sweep() {
    vertx
        .executeBlocking(store::sweep)
        .onSuccess(
            deleted -> {
              if (deleted > 0) {
                LOG.info("collected {} artifacts unused for the retention time", deleted);
                metrics.add("artifacts_collected_total", deleted);
              }
            })
        .onFailure(e -> LOG.warn("artifact sweep failed: {}", e.getMessage()));
  }

  private void health(RoutingContext context) {
    WorkerService.Snapshot snapshot = status.get();
    ObjectNode json = MAPPER.createObjectNode();
    boolean ok = true;
    if (snapshot == null) {
      json.put("status", "ok"); // an artifact server without a worker: nothing to follow
    } else {
      ChainHealth.Verdict verdict = health.verdict(snapshot);
      String unpickable = unpickable(snapshot.nodeStatus());
      ok = verdict.ok() && unpickable == null;
      json.put("status", verdict.ok() && unpickable != null ? unpickable : verdict.status());
      json.put("nodeStatus", snapshot.nodeStatus());
      json.put("block", verdict.block());
      json.put("lastPollAgeMillis", verdict.pollAgeMillis());
      json.put("lastNewBlockAgeMillis", verdict.headAgeMillis());
      json.put("lastError", snapshot.lastError());
    }
    context.response().setStatusCode(ok ? 200 : 503);
    sendJson(context, json);
  }

  /**
   * Why the contract will never pick this node as it is ("deactivated": slashed below the stake,
   * top it up; "exited" or "unregistered"), or null while it can be picked or is finishing an exit.
   */
  private static @Nullable String unpickable(String nodeStatus) {
    return switch (nodeStatus) {
      case "Deactivated" -> "deactivated";
      case "Exited" -> "exited";
      case "None" -> "unregistered";
      default -> null;
    };
  }

  private void status(RoutingContext context) {
    WorkerService.Snapshot snapshot = status.get();
    ObjectNode json = MAPPER.createObjectNode();
    if (snapshot != null) {
      json.put("address", snapshot.address());
      json.put("block", snapshot.block());
      json.put("checkpoint", snapshot.checkpoint());
      json.put("openTasks", snapshot.openTasks());
      json.put("draining", snapshot.draining());
      json.put("tasksAtStake", snapshot.atStake());
      json.put("stake", snapshot.stakeWei());
      json.put("nodeStatus", snapshot.nodeStatus());
      ObjectNode tasks = json.putObject("tasksByStage");
      snapshot.tasksByStage().forEach((stage, count) -> tasks.put(stage.name(), count));
      json.put("lastError", snapshot.lastError());
      ObjectNode requests = json.putObject("operatorRequests");
      snapshot.operatorRequests().forEach(o -> requests.set(o.action(), MAPPER.valueToTree(o)));
    }
    json.put("artifactBaseUrl", baseUrl() + "/artifacts/");
    sendJson(context, json);
  }

  private void metrics(RoutingContext context) {
    context
        .response()
        .putHeader("content-type", "text/plain; version=0.0.4")
        .end(metrics.prometheus());
  }

  private void download(RoutingContext context) {
    String digest = String.valueOf(context.pathParam("digest"));
    vertx
        .executeBlocking(() -> store.file(digest).map(java.nio.file.Path::toString).orElse(""))
        .onSuccess(
            file -> {
              if (file.isEmpty()) {
                context.response().setStatusCode(404).end("no artifact " + safe(digest) + "\n");
              } else {
                context
                    .response()
                    .putHeader("content-type", "application/octet-stream")
                    .sendFile(file);
              }
            })
        .onFailure(context::fail);
  }

  private static String safe(String untrusted) {
    return untrusted.replaceAll("[^0-9A-Za-z]", "?");
  }

  private static void sendJson(RoutingContext context, ObjectNode json) {
    context.response().putHeader("content-type", "application/json").end(json.toString() + "\n");
  }
}

package network.deai.node.exec;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.http.HttpServer;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * The node's HTTP API: {@code GET /health}, {@code GET /status} (JSON), {@code GET /metrics}
 * (Prometheus), {@code GET /artifacts/<sha256 hex>} and {@code PUT /artifacts} (content-addressed
 * upload, size-capped). Handlers only read snapshots and the store; nothing blocks the event loop
 * except bounded local file access, which runs on a worker thread.
 */
public final class HttpVerticle extends VerticleBase {
  private static final ObjectMapper MAPPER = new ObjectMapper();
  private static final long STALE_MILLIS = 15_000;

  private final String host;
  private final int port;
  private final String publicUrl;
  private final long maxUploadBytes;
  private final ArtifactStore store;
  private final Supplier<WorkerService.@Nullable Snapshot> status;
  private final Metrics metrics;
  private volatile int boundPort = -1;

  /** The API on {@code host:port} (port 0 picks a free one). */
  public HttpVerticle(
      String host,
      int port,
      String publicUrl,
      long maxUploadBytes,
      ArtifactStore store,
      Supplier<WorkerService.@Nullable Snapshot> status,
      Metrics metrics) {
    this.host = host;
    this.port = port;
    this.publicUrl = publicUrl;
    this.maxUploadBytes = maxUploadBytes;
    this.store = store;
    this.status = status;
    this.metrics = metrics;
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
    router.put("/artifacts").handler(BodyHandler.create(false).setBodyLimit(maxUploadBytes));
    router.put("/artifacts").handler(this::upload);
    HttpServer server = vertx.createHttpServer();
    return server
        .requestHandler(router)
        .listen(port, host)
        .onSuccess(s -> boundPort = s.actualPort());
  }

  private void health(RoutingContext context) {
    WorkerService.Snapshot snapshot = status.get();
    boolean fresh =
        snapshot == null || System.currentTimeMillis() - snapshot.lastPollMillis() < STALE_MILLIS;
    ObjectNode json = MAPPER.createObjectNode();
    json.put("status", fresh ? "ok" : "stale");
    if (snapshot != null) {
      json.put("block", snapshot.block());
      json.put("lastPollAgeMillis", System.currentTimeMillis() - snapshot.lastPollMillis());
    }
    context.response().setStatusCode(fresh ? 200 : 503);
    sendJson(context, json);
  }

  private void status(RoutingContext context) {
    WorkerService.Snapshot snapshot = status.get();
    ObjectNode json = MAPPER.createObjectNode();
    if (snapshot != null) {
      json.put("address", snapshot.address());
      json.put("block", snapshot.block());
      json.put("checkpoint", snapshot.checkpoint());
      json.put("openTasks", snapshot.openTasks());
      json.put("stake", snapshot.stakeWei());
      json.put("nodeStatus", snapshot.nodeStatus());
      ObjectNode tasks = json.putObject("tasksByStage");
      snapshot.tasksByStage().forEach((stage, count) -> tasks.put(stage.name(), count));
      json.put("lastError", snapshot.lastError());
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

  private void upload(RoutingContext context) {
    byte[] body =
        context.body().buffer() == null ? new byte[0] : context.body().buffer().getBytes();
    vertx
        .executeBlocking(() -> store.put(body))
        .onSuccess(
            digest -> {
              ObjectNode json = MAPPER.createObjectNode();
              json.put("digest", ArtifactStore.hex(digest));
              json.put("size", body.length);
              json.put("uri", baseUrl() + "/artifacts/" + ArtifactStore.hex(digest));
              metrics.increment("artifacts_uploaded_total");
              context.response().setStatusCode(201);
              sendJson(context, json);
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

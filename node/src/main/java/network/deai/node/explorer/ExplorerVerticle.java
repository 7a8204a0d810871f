package network.deai.node.explorer;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The explorer's HTTP server: {@code GET /} (the page, plain HTML and JS from this jar), {@code GET
 * /api/summary|tasks|tasks/<id>|nodes/<address>|tx/<hash>|jobs/<id>} (JSON) and {@code GET
 * /api/events} (server-sent events: the summary each time a new block is indexed). The index is
 * brought up to the head before the server listens, then refreshed every {@code poll} on a worker
 * thread; every chain read runs on worker threads, never on the event loop.
 */
public final class ExplorerVerticle extends VerticleBase {
  private static final Logger LOG = LoggerFactory.getLogger(ExplorerVerticle.class);
  private static final Map<String, String> PAGES =
      Map.of(
          "/", "index.html",
          "/explorer.js", "explorer.js",
          "/explorer.css", "explorer.css");

  private final Explorer explorer;
  private final String host;
  private final int port;
  private final Duration poll;
  private final Set<HttpServerResponse> listeners = ConcurrentHashMap.newKeySet();
  private volatile boolean refreshing;
  private volatile int boundPort = -1;

  /**
   * Serves {@code explorer} on {@code host:port} (0 picks a free port), polling every {@code poll}.
   */
  public ExplorerVerticle(Explorer explorer, String host, int port, Duration poll) {
    this.explorer = explorer;
    this.host = host;
    this.port = port;
    this.poll = poll;
  }

  /** The port the server listens on, once started. */
  public int port() {
    return boundPort;
  }

  @Override
  public Future<?> start() {
    Router router = Router.router(vertx);
    PAGES.forEach((path, resource) -> router.get(path).handler(c -> page(c, resource)));
    router.get("/api/summary").handler(c -> answer(c, () -> Optional.of(explorer.summary())));
    router.get("/api/tasks").handler(this::tasks);
    router
        .get("/api/tasks/:id")
        .handler(c -> answer(c, () -> explorer.task(number(c.pathParam("id")))));
    router
        .get("/api/nodes/:address")
        .handler(c -> answer(c, () -> explorer.node(address(c.pathParam("address")))));
    router.get("/api/tx/:hash").handler(c -> answer(c, () -> explorer.transaction(hash(c))));
    router
        .get("/api/jobs/:id")
        .handler(c -> answer(c, () -> explorer.job(number(c.pathParam("id")))));
    router.get("/api/events").handler(this::events);
    return vertx
        .executeBlocking(explorer::refresh)
        .compose(moved -> vertx.createHttpServer().requestHandler(router).listen(port, host))
        .onSuccess(
            s -> {
              boundPort = s.actualPort();
              vertx.setPeriodic(poll.toMillis(), id -> refresh());
            });
  }

  private void refresh() {
    if (refreshing) {
      return;
    }
    refreshing = true;
    vertx
        .executeBlocking(explorer::refresh)
        .onComplete(
            moved -> {
              refreshing = false;
              if (moved.failed()) {
                LOG.warn("indexing failed: {}", moved.cause().getMessage());
              } else if (moved.result()) {
                broadcast(explorer.summary());
              }
            });
  }

  private void broadcast(ObjectNode summary) {
    String frame = "event: block\ndata: " + summary + "\n\n";
    for (HttpServerResponse response : listeners) {
      response.write(frame).onFailure(e -> listeners.remove(response));
    }
  }

  private void events(RoutingContext context) {
    HttpServerResponse response = context.response();
    response
        .setChunked(true)
        .putHeader("content-type", "text/event-stream")
        .putHeader("cache-control", "no-cache");
    listeners.add(response);
    response.closeHandler(v -> listeners.remove(response));
    response.write("retry: 2000\n\n").onFailure(e -> listeners.remove(response));
  }

  private void tasks(RoutingContext context) {
    String from = context.queryParams().get("from");
    String limit = context.queryParams().get("limit");
    answer(
        context,
        () ->
            Optional.of(
                explorer.tasks(
                    from == null || from.isEmpty() ? null : number(from),
                    limit == null ? 50 : Math.clamp(Integer.parseInt(limit), 1, 500))));
  }

  /** Runs {@code query} on a worker thread: 200 with its JSON, 404 when empty, 400 on bad input. */
  private void answer(RoutingContext context, Callable<Optional<ObjectNode>> query) {
    vertx
        .executeBlocking(query, false)
        .onSuccess(
            json -> {
              if (json.isPresent()) {
                json(context, 200, json.get().toString());
              } else {
                json(context, 404, "{\"error\":\"not found\"}");
              }
            })
        .onFailure(
            e -> {
              boolean bad = e instanceof IllegalArgumentException;
              if (!bad) {
                LOG.warn("{} failed: {}", context.request().path(), e.toString());
              }
              ObjectNode error = Explorer.JSON.createObjectNode().put("error", e.getMessage());
              json(context, bad ? 400 : 502, error.toString());
            });
  }

  private static void json(RoutingContext context, int status, String body) {
    context
        .response()
        .setStatusCode(status)
        .putHeader("content-type", "application/json")
        .end(body + "\n");
  }

  private void page(RoutingContext context, String resource) {
    String type =
        resource.endsWith(".js")
            ? "text/javascript"
            : resource.endsWith(".css") ? "text/css" : "text/html";
    context
        .response()
        .putHeader("content-type", type + "; charset=utf-8")
        .putHeader("content-security-policy", "default-src 'self'")
        .end(Buffer.buffer(resource(resource)));
  }

  private static byte[] resource(String name) {
    try (InputStream in = ExplorerVerticle.class.getResourceAsStream("/explorer/" + name)) {
      if (in == null) {
        throw new IllegalStateException("missing resource explorer/" + name);
      }
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static BigInteger number(@org.jspecify.annotations.Nullable String text) {
    if (text == null || !text.matches("[0-9]{1,30}")) {
      throw new IllegalArgumentException("not a number: " + text);
    }
    return new BigInteger(text);
  }

  private static String address(@org.jspecify.annotations.Nullable String text) {
    if (text == null || !text.matches("0x[0-9a-fA-F]{40}")) {
      throw new IllegalArgumentException("not an address (0x and 40 hex digits): " + text);
    }
    return text;
  }

  private static String hash(RoutingContext context) {
    String text = context.pathParam("hash");
    if (text == null || !text.matches("0x[0-9a-fA-F]{64}")) {
      throw new IllegalArgumentException("not a transaction hash (0x and 64 hex digits)");
    }
    return text.toLowerCase(java.util.Locale.ROOT);
  }
}

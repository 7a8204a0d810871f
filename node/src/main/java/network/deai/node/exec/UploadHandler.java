package network.deai.node.exec;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.RoutingContext;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import network.deai.contracts.abi.Bytes32;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code PUT /artifacts} and {@code PUT /artifacts/<sha256 hex>}: checks the caller against the
 * {@link UploadAccess} before reading a byte of the body, then streams the body into a temporary
 * file in the store, hashing as it goes, within the upload cap and the store's quota, and moves it
 * into place by its digest; with a digest in the path, a body that hashes differently is refused.
 * Nothing of the body is held in memory beyond the file's write queue. A connection closed mid-body
 * (by the client, or by {@link ConnectionGuard} at the request deadline) discards it.
 */
final class UploadHandler implements Handler<RoutingContext> {
  private static final Logger LOG = LoggerFactory.getLogger(UploadHandler.class);
  private static final ObjectMapper MAPPER = new ObjectMapper();
  private static final Pattern HEX = Pattern.compile("[0-9a-f]{64}");

  private final Vertx vertx;
  private final ArtifactStore store;
  private final UploadAccess access;
  private final HttpLimits limits;
  private final Metrics metrics;
  private final Supplier<String> baseUrl;

  UploadHandler(
      Vertx vertx,
      ArtifactStore store,
      UploadAccess access,
      HttpLimits limits,
      Metrics metrics,
      Supplier<String> baseUrl) {
    this.vertx = vertx;
    this.store = store;
    this.access = access;
    this.limits = limits;
    this.metrics = metrics;
    this.baseUrl = baseUrl;
  }

  @Override
  public void handle(RoutingContext context) {
    HttpServerRequest request = context.request();
    request.pause();
    String digest = context.pathParam("digest");
    String length = request.getHeader("content-length");
    switch (access.decide(request.getHeader("authorization"))) {
      case UNAUTHORIZED -> {
        context.response().putHeader("www-authenticate", "Bearer");
        refuse(request, 401, "uploads need Authorization: Bearer <upload_token>");
      }
      case CLOSED ->
          refuse(request, 403, "uploads are off on this node: it has no upload_token configured");
      case ALLOWED -> {
        if (digest != null && !HEX.matcher(digest).matches()) {
          refuse(request, 400, "the path must end in 64 lower-case hex digits of the SHA-256");
        } else if (length != null && !withinCap(length)) {
          refuse(request, 413, "uploads are limited to " + limits.maxUploadBytes() + " bytes");
        } else {
          receive(context, digest == null ? null : Bytes32.fromHex(digest));
        }
      }
    }
  }

  private boolean withinCap(String contentLength) {
    try {
      return Long.parseLong(contentLength.strip()) <= limits.maxUploadBytes();
    } catch (NumberFormatException e) {
      return false;
    }
  }

  private void receive(RoutingContext context, @Nullable Bytes32 expected) {
    vertx
        .executeBlocking(
            () -> {
              Path path = store.newTemporaryFile();
              return new Transfer(
                  context, path, FileChannel.open(path, StandardOpenOption.WRITE), expected);
            })
        .onSuccess(Transfer::start)
        .onFailure(e -> refuse(context.request(), 500, "cannot store the upload"));
  }

  /** Answers {@code status} and closes the connection, so an unread body is never read. */
  private static void refuse(HttpServerRequest request, int status, String message) {
    HttpServerResponse response = request.response();
    if (response.ended() || response.closed()) {
      return;
    }
    response
        .setStatusCode(status)
        .putHeader("connection", "close")
        .end(message + "\n")
        .onComplete(done -> request.connection().close());
  }

  private static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("the JDK has no SHA-256", e);
    }
  }

  /**
   * One upload in flight. Its handlers run on the connection's event loop; file writes run in order
   * on worker threads, and the request is paused while more than {@link #HIGH_WATER} bytes wait.
   */
  private final class Transfer {
    private static final long HIGH_WATER = 1 << 20;

    private final RoutingContext context;
    private final HttpServerRequest request;
    private final Path path;
    private final FileChannel channel;
    private final @Nullable Bytes32 expected;
    private final MessageDigest hash = sha256();
    private long size;
    private long pending;
    private boolean done;

    Transfer(RoutingContext context, Path path, FileChannel channel, @Nullable Bytes32 expected) {
      this.context = context;
      this.request = context.request();
      this.path = path;
      this.channel = channel;
      this.expected = expected;
    }

    void start() {
      request.handler(this::chunk);
      request.endHandler(end -> finish());
      request.exceptionHandler(e -> abort(400, "the upload broke off"));
      request.resume();
    }

    private void chunk(Buffer buffer) {
      if (done) {
        return;
      }
      int length = buffer.length();
      if (size + length > limits.maxUploadBytes()) {
        abort(413, "uploads are limited to " + limits.maxUploadBytes() + " bytes");
        return;
      }
      if (!store.reserve(length)) {
        metrics.increment("artifacts_refused_total{reason=\"quota\"}");
        abort(413, "the node's artifact store is full");
        return;
      }
      size += length;
      pending += length;
      byte[] bytes = buffer.getBytes();
      hash.update(bytes);
      vertx
          .executeBlocking(() -> write(bytes))
          .onComplete(written -> written(length, written.failed()));
      if (pending > HIGH_WATER) {
        request.pause();
      }
    }

    private int write(byte[] bytes) throws java.io.IOException {
      ByteBuffer buffer = ByteBuffer.wrap(bytes);
      while (buffer.hasRemaining()) {
        channel.write(buffer);
      }
      return bytes.length;
    }

    private void written(int length, boolean failed) {
      pending -= length;
      if (failed) {
        abort(500, "cannot write the upload");
      } else if (!done && pending <= HIGH_WATER / 2) {
        request.resume();
      }
    }

    private void finish() {
      if (done) {
        return;
      }
      done = true;
      Bytes32 digest = Bytes32.wrap(hash.digest());
      if (expected != null && !expected.equals(digest)) {
        discard();
        refuse(
            request,
            400,
            "the body hashes to " + ArtifactStore.hex(digest) + ", not the digest in the path");
        return;
      }
      vertx
          .executeBlocking(
              () -> {
                channel.close();
                return store.commit(path, digest, size);
              })
          .onSuccess(this::created)
          .onFailure(
              e -> {
                LOG.warn("upload failed: {}", e.toString());
                refuse(request, 500, "cannot store the upload");
              });
    }

    private void created(Bytes32 digest) {
      ObjectNode json = MAPPER.createObjectNode();
      String hex = ArtifactStore.hex(digest);
      json.put("digest", hex);
      json.put("size", size);
      json.put("uri", baseUrl.get() + "/artifacts/" + hex);
      metrics.increment("artifacts_uploaded_total");
      LOG.debug("stored upload {} ({} bytes)", hex, size);
      context
          .response()
          .setStatusCode(201)
          .putHeader("content-type", "application/json")
          .end(json + "\n");
    }

    private void abort(int status, String message) {
      if (done) {
        return;
      }
      done = true;
      request.pause();
      refuse(request, status, message);
      discard();
    }

    /** Closes and deletes the file after the writes queued before it, releasing the quota. */
    private void discard() {
      vertx
          .executeBlocking(
              () -> {
                channel.close();
                store.discard(path, size);
                return path;
              })
          .onFailure(e -> LOG.warn("cannot discard an upload: {}", e.toString()));
    }
  }
}

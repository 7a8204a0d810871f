package network.deai.devnet;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerRequest;
import java.math.BigInteger;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import network.deai.contracts.abi.Bytes32;
import network.deai.contracts.crypto.Hashes;
import network.deai.node.exec.ArtifactStore;
import network.deai.node.requester.Requester;
import org.web3j.crypto.Credentials;

/**
 * The selective-serving requester (docs/protocol.md §6, attack 6): its artifact server hands a task
 * spec to the first node that asks and answers 404 to everyone else, hoping the replicas that could
 * not fetch it commit a rejection and get slashed. The node software abstains instead.
 */
final class SelectiveServer implements AutoCloseable {
  private final Map<String, byte[]> once = new ConcurrentHashMap<>();
  private final AtomicInteger served = new AtomicInteger();
  private final AtomicInteger refused = new AtomicInteger();
  private final HttpServer server;

  private SelectiveServer(HttpServer server) {
    this.server = server;
  }

  /** A server on a free loopback port. */
  static SelectiveServer start(Vertx vertx) {
    HttpServer http = vertx.createHttpServer();
    SelectiveServer selective = new SelectiveServer(http);
    http.requestHandler(selective::handle).listen(0, "127.0.0.1").await();
    return selective;
  }

  private void handle(HttpServerRequest request) {
    String path = String.valueOf(request.path());
    byte[] bytes = once.remove(path.substring(path.lastIndexOf('/') + 1));
    if (bytes == null) {
      refused.incrementAndGet();
      request.response().setStatusCode(404).end();
    } else {
      served.incrementAndGet();
      request.response().end(Buffer.buffer(bytes));
    }
  }

  /** Publishes {@code bytes} for one download; returns their digest. */
  Bytes32 offer(byte[] bytes) {
    Bytes32 digest = Hashes.sha256(bytes);
    once.put(ArtifactStore.hex(digest), bytes);
    return digest;
  }

  /** The URL of a blob offered here. */
  String uri(Bytes32 digest) {
    return "http://127.0.0.1:" + server.actualPort() + "/artifacts/" + ArtifactStore.hex(digest);
  }

  /**
   * One 3-replica task whose spec only the first fetching replica gets: it ends without consensus,
   * no honest stake is taken, and the requester pays for the withheld result's revealed share.
   */
  static AttackResult attack(AttackBench bench, Vertx vertx, Credentials key)
      throws InterruptedException {
    try (SelectiveServer server = start(vertx)) {
      Requester requester = bench.requester(key, "selective");
      Map<String, BigInteger> before = bench.stakes();
      Bytes32 spec = server.offer(bench.spec(30).canonicalBytes());
      BigInteger id =
          requester
              .submitRaw(
                  spec,
                  server.uri(spec),
                  AttackBench.params(
                      3, TaskAttacks.WINDOW, TaskAttacks.FEE, AttackBench.SERVED_CLASS, 60))
              .taskId();
      bench.follow(requester, key, java.util.List.of(id));
      var task = bench.client().task(id);
      ObjectNode details = JsonNodeFactory.instance.objectNode();
      details.put("state", bench.state(id));
      details.put("specDownloadsServed", server.served.get());
      details.put("specDownloadsRefused", server.refused.get());
      details.put("revealed", Integer.bitCount(task.revealedMask()));
      details.put("abstained", Integer.bitCount(task.abstainedMask()));
      return new AttackResult(
          "selective-server", bench.gain(key, TaskAttacks.FEE), bench.honestLoss(before), details);
    }
  }

  @Override
  public void close() {
    server.close().await();
  }
}

package network.deai.node.exec;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Vertx;
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
 * Replicas re-serve what they fetched: when the origin withholds an artifact, a replica gets the
 * same digest from another replica's artifact store over real HTTP; a mirror that serves other
 * bytes is passed over; a digest mismatch at the origin is not papered over by a mirror.
 */
class ArtifactMirrorsIT {
  @TempDir Path dir;
  private final Vertx vertx = Vertx.vertx();

  @AfterEach
  void stop() {
    vertx.close().await();
  }

  @Test
  void anArtifactTheOriginWithholdsComesFromAReplicaThatFetchedIt() {
    byte[] spec = "{\"executor\":\"linear\"}".getBytes(UTF_8);
    Bytes32 digest = Hashes.sha256(spec);
    String origin = serveAt(new ArtifactStore(dir.resolve("origin"))); // never got the spec
    String emptyMirror = serveAt(new ArtifactStore(dir.resolve("empty")));
    ArtifactStore peer = new ArtifactStore(dir.resolve("peer"));
    peer.put(spec); // the replica the requester did serve keeps what it fetched
    String peerUrl = serveAt(peer);
    ArtifactFetcher fetcher =
        new ArtifactFetcher(new ArtifactStore(dir.resolve("me")), 1 << 20, Duration.ofSeconds(5));
    ArtifactRef ref =
        new ArtifactRef(digest, spec.length, origin + "/artifacts/" + ArtifactStore.hex(digest));

    assertThat(fetcher.fetch(ref)).isInstanceOf(Outcome.Rejected.class);
    Outcome<byte[]> mirrored = fetcher.fetch(ref, List.of(emptyMirror, peerUrl));

    assertThat(mirrored).isInstanceOf(Outcome.Ok.class);
    assertThat(((Outcome.Ok<byte[]>) mirrored).value()).isEqualTo(spec);
  }

  @Test
  void aDigestMismatchAtTheOriginIsNotReplacedByAMirrorsCopy() {
    byte[] spec = "{\"executor\":\"linear\"}".getBytes(UTF_8);
    ArtifactStore origin = new ArtifactStore(dir.resolve("origin"));
    Bytes32 other = origin.put("something else".getBytes(UTF_8));
    ArtifactStore peer = new ArtifactStore(dir.resolve("peer"));
    peer.put(spec);
    ArtifactFetcher fetcher =
        new ArtifactFetcher(new ArtifactStore(dir.resolve("me")), 1 << 20, Duration.ofSeconds(5));
    ArtifactRef ref =
        new ArtifactRef(
            Hashes.sha256(spec),
            spec.length,
            serveAt(origin) + "/artifacts/" + ArtifactStore.hex(other));

    Outcome<byte[]> result = fetcher.fetch(ref, List.of(serveAt(peer)));

    assertThat(result).isInstanceOf(Outcome.Rejected.class);
    assertThat(((Outcome.Rejected<byte[]>) result).rejection().code())
        .isIn(Rejection.Code.ARTIFACT_DIGEST_MISMATCH, Rejection.Code.ARTIFACT_OVERSIZED);
  }

  private String serveAt(ArtifactStore store) {
    HttpVerticle http =
        new HttpVerticle("127.0.0.1", 0, "", 1 << 20, store, () -> null, new Metrics());
    vertx.deployVerticle(http).await();
    return "http://127.0.0.1:" + http.port();
  }
}

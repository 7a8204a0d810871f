package network.deai.node.exec;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Flow;
import network.deai.contracts.abi.Bytes32;
import network.deai.contracts.crypto.Hashes;
import network.deai.node.domain.ArtifactRef;
import network.deai.node.domain.Outcome;
import network.deai.node.domain.Rejection;

/**
 * Downloads content-addressed artifacts into the local store: at most {@code min(ref.size,
 * maxBytes)} bytes, each download complete within its {@link FetchLimits#deadline()} (connecting,
 * headers and body together) and never slower than its minimum rate, and only bytes whose SHA-256
 * is the declared digest are kept. A download that misses its deadline or rate is cancelled and
 * reported as {@link Rejection.Code#ARTIFACT_UNAVAILABLE}, like an unreachable URL. A blob already
 * in the store is not fetched again. When the origin cannot serve it, the same digest is asked of
 * mirrors (other replicas' artifact stores, which keep and serve what they fetched), so a requester
 * that serves its inputs to one replica only cannot keep the others from working; a mirror's bytes
 * are checked against the digest like the origin's.
 */
public final class ArtifactFetcher {
  private final ArtifactStore store;
  private final HttpClient client;
  private final long maxBytes;
  private final FetchLimits limits;

  /**
   * A fetcher into {@code store} with a size cap, a per-download deadline of {@code timeout} and
   * the default minimum rate ({@link FetchLimits#within}).
   */
  public ArtifactFetcher(ArtifactStore store, long maxBytes, Duration timeout) {
    this(store, maxBytes, FetchLimits.within(timeout));
  }

  /** A fetcher into {@code store} with a size cap and the deadline and rate of {@code limits}. */
  public ArtifactFetcher(ArtifactStore store, long maxBytes, FetchLimits limits) {
    this.store = store;
    this.maxBytes = maxBytes;
    this.limits = limits;
    this.client =
        HttpClient.newBuilder()
            .connectTimeout(limits.deadline())
            .followRedirects(HttpClient.Redirect.NEVER)
            .build();
  }

  /**
   * The artifact's bytes from its URI or, when that is unavailable, from the first of {@code
   * mirrors} (base URLs serving {@code /artifacts/<sha256>}) that has bytes with its digest.
   */
  public Outcome<byte[]> fetch(ArtifactRef ref, List<String> mirrors) {
    Outcome<byte[]> origin = fetch(ref);
    if (!(origin instanceof Outcome.Rejected<byte[]> r)
        || r.rejection().code() != Rejection.Code.ARTIFACT_UNAVAILABLE) {
      return origin;
    }
    for (String mirror : mirrors) {
      String uri = mirror + "/artifacts/" + ArtifactStore.hex(ref.digest());
      Outcome<byte[]> copy = fetch(new ArtifactRef(ref.digest(), ref.size(), uri));
      if (copy instanceof Outcome.Ok<byte[]>) {
        return copy;
      }
    }
    return origin;
  }

  /** The artifact's bytes, or why they cannot be used. */
  public Outcome<byte[]> fetch(ArtifactRef ref) {
    Optional<byte[]> local = store.get(ref.digest());
    if (local.isPresent()) {
      return Outcome.ok(local.get());
    }
    if (ref.size() > maxBytes) {
      return Outcome.rejected(
          Rejection.Code.ARTIFACT_OVERSIZED,
          "artifact declares " + ref.size() + " bytes, this node accepts at most " + maxBytes);
    }
    return download(ref);
  }

  private Outcome<byte[]> download(ArtifactRef ref) {
    long deadline = System.nanoTime() + limits.deadline().toNanos();
    try {
      HttpRequest request =
          HttpRequest.newBuilder(URI.create(ref.uri())).timeout(limits.deadline()).GET().build();
      HttpResponse<Flow.Publisher<List<ByteBuffer>>> response =
          client.send(request, HttpResponse.BodyHandlers.ofPublisher());
      BoundedBody body = new BoundedBody();
      response.body().subscribe(body);
      if (response.statusCode() != 200) {
        body.cancel();
        return Outcome.rejected(
            Rejection.Code.ARTIFACT_UNAVAILABLE,
            ref.uri() + " answered HTTP " + response.statusCode());
      }
      return switch (body.read(ref, deadline, limits)) {
        case Outcome.Ok<byte[]> ok -> check(ref, ok.value());
        case Outcome.Rejected<byte[]> rejected -> rejected;
      };
    } catch (HttpTimeoutException e) {
      return Outcome.rejected(
          Rejection.Code.ARTIFACT_UNAVAILABLE,
          ref.uri() + " did not answer within the download deadline of " + limits.deadline());
    } catch (IOException | IllegalArgumentException e) {
      return Outcome.rejected(
          Rejection.Code.ARTIFACT_UNAVAILABLE, "cannot fetch " + ref.uri() + ": " + e.getMessage());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return Outcome.rejected(Rejection.Code.ARTIFACT_UNAVAILABLE, "interrupted");
    }
  }

  private Outcome<byte[]> check(ArtifactRef ref, byte[] bytes) {
    Bytes32 digest = Hashes.sha256(bytes);
    if (!digest.equals(ref.digest())) {
      return Outcome.rejected(
          Rejection.Code.ARTIFACT_DIGEST_MISMATCH,
          ref.uri() + " has SHA-256 " + digest.toHex() + ", the spec says " + ref.digest().toHex());
    }
    store.put(bytes);
    return Outcome.ok(bytes);
  }
}

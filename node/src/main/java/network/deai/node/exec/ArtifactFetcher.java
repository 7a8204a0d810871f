package network.deai.node.exec;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import network.deai.contracts.abi.Bytes32;
import network.deai.contracts.crypto.Hashes;
import network.deai.node.domain.ArtifactRef;
import network.deai.node.domain.Outcome;
import network.deai.node.domain.Rejection;

/**
 * Downloads content-addressed artifacts into the local store: at most {@code min(ref.size,
 * maxBytes)} bytes within {@code timeout}, and only bytes whose SHA-256 is the declared digest are
 * kept. A blob already in the store is not fetched again. When the origin cannot serve it, the same
 * digest is asked of mirrors (other replicas' artifact stores, which keep and serve what they
 * fetched), so a requester that serves its inputs to one replica only cannot keep the others from
 * working; a mirror's bytes are checked against the digest like the origin's.
 */
public final class ArtifactFetcher {
  private final ArtifactStore store;
  private final HttpClient client;
  private final long maxBytes;
  private final Duration timeout;

  /** A fetcher into {@code store} with a size cap and a per-download time limit. */
  public ArtifactFetcher(ArtifactStore store, long maxBytes, Duration timeout) {
    this.store = store;
    this.maxBytes = maxBytes;
    this.timeout = timeout;
    this.client =
        HttpClient.newBuilder()
            .connectTimeout(timeout)
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
    try {
      HttpRequest request =
          HttpRequest.newBuilder(URI.create(ref.uri())).timeout(timeout).GET().build();
      HttpResponse<InputStream> response =
          client.send(request, HttpResponse.BodyHandlers.ofInputStream());
      try (InputStream body = response.body()) {
        if (response.statusCode() != 200) {
          return Outcome.rejected(
              Rejection.Code.ARTIFACT_UNAVAILABLE,
              ref.uri() + " answered HTTP " + response.statusCode());
        }
        return check(ref, body);
      }
    } catch (IOException | IllegalArgumentException e) {
      return Outcome.rejected(
          Rejection.Code.ARTIFACT_UNAVAILABLE, "cannot fetch " + ref.uri() + ": " + e.getMessage());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return Outcome.rejected(Rejection.Code.ARTIFACT_UNAVAILABLE, "interrupted");
    }
  }

  private Outcome<byte[]> check(ArtifactRef ref, InputStream body) throws IOException {
    long deadline = System.nanoTime() + timeout.toNanos();
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    byte[] buffer = new byte[16384];
    int n;
    while ((n = body.read(buffer)) >= 0) {
      out.write(buffer, 0, n);
      if (out.size() > ref.size()) {
        return Outcome.rejected(
            Rejection.Code.ARTIFACT_OVERSIZED,
            ref.uri() + " sent more than the declared " + ref.size() + " bytes");
      }
      if (System.nanoTime() > deadline) {
        return Outcome.rejected(
            Rejection.Code.ARTIFACT_UNAVAILABLE, ref.uri() + " took longer than " + timeout);
      }
    }
    byte[] bytes = out.toByteArray();
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

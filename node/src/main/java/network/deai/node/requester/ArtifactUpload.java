package network.deai.node.requester;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import network.deai.contracts.abi.Bytes32;
import network.deai.contracts.crypto.Hashes;
import network.deai.node.domain.ArtifactRef;

/** Puts content-addressed bytes into a node's artifact store and checks the digest it answers. */
final class ArtifactUpload {
  private static final ObjectMapper MAPPER = new ObjectMapper();

  private ArtifactUpload() {}

  /**
   * Uploads {@code bytes} with {@code http} to the store at {@code storeUrl}, checking its answer.
   */
  static ArtifactRef put(HttpClient http, byte[] bytes, String storeUrl) {
    try {
      HttpResponse<String> response =
          http.send(
              HttpRequest.newBuilder(URI.create(storeUrl + "/artifacts"))
                  .timeout(Duration.ofSeconds(60))
                  .PUT(HttpRequest.BodyPublishers.ofByteArray(bytes))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      if (response.statusCode() != 201) {
        throw new IllegalArgumentException(
            "upload to "
                + storeUrl
                + " failed: HTTP "
                + response.statusCode()
                + " "
                + response.body().strip());
      }
      JsonNode json = MAPPER.readTree(response.body());
      Bytes32 digest = Hashes.sha256(bytes);
      if (!digest.toHex().equals("0x" + json.path("digest").asText())) {
        throw new IllegalStateException("store " + storeUrl + " answered a wrong digest");
      }
      return new ArtifactRef(digest, bytes.length, json.path("uri").asText());
    } catch (IOException e) {
      throw new UncheckedIOException(
          "cannot upload to "
              + storeUrl
              + ": "
              + (e instanceof java.net.ConnectException
                  ? "connection refused"
                  : e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName())
              + "; is a node's HTTP API (its /artifacts) listening there?",
          e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
  }
}

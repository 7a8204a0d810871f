package network.deai.contracts.abi;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** Reads the golden vectors that the forge suite checks too (test/vectors/*.json). */
class GoldenVectorsTest {
  private static final Path VECTORS = Path.of("test", "vectors");

  @Test
  void commitmentsMatchTheSharedVectors() throws IOException {
    JsonNode root = new ObjectMapper().readTree(VECTORS.resolve("commitment.json").toFile());
    assertThat(Commitment.COMMIT_TAG.toHex()).isEqualTo(root.get("commitTag").asText());
    assertThat(root.get("cases")).hasSizeGreaterThanOrEqualTo(5);
    for (JsonNode c : root.get("cases")) {
      Bytes32 computed =
          Commitment.compute(
              Long.parseLong(c.get("chainId").asText()),
              Address.of(c.get("taskManager").asText()),
              new BigInteger(c.get("taskId").asText()),
              Address.of(c.get("worker").asText()),
              Bytes32.fromHex(c.get("resultDigest").asText()),
              Bytes32.fromHex(c.get("fingerprint").asText()),
              Bytes32.fromHex(c.get("salt").asText()));
      assertThat(computed.toHex()).isEqualTo(c.get("commitment").asText());
    }
  }

  @Test
  void distanceVectorsMatchWordParallelPopcount() throws IOException {
    JsonNode root = new ObjectMapper().readTree(VECTORS.resolve("simhash-distance.json").toFile());
    for (JsonNode c : root.get("cases")) {
      Bytes32 a = Bytes32.fromHex(c.get("a").asText());
      Bytes32 b = Bytes32.fromHex(c.get("b").asText());
      int distance = 0;
      for (int w = 0; w < 4; w++) {
        distance += Long.bitCount(a.word(w) ^ b.word(w));
      }
      assertThat(distance).isEqualTo(Integer.parseInt(c.get("distance").asText()));
      assertThat(distance <= Integer.parseInt(c.get("maxDistance").asText()))
          .isEqualTo(c.get("agree").asBoolean());
    }
  }
}

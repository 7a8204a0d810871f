package network.deai.verifier.domain.fingerprint;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.File;
import java.io.IOException;
import org.junit.jupiter.api.Test;

/**
 * Pins {@link SimHash} bit for bit to the vectors of an independent Python reference ({@code
 * contracts/test/vectors/generate_simhash.py}), so two releases or two implementations of a node
 * agree on every SIMILAR fingerprint.
 */
class SimHashGoldenTest {
  private static final File VECTORS = new File("../contracts/test/vectors/simhash.json");

  @Test
  void hyperplaneWordsMatchTheReference() throws IOException {
    JsonNode words = read().get("hyperplaneWords");
    assertThat(words).hasSizeGreaterThanOrEqualTo(18);
    for (JsonNode w : words) {
      long seed = Long.parseLong(w.get("seed").asText());
      long k = Long.parseLong(w.get("k").asText());
      long expected = Long.parseUnsignedLong(w.get("r").asText(), 16);
      assertThat(SimHash.splitMix(seed + (k + 1) * 0x9E3779B97F4A7C15L))
          .as("r(%d) for seed %d", k, seed)
          .isEqualTo(expected);
    }
  }

  @Test
  void fingerprintsMatchTheReference() throws IOException {
    JsonNode cases = read().get("cases");
    assertThat(cases).hasSizeGreaterThanOrEqualTo(16);
    for (JsonNode c : cases) {
      JsonNode bits = c.get("float32Bits");
      float[] vector = new float[bits.size()];
      for (int j = 0; j < vector.length; j++) {
        vector[j] = Float.intBitsToFloat(Integer.parseUnsignedInt(bits.get(j).asText(), 16));
      }
      long seed = Long.parseLong(c.get("seed").asText());
      assertThat(new SimHash(seed).fingerprint(vector).toHex())
          .as(c.get("name").asText())
          .isEqualTo(c.get("fingerprint").asText());
    }
  }

  private static JsonNode read() throws IOException {
    assertThat(VECTORS).as("golden vectors (run from the verifier module)").isFile();
    return new ObjectMapper().readTree(VECTORS);
  }
}

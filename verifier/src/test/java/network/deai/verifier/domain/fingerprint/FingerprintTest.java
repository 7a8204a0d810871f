package network.deai.verifier.domain.fingerprint;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.SplittableRandom;
import network.deai.contracts.abi.Bytes32;
import org.junit.jupiter.api.Test;

class FingerprintTest {
  @Test
  void exactFingerprintIsSha256() {
    assertThat(ExactFingerprint.of("abc".getBytes(StandardCharsets.US_ASCII)).toHex())
        .isEqualTo("0xba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  }

  @Test
  void simHashSeparatesNoiseFromDifferentOutputs() {
    SplittableRandom rng = new SplittableRandom(3);
    float[] x = gaussian(rng, 2000);
    float[] noisy = x.clone();
    for (int j = 0; j < noisy.length; j++) {
      noisy[j] *= (float) (1 + 1e-4 * rng.nextGaussian());
    }
    SimHash hash = new SimHash(42);

    assertThat(Hamming.distance(hash.fingerprint(x), hash.fingerprint(x.clone()))).isZero();
    assertThat(Hamming.distance(hash.fingerprint(x), hash.fingerprint(noisy)))
        .isLessThanOrEqualTo(3);
    assertThat(Hamming.distance(hash.fingerprint(x), hash.fingerprint(gaussian(rng, 2000))))
        .isBetween(90, 166);
    assertThat(new SimHash(43).fingerprint(x)).isNotEqualTo(hash.fingerprint(x));
  }

  @Test
  void calibrationRecommendsADistanceWithoutFalseVerdicts() {
    List<SimilarityCalibration.Row> rows =
        SimilarityCalibration.run(512, new double[] {1e-5, 1e-3}, 40, 7, new SplittableRandom(5));

    assertThat(rows).hasSize(2);
    for (SimilarityCalibration.Row row : rows) {
      assertThat(row.falseSlashRate()).isZero();
      assertThat(row.falseAcceptRate()).isZero();
      assertThat(row.recommendedMaxDistance()).isLessThan(row.differentMin());
    }
  }

  @Test
  void hammingMatchesTheSharedGoldenVectors() throws IOException {
    File file = new File("../contracts/test/vectors/simhash-distance.json");
    assumeTrue(file.isFile(), "golden vectors not found at " + file);
    JsonNode cases = new ObjectMapper().readTree(file).get("cases");
    for (JsonNode c : cases) {
      Bytes32 a = Bytes32.fromHex(c.get("a").asText());
      Bytes32 b = Bytes32.fromHex(c.get("b").asText());
      int max = Integer.parseInt(c.get("maxDistance").asText());
      assertThat(Hamming.distance(a, b)).isEqualTo(Integer.parseInt(c.get("distance").asText()));
      assertThat(Hamming.agree(a, b, max)).isEqualTo(c.get("agree").asBoolean());
    }
  }

  private static float[] gaussian(SplittableRandom rng, int d) {
    float[] v = new float[d];
    for (int j = 0; j < d; j++) {
      v[j] = (float) rng.nextGaussian();
    }
    return v;
  }
}

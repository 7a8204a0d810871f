package network.deai.node.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.SplittableRandom;
import network.deai.verifier.domain.fingerprint.SimHash;
import org.junit.jupiter.api.Test;

class ModelSimHashTest {
  @Test
  void equalsTheVerifiersSimHashBitForBit() {
    SplittableRandom random = new SplittableRandom(3);
    for (int trial = 0; trial < 20; trial++) {
      float[] vector = new float[1 + random.nextInt(400)];
      for (int i = 0; i < vector.length; i++) {
        vector[i] =
            switch (random.nextInt(5)) {
              case 0 -> 0f;
              case 1 -> -0f;
              case 2 -> (float) random.nextGaussian() * 1e-30f;
              default -> (float) random.nextGaussian();
            };
      }
      long seed = random.nextLong(1L << 53);

      assertThat(ModelSimHash.fingerprint(seed, vector))
          .as("trial %d", trial)
          .isEqualTo(new SimHash(seed).fingerprint(vector));
    }
  }

  @Test
  void equalsItOnProbabilityLikeOutputsToo() {
    float[] softmax = new float[6625 * 2];
    softmax[17] = 0.99f;
    softmax[6625 + 4] = 0.98f;
    for (int i = 0; i < softmax.length; i++) {
      softmax[i] += 1e-7f * (i % 13);
    }

    assertThat(ModelSimHash.fingerprint(7_000, softmax))
        .isEqualTo(new SimHash(7_000).fingerprint(softmax));
  }
}

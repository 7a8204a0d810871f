package network.deai.verifier.domain.fingerprint;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.SplittableRandom;
import network.deai.contracts.abi.Bytes32;
import org.junit.jupiter.api.Test;

/**
 * {@link SimHash} flips sign bits instead of branching per hyperplane component; this pins it to
 * the definition written out literally (a branch on every component), on signed zeros, tiny values
 * and probability-like outputs as real models produce them.
 */
class SimHashReferenceTest {
  @Test
  void equalsTheLiteralDefinitionBitForBit() {
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

      assertThat(new SimHash(seed).fingerprint(vector))
          .as("trial %d", trial)
          .isEqualTo(literal(seed, vector));
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

    assertThat(new SimHash(7_000).fingerprint(softmax)).isEqualTo(literal(7_000, softmax));
  }

  /** The definition in SimHash's javadoc, one branch per component. */
  private static Bytes32 literal(long seed, float[] vector) {
    double[] sums = new double[256];
    for (int j = 0; j < vector.length; j++) {
      double x = vector[j];
      for (int w = 0; w < 4; w++) {
        long bits = SimHash.splitMix(seed + (4L * j + w + 1) * 0x9E3779B97F4A7C15L);
        for (int b = 0; b < 64; b++) {
          sums[w * 64 + b] += ((bits >>> (63 - b)) & 1L) != 0 ? x : -x;
        }
      }
    }
    long[] limbs = new long[4];
    for (int i = 0; i < 256; i++) {
      if (sums[i] > 0) {
        limbs[i / 64] |= 1L << (63 - i % 64);
      }
    }
    return Bytes32.fromLongs(limbs[0], limbs[1], limbs[2], limbs[3]);
  }
}

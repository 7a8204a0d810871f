package network.deai.node.bench;

import network.deai.contracts.abi.Bytes32;
import network.deai.verifier.domain.fingerprint.SimHash;

/**
 * {@link SimHash}, bit for bit, without a branch per hyperplane component: {@code ±x} is {@code x}
 * with its sign bit flipped or kept, which is exactly Java's unary minus, and the accumulators see
 * the same additions in the same order. The benches fingerprint hundreds of 265,000-float outputs,
 * where SimHash's unpredictable branch costs more than the model; a test pins the equality.
 */
final class ModelSimHash {
  private static final long GOLDEN = 0x9E3779B97F4A7C15L;
  private static final long SIGN = Long.MIN_VALUE;

  private ModelSimHash() {}

  /** The same value as {@code new SimHash(seed).fingerprint(vector)}. */
  static Bytes32 fingerprint(long seed, float[] vector) {
    double[] sums = new double[256];
    for (int j = 0; j < vector.length; j++) {
      long x = Double.doubleToRawLongBits(vector[j]);
      for (int w = 0; w < 4; w++) {
        long bits = splitMix(seed + (4L * j + w + 1) * GOLDEN);
        int base = w * 64;
        for (int b = 0; b < 64; b++) {
          sums[base + b] += Double.longBitsToDouble(x ^ (~(bits << b) & SIGN));
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

  private static long splitMix(long state) {
    long z = state;
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }
}

package network.deai.verifier.domain.fingerprint;

import network.deai.contracts.abi.Bytes32;

/**
 * 256-bit SimHash (Charikar 2002, sign random projections) of a float vector, with hyperplanes
 * drawn from the task seed, so replicas on different hardware get nearby fingerprints for outputs
 * that differ only by float noise.
 *
 * <p>Bit-exact definition: for coordinate {@code j} the 256 hyperplane components are the bits of
 * four 64-bit words {@code r(4j + w)}, {@code w = 0..3}, where {@code r(k)} is SplitMix64's output
 * for state {@code seed + (k + 1) * 0x9E3779B97F4A7C15}. Bit {@code i} of the fingerprint uses
 * component {@code +1} if bit {@code 63 - i % 64} of {@code r(4j + i / 64)} is set, else {@code
 * -1}; its accumulator {@code s_i = Σ_j ±x_j} is summed in double in increasing {@code j}. The
 * fingerprint bit is 1 iff {@code s_i > 0}. Bit {@code i} is stored in 64-bit limb {@code i / 64}
 * (limb 0 = most significant of the bytes32), at position {@code 63 - i % 64}, so limb {@code w}
 * equals {@code r}'s bit layout and Solidity's {@code popcount(a ^ b)} is the Hamming distance.
 */
public final class SimHash {
  private static final long GOLDEN = 0x9E3779B97F4A7C15L;

  private final long seed;

  /** A SimHash keyed by the task seed. */
  public SimHash(long seed) {
    this.seed = seed;
  }

  /** The fingerprint of {@code vector}. */
  public Bytes32 fingerprint(float[] vector) {
    double[] sums = new double[256];
    for (int j = 0; j < vector.length; j++) {
      // ±x without a branch per component: flip x's sign bit where the hyperplane bit is 0, which
      // is exactly what unary minus does, so the accumulators see the same additions in order.
      long x = Double.doubleToRawLongBits(vector[j]);
      for (int w = 0; w < 4; w++) {
        long bits = splitMix(seed + (4L * j + w + 1) * GOLDEN);
        int base = w * 64;
        for (int b = 0; b < 64; b++) {
          sums[base + b] += Double.longBitsToDouble(x ^ (~(bits << b) & Long.MIN_VALUE));
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

  static long splitMix(long state) {
    long z = state;
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }
}

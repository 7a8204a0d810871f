package network.deai.incentive.domain.reward;

import java.math.BigDecimal;
import java.math.RoundingMode;
import network.deai.contracts.abi.Bytes32;
import network.deai.contracts.crypto.Hashes;

/**
 * Shapley values as fixed-point integers for the chain: {@code round_half_even(value · 10⁹)},
 * through the value's exact binary expansion (BigDecimal), so every replica gets the same longs.
 * Values must be finite and |value| ≤ 9·10⁹.
 */
public final class ScoreEncoding {
  /** Fixed-point scale: 1.0 is encoded as 10⁹. */
  public static final long SCALE = 1_000_000_000L;

  /** Largest absolute value accepted. */
  public static final double MAX_ABS = 9e9;

  private ScoreEncoding() {}

  /** Encodes each value. */
  public static long[] toFixedPoint(double[] values) {
    long[] out = new long[values.length];
    for (int i = 0; i < values.length; i++) {
      double v = values[i];
      if (!Double.isFinite(v) || Math.abs(v) > MAX_ABS) {
        throw new IllegalArgumentException("score " + i + " out of range: " + v);
      }
      out[i] =
          new BigDecimal(v)
              .multiply(BigDecimal.valueOf(SCALE))
              .setScale(0, RoundingMode.HALF_EVEN)
              .longValueExact();
    }
    return out;
  }

  /**
   * The digest an aggregator committee commits to for a score vector, as the contract computes it:
   * {@code keccak256(abi.encode(int64[] scores))} (offset word, length word, then each score
   * sign-extended to a 256-bit two's-complement word).
   */
  public static Bytes32 digest(long[] fixedPointScores) {
    byte[] encoded = new byte[Bytes32.SIZE * (2 + fixedPointScores.length)];
    encoded[Bytes32.SIZE - 1] = 0x20;
    putLong(encoded, Bytes32.SIZE, fixedPointScores.length);
    for (int i = 0; i < fixedPointScores.length; i++) {
      putLong(encoded, Bytes32.SIZE * (2 + i), fixedPointScores[i]);
    }
    return Hashes.keccak256(encoded);
  }

  private static void putLong(byte[] out, int wordOffset, long value) {
    byte fill = (byte) (value < 0 ? 0xff : 0);
    java.util.Arrays.fill(out, wordOffset, wordOffset + Bytes32.SIZE - Long.BYTES, fill);
    for (int k = 0; k < Long.BYTES; k++) {
      out[wordOffset + Bytes32.SIZE - 1 - k] = (byte) (value >>> (8 * k));
    }
  }

  /** Decodes a fixed-point score back to a double (for reports). */
  public static double toDouble(long fixedPoint) {
    return (double) fixedPoint / SCALE;
  }
}

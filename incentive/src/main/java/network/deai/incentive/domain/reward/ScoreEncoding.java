package network.deai.incentive.domain.reward;

import java.math.BigDecimal;
import java.math.RoundingMode;

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

  /** Decodes a fixed-point score back to a double (for reports). */
  public static double toDouble(long fixedPoint) {
    return (double) fixedPoint / SCALE;
  }
}

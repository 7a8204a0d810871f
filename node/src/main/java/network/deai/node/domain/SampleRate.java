package network.deai.node.domain;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Locale;

/**
 * A sampled task's check probability as a requester writes it: a percentage ({@code 10%}, {@code
 * 2.5%}) or basis points ({@code 1000bps}); 100% is 10000 bps.
 */
public final class SampleRate {
  private SampleRate() {}

  /**
   * The rate in basis points (1..10000).
   *
   * @throws IllegalArgumentException with one line saying the accepted forms
   */
  public static int parseBps(String text) {
    String t = text.strip().toLowerCase(Locale.ROOT);
    BigDecimal bps;
    try {
      if (t.endsWith("%")) {
        bps = new BigDecimal(t.substring(0, t.length() - 1).strip()).movePointRight(2);
      } else if (t.endsWith("bps")) {
        bps = new BigDecimal(t.substring(0, t.length() - 3).strip());
      } else {
        throw invalid(text);
      }
    } catch (NumberFormatException e) {
      throw invalid(text);
    }
    if (bps.signum() <= 0 || bps.compareTo(BigDecimal.valueOf(Sampling.BPS)) > 0) {
      throw new IllegalArgumentException(
          "--sample-rate must be above 0 and at most 100% (10000bps), got " + text);
    }
    if (bps.stripTrailingZeros().scale() > 0) {
      throw new IllegalArgumentException(
          "--sample-rate must be a whole number of basis points (0.01%), got " + text);
    }
    return bps.intValueExact();
  }

  /** {@code bps} as a percentage, e.g. "12.5%". */
  public static String format(int bps) {
    return BigDecimal.valueOf(bps)
            .movePointLeft(2)
            .setScale(2, RoundingMode.UNNECESSARY)
            .stripTrailingZeros()
            .toPlainString()
        + "%";
  }

  private static IllegalArgumentException invalid(String text) {
    return new IllegalArgumentException(
        "--sample-rate takes a percentage like 10% or basis points like 1000bps, got " + text);
  }
}

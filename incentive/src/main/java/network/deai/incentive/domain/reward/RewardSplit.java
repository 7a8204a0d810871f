package network.deai.incentive.domain.reward;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;

/**
 * Splits a round's reward pool by fixed-point scores exactly as the training contract does in
 * integer wei: trainer i gets ⌊pool · max(0, sᵢ) / Σⱼ max(0, sⱼ)⌋ and the remainder (dust) goes to
 * the requester. When no score is positive the whole pool is dust.
 */
public final class RewardSplit {
  private RewardSplit() {}

  /** Splits {@code pool} (wei, ≥ 0) by {@code fixedPointScores}. */
  public static Payouts split(BigInteger pool, long[] fixedPointScores) {
    if (pool.signum() < 0) {
      throw new IllegalArgumentException("pool must be >= 0, got " + pool);
    }
    BigInteger total = BigInteger.ZERO;
    for (long s : fixedPointScores) {
      total = total.add(BigInteger.valueOf(Math.max(0, s)));
    }
    List<BigInteger> payouts = new ArrayList<>();
    BigInteger paid = BigInteger.ZERO;
    for (long s : fixedPointScores) {
      BigInteger share =
          total.signum() == 0
              ? BigInteger.ZERO
              : pool.multiply(BigInteger.valueOf(Math.max(0, s))).divide(total);
      payouts.add(share);
      paid = paid.add(share);
    }
    return new Payouts(payouts, pool.subtract(paid));
  }
}

package network.deai.devnet;

import java.math.BigInteger;

/**
 * The economics a devnet cheater weighs, in wei, for one seat of a task whose result is checked
 * with probability {@code p} (basis points; a replicated task's seats and a sampled task's
 * validators are always compared, p = 10000). Honest: paid the fee share {@code φ}, pays the
 * compute cost {@code c}. Cheating (a cheap wrong result, no compute): unchecked, paid {@code φ};
 * checked, unpaid and slashed {@code S}. So a cheat is expected to earn (1 − p)·φ − p·S against φ −
 * c honestly, and pays iff c > p·(φ + S). With c ≤ φ (nobody takes work that costs more than it
 * pays) no rate at or above the contract's bound ceil(10000·φ / (φ + S)) makes it pay: the bound is
 * {@link #minRateBps} with the same rounding as {@code Sampling.minRateBps}.
 */
final class CheatEconomics {
  /** Basis points in one. */
  static final int BPS = 10_000;

  private CheatEconomics() {}

  /** The contract's lowest accepted rate for fee share {@code feeShare} and slash {@code slash}. */
  static int minRateBps(BigInteger feeShare, BigInteger slash) {
    BigInteger denominator = feeShare.add(slash);
    if (denominator.signum() == 0) {
      return BPS;
    }
    return BigInteger.valueOf(BPS)
        .multiply(feeShare)
        .add(denominator)
        .subtract(BigInteger.ONE)
        .divide(denominator)
        .intValueExact();
  }

  /**
   * Expected profit of cheating minus honest profit, times 10000 (exact): 10000·c − p·(φ + S).
   * Positive iff a rational cheater cheats.
   */
  static BigInteger cheatAdvantageTimesBps(
      int rateBps, BigInteger feeShare, BigInteger slash, BigInteger cost) {
    if (rateBps < 0 || rateBps > BPS) {
      throw new IllegalArgumentException("rate must be 0..10000 basis points, got " + rateBps);
    }
    return cost.multiply(BigInteger.valueOf(BPS))
        .subtract(feeShare.add(slash).multiply(BigInteger.valueOf(rateBps)));
  }

  /** Whether cheating is expected to earn more than honest work. */
  static boolean cheatPays(int rateBps, BigInteger feeShare, BigInteger slash, BigInteger cost) {
    return cheatAdvantageTimesBps(rateBps, feeShare, slash, cost).signum() > 0;
  }
}

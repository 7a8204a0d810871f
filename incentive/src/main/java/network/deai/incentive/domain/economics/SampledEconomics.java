package network.deai.incentive.domain.economics;

import java.math.BigDecimal;
import java.math.BigInteger;

/**
 * What sampled validation costs and whether it deters, for one task (docs/protocol.md, "Sampled
 * validation"): one executor runs it and, with probability {@code p = rateBps / 10000} decided
 * after its commit, {@code v} validators recompute it. All amounts are wei; every answer is exact.
 *
 * <ul>
 *   <li>Expected requester cost per task: {@code (1 + p·v)·φ} with φ the fee per seat (undrawn
 *       validator shares are refunded; escalations and challenges are left out).
 *   <li>Expected compute factor: {@code 1 + p·v} executions per task.
 *   <li>A cheater skips the work of cost {@code C}: unchecked (1 − p) it keeps φ, checked (p) it is
 *       caught, unpaid and slashed {@code S}. Expected profit {@code (1 − p)·φ − p·S} against
 *       {@code φ − C} for honest work; cheating pays iff {@code 10000·C > rateBps·(φ + S)}.
 *   <li>The minimal rate is the smallest {@code rateBps} at which cheating does not pay for any
 *       {@code C ≤ φ} (nobody takes work that costs more than it pays); it equals the contract's
 *       {@code ceil(10000·φ / (φ + S))}.
 * </ul>
 *
 * The model assumes a checked cheat is caught, i.e. an honest majority among the drawn validators
 * and escalation seats; the unchecked branch's challenge only adds deterrence and is ignored.
 *
 * @param feePerSeat φ, the fee share of one seat
 * @param slash S, what a caught executor loses besides its share
 * @param costOfWork C, what running the task honestly costs the executor
 * @param rateBps the check probability in basis points, 0..10000
 * @param validators v, the validators drawn when the task is checked, at least 1
 */
public record SampledEconomics(
    BigInteger feePerSeat, BigInteger slash, BigInteger costOfWork, int rateBps, int validators) {
  /** Basis points in one. */
  public static final int BPS = 10_000;

  private static final BigDecimal BPS_DECIMAL = BigDecimal.valueOf(BPS);

  /** Checks that amounts are non-negative, the rate is in [0, 10000] and v is at least 1. */
  public SampledEconomics {
    if (feePerSeat.signum() < 0 || slash.signum() < 0 || costOfWork.signum() < 0) {
      throw new IllegalArgumentException("feePerSeat, slash and costOfWork must be >= 0");
    }
    if (rateBps < 0 || rateBps > BPS || validators < 1) {
      throw new IllegalArgumentException(
          "need rateBps in [0, 10000] and validators >= 1, got " + rateBps + ", " + validators);
    }
  }

  /** Executions per task on average, {@code 1 + p·v} (1 when nothing is checked). */
  public BigDecimal computeFactor() {
    return scaled(BigInteger.valueOf(BPS + (long) rateBps * validators));
  }

  /** What the requester pays per task on average, {@code (1 + p·v)·φ}. */
  public BigDecimal expectedRequesterCost() {
    return scaled(feePerSeat.multiply(BigInteger.valueOf(BPS + (long) rateBps * validators)));
  }

  /** A cheater's expected profit, {@code (1 − p)·φ − p·S}; negative when the slash outweighs it. */
  public BigDecimal expectedCheatProfit() {
    BigInteger unchecked = feePerSeat.multiply(BigInteger.valueOf(BPS - rateBps));
    return scaled(unchecked.subtract(slash.multiply(BigInteger.valueOf(rateBps))));
  }

  /** An honest executor's profit, {@code φ − C}. */
  public BigInteger honestProfit() {
    return feePerSeat.subtract(costOfWork);
  }

  /**
   * Whether a rational executor cheats: only when cheating earns strictly more than honest work.
   */
  public boolean shouldCheat() {
    return expectedCheatProfit().compareTo(new BigDecimal(honestProfit())) > 0;
  }

  /**
   * The smallest rate in basis points at which no cheat with {@code C ≤ φ} pays, found by bisection
   * on {@link #shouldCheat()} with {@code C = φ} (the worst case); 10000 when φ = S = 0, the
   * contract's convention for a task with nothing at stake.
   */
  public static int minimalRateBps(BigInteger feePerSeat, BigInteger slash) {
    if (feePerSeat.signum() == 0 && slash.signum() == 0) {
      return BPS;
    }
    int low = 0;
    int high = BPS; // at p = 1 cheating never pays: (1 − 1)·φ − S ≤ 0 = φ − φ
    while (low < high) {
      int mid = (low + high) >>> 1;
      if (new SampledEconomics(feePerSeat, slash, feePerSeat, mid, 1).shouldCheat()) {
        low = mid + 1;
      } else {
        high = mid;
      }
    }
    return low;
  }

  private static BigDecimal scaled(BigInteger timesBps) {
    // 10000 = 2^4·5^4, so the quotient is a terminating decimal: exact.
    return new BigDecimal(timesBps).divide(BPS_DECIMAL);
  }
}

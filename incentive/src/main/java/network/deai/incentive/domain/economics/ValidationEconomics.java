package network.deai.incentive.domain.economics;

/**
 * When does cheating stop paying? The model: a cheater skips the work and saves its cost {@code C}
 * (it would have been paid the fee either way); if caught it loses the slash {@code S}. A rational
 * cheater is deterred iff P(caught)·S ≥ (1 − P(caught))·C.
 *
 * <ul>
 *   <li><b>Spot checks</b> (Proof-of-Sampling style): a task is re-verified with probability p;
 *       deterrence needs p ≥ C / (C + S).
 *   <li><b>Replication</b>: each of the other r − 1 replicas is, independently, controlled by the
 *       cheater's colluders with probability c (their share of identities, since selection is
 *       uniform over identities). The cheat survives when the colluders, counting the cheater,
 *       reach the quorum ⌊r/2⌋ + 1. It is caught (slashed) only when the honest replicas alone
 *       reach the quorum; a split without a group refunds the task and slashes nobody.
 * </ul>
 *
 * Sampled validation, where a caught cheater also forfeits its fee share, has its own exact model
 * matching the contract's bound: {@link SampledEconomics}.
 */
public final class ValidationEconomics {
  private ValidationEconomics() {}

  /** The inputs, in wei and as a fraction. */
  public record Inputs(double costOfWork, double slash, double colludingShare) {
    /** Checks ranges. */
    public Inputs {
      if (costOfWork < 0 || slash < 0 || colludingShare < 0 || colludingShare >= 1) {
        throw new IllegalArgumentException(
            "need costOfWork >= 0, slash >= 0 and colludingShare in [0, 1)");
      }
    }
  }

  /** The answer for replication. */
  public sealed interface Replication {
    /** Cheating does not pay with {@code replicas} replicas; {@code pCaught} at that size. */
    record Deterred(int replicas, double pCaught) implements Replication {}

    /** No replica count up to the limit deters cheating; {@code reason} says why. */
    record NotDeterred(String reason, double bestPCaught) implements Replication {}
  }

  /** Minimum spot-check probability C / (C + S); 1 when S = 0 and C > 0; 0 when C = 0. */
  public static double minimumSamplingRate(Inputs in) {
    if (in.costOfWork() == 0) {
      return 0;
    }
    return in.costOfWork() / (in.costOfWork() + in.slash());
  }

  /** Smallest odd-or-even r in 1..maxReplicas that deters a cheater, or why none does. */
  public static Replication minimumReplicas(Inputs in, int maxReplicas) {
    double best = 0;
    for (int r = 1; r <= maxReplicas; r++) {
      double caught = probabilityCaught(r, in.colludingShare());
      best = Math.max(best, caught);
      boolean slashBites = in.slash() > 0 || in.costOfWork() == 0;
      if (slashBites && caught * in.slash() >= (1 - caught) * in.costOfWork()) {
        return new Replication.Deterred(r, caught);
      }
    }
    String reason =
        in.slash() == 0
            ? "no slash: getting caught costs nothing"
            : in.colludingShare() >= 0.5
                ? "colluders hold half or more of the identities: they win majorities"
                : "needs more than " + maxReplicas + " replicas";
    return new Replication.NotDeterred(reason, best);
  }

  /**
   * P(the honest replicas among the other r − 1 reach the quorum ⌊r/2⌋ + 1), the only case in which
   * the contract slashes a wrong result (without a group it refunds and slashes no one).
   */
  public static double probabilityCaught(int replicas, double colludingShare) {
    int quorum = replicas / 2 + 1;
    int others = replicas - 1;
    double caught = 0;
    for (int k = 0; k <= others; k++) {
      if (others - k >= quorum) {
        caught +=
            binomial(others, k)
                * StrictMath.pow(colludingShare, k)
                * StrictMath.pow(1 - colludingShare, others - k);
      }
    }
    return caught;
  }

  private static double binomial(int n, int k) {
    double b = 1;
    for (int i = 1; i <= k; i++) {
      b = b * (n - k + i) / i;
    }
    return b;
  }
}

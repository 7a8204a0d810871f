package network.deai.incentive.domain.reward;

/**
 * The one penalty rule of a federated job's round, applied by every committee member and auditor
 * ({@code RoundComputation} in the node calls {@link #decide} for each trainer):
 *
 * <ol>
 *   <li>a trainer whose update is invalid (revealed but unfetchable, not matching its commitment,
 *       malformed or not finite) is flagged: {@link PenaltyDecision.Reason#INVALID_UPDATE};
 *   <li>a trainer whose valid update the robust rule excluded is flagged only when its Shapley
 *       value is at most {@code −flagMargin}, i.e. it made the validation utility clearly worse:
 *       {@link PenaltyDecision.Reason#HARMFUL_UPDATE}. An excluded update that merely did not help
 *       (a label-skewed, non-IID shard) is not penalised; it scores what it is worth;
 *   <li>nobody else is flagged. In particular a Sybil cluster is not penalised: its members share
 *       one cluster's Shapley value, so splitting into identities earns nothing extra, and honest
 *       trainers with similar data that happen to cluster lose only credit, never stake.
 * </ol>
 *
 * A flagged trainer is unpaid and, when the verdict group is a two-thirds group of at least 3,
 * loses {@code slashAmount} on chain (docs/protocol.md §4).
 *
 * <p>The committee's randomness sits beside this rule: a round's seed is {@link #roundSeed}{@code
 * (jobSeed, round)} = {@code jobSeed · 1,000,003 + round} (64-bit wrapping arithmetic), where
 * {@code jobSeed} is the job spec's {@code seed}. It seeds the truncated Monte Carlo Shapley
 * permutations ({@code SplittableRandom(roundSeed)}) and the {@code bucketing} shuffle; it depends
 * only on the spec and the round number, so every member and auditor derives the same value.
 * Trainer and committee selection use the chain's seed instead ({@code
 * keccak256(blockhash(seedBlock), jobId, round)}), and trainers' local SGD seeds are private to
 * each trainer.
 *
 * @param flagMargin how far below zero an excluded update's Shapley value must be for a flag;
 *     finite and non-negative
 */
public record PenaltyPolicy(double flagMargin) {
  /** Checks the margin. */
  public PenaltyPolicy {
    if (!(flagMargin >= 0) || Double.isInfinite(flagMargin)) {
      throw new IllegalArgumentException("flagMargin must be finite and >= 0: " + flagMargin);
    }
  }

  /**
   * The committee's seed of round {@code round} of a job whose spec carries {@code jobSeed}: {@code
   * jobSeed · 1,000,003 + round}, wrapping.
   */
  public static long roundSeed(long jobSeed, long round) {
    return jobSeed * 1_000_003L + round;
  }

  /**
   * The decision for one trainer.
   *
   * @param invalid its update was revealed but is invalid
   * @param excludedByRobustRule the rule left its (valid) update out of the aggregate
   * @param value its Shapley value (0 for an invalid update)
   */
  public PenaltyDecision decide(boolean invalid, boolean excludedByRobustRule, double value) {
    if (invalid) {
      return new PenaltyDecision.Penalised(PenaltyDecision.Reason.INVALID_UPDATE);
    }
    if (excludedByRobustRule && value <= -flagMargin) {
      return new PenaltyDecision.Penalised(PenaltyDecision.Reason.HARMFUL_UPDATE);
    }
    return new PenaltyDecision.NoPenalty();
  }
}

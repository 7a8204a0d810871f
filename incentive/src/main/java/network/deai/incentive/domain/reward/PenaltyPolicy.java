package network.deai.incentive.domain.reward;

import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * The one penalty rule of a federated job's round, applied by every committee member and auditor
 * ({@code RoundComputation} in the node calls {@link #decide} and {@link #scores}):
 *
 * <ol>
 *   <li>a trainer whose update is invalid (revealed but unfetchable, not matching its commitment,
 *       malformed or not finite) is flagged: {@link PenaltyDecision.Reason#INVALID_UPDATE}. Only
 *       this is slashed, because only this is proof: anyone can check the bytes against the
 *       commitment, and an honest trainer always can send valid bytes;
 *   <li>a trainer whose valid update the robust rule excluded is unpaid, never flagged: {@link
 *       PenaltyDecision.Reason#EXCLUDED}. Its score is its value capped at 0. Exclusion is a
 *       statistical judgement about one round: a label-skewed (non-IID) shard, something the
 *       trainer cannot control, is excluded as readily as an attack, so it may cost pay but never
 *       stake;
 *   <li>a trainer whose valid update the rule kept, but whose history of valid updates in the job
 *       (this round included) points against the job's progress, is unpaid, never flagged: {@link
 *       PenaltyDecision.Reason#AGAINST_PROGRESS}, score capped at 0 as for an excluded update. The
 *       evidence is the verifier's {@code HistoryDirection}: the cosine between the trainer's
 *       summed unit updates and the summed robust aggregates of the same rounds is below 0.1. It
 *       stops a persistent sign flip or noise sender from being paid in a round where the rule
 *       keeps it (because it dropped a skewed honest update instead) and its Shapley value is
 *       positive; it is not slashed, because it is a statistical judgement like exclusion;
 *   <li>every other trainer with a valid update is paid by its value (after Sybil sharing and
 *       history weighting). When none of them has a positive score, each of them scores the
 *       smallest positive unit (10⁻⁹), so that the pool is split equally among them. When no
 *       trainer is paid, every score is at most 0 and the chain pays no trainer: the pool goes back
 *       to the requester, never to excluded or against-progress trainers.
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
 */
public final class PenaltyPolicy {
  private PenaltyPolicy() {}

  /**
   * The committee's seed of round {@code round} of a job whose spec carries {@code jobSeed}: {@code
   * jobSeed · 1,000,003 + round}, wrapping.
   */
  public static long roundSeed(long jobSeed, long round) {
    return jobSeed * 1_000_003L + round;
  }

  /**
   * The decision for one trainer that revealed.
   *
   * @param invalid its update was revealed but is invalid
   * @param excludedByRobustRule the rule left its (valid) update out of the aggregate
   * @param againstProgress its history of valid updates, this one included, points against the
   *     job's progress ({@code HistoryDirection.opposed} in the verifier)
   */
  public static PenaltyDecision decide(
      boolean invalid, boolean excludedByRobustRule, boolean againstProgress) {
    if (invalid) {
      return new PenaltyDecision.Penalised(PenaltyDecision.Reason.INVALID_UPDATE);
    }
    if (excludedByRobustRule) {
      return new PenaltyDecision.Unpaid(PenaltyDecision.Reason.EXCLUDED);
    }
    if (againstProgress) {
      return new PenaltyDecision.Unpaid(PenaltyDecision.Reason.AGAINST_PROGRESS);
    }
    return new PenaltyDecision.Paid();
  }

  /**
   * The fixed-point scores the chain pays by ({@link ScoreEncoding}): a paid trainer's value, an
   * unpaid one's value capped at 0, 0 for a flagged one or one without a decision (did not reveal);
   * when no paid trainer's score is positive, every paid trainer scores 1.
   *
   * @param values value per trainer index (finite, |v| ≤ {@link ScoreEncoding#MAX_ABS})
   * @param decisions decision per trainer index; null where the trainer did not reveal
   */
  public static long[] scores(double[] values, List<@Nullable PenaltyDecision> decisions) {
    if (values.length != decisions.size()) {
      throw new IllegalArgumentException(
          values.length + " values for " + decisions.size() + " decisions");
    }
    long[] fixed = ScoreEncoding.toFixedPoint(values);
    boolean anyPositive = false;
    for (int i = 0; i < fixed.length; i++) {
      PenaltyDecision d = decisions.get(i);
      if (d == null || d instanceof PenaltyDecision.Penalised) {
        fixed[i] = 0;
      } else if (d instanceof PenaltyDecision.Unpaid) {
        fixed[i] = Math.min(fixed[i], 0);
      } else {
        anyPositive |= fixed[i] > 0;
      }
    }
    if (!anyPositive) {
      for (int i = 0; i < fixed.length; i++) {
        if (decisions.get(i) instanceof PenaltyDecision.Paid) {
          fixed[i] = 1;
        }
      }
    }
    return fixed;
  }
}

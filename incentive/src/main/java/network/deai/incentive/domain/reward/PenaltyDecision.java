package network.deai.incentive.domain.reward;

/** What a round does to a trainer that revealed, and why; see {@link PenaltyPolicy}. */
public sealed interface PenaltyDecision {
  /** Why a trainer is unpaid or penalised. */
  enum Reason {
    /** Its update was revealed but is invalid: unfetchable, wrong digest, malformed, not finite. */
    INVALID_UPDATE,
    /** The robust rule excluded its valid update: unpaid, not slashed. */
    EXCLUDED,
    /**
     * Its valid updates, summed over its rounds of the job, point against the job's progress (the
     * verifier's {@code HistoryDirection}): unpaid, not slashed.
     */
    AGAINST_PROGRESS
  }

  /** Paid by its value. */
  record Paid() implements PenaltyDecision {}

  /** Not paid (score capped at 0), not flagged, keeps its stake. */
  record Unpaid(Reason reason) implements PenaltyDecision {}

  /** Flagged: unpaid, and slashed under a two-thirds verdict group. */
  record Penalised(Reason reason) implements PenaltyDecision {}

  /** Whether the trainer is flagged (slashable). */
  default boolean flagged() {
    return this instanceof Penalised;
  }
}

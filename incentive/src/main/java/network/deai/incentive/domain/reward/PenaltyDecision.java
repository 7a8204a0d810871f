package network.deai.incentive.domain.reward;

/** Whether a trainer is penalised (flagged) in a round, and why; see {@link PenaltyPolicy}. */
public sealed interface PenaltyDecision {
  /** Why a trainer is penalised. */
  enum Reason {
    /** Its update was revealed but is invalid: unfetchable, wrong digest, malformed, not finite. */
    INVALID_UPDATE,
    /** The robust rule excluded its update and its Shapley value is at most −flagMargin. */
    HARMFUL_UPDATE
  }

  /** No penalty. */
  record NoPenalty() implements PenaltyDecision {}

  /** Penalised for {@code reason}. */
  record Penalised(Reason reason) implements PenaltyDecision {}

  /** Whether the trainer is flagged. */
  default boolean flagged() {
    return this instanceof Penalised;
  }
}

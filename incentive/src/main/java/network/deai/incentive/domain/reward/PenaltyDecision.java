package network.deai.incentive.domain.reward;

/** Whether a trainer is penalised in a round, and why. */
public sealed interface PenaltyDecision {
  /** Why a trainer is penalised. */
  enum Reason {
    /** The robust aggregation rule excluded its update. */
    BYZANTINE,
    /** Its update belongs to a near-duplicate cluster larger than the allowed size. */
    SYBIL_CLUSTER
  }

  /** No penalty. */
  record NoPenalty() implements PenaltyDecision {}

  /** Penalised for {@code reason}. */
  record Penalised(Reason reason) implements PenaltyDecision {}
}

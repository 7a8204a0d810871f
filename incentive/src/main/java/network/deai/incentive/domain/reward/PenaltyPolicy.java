package network.deai.incentive.domain.reward;

/**
 * Decides penalties from a round's facts: a trainer whose update the robust rule excluded is
 * Byzantine; a trainer in a near-duplicate cluster with more than {@code maxClusterSize} identities
 * is a Sybil. Byzantine wins when both hold.
 */
public record PenaltyPolicy(int maxClusterSize) {
  /** Checks the cluster bound. */
  public PenaltyPolicy {
    if (maxClusterSize < 1) {
      throw new IllegalArgumentException("maxClusterSize must be >= 1, got " + maxClusterSize);
    }
  }

  /** The decision for one trainer. */
  public PenaltyDecision decide(boolean excludedByRobustRule, int clusterSize) {
    if (excludedByRobustRule) {
      return new PenaltyDecision.Penalised(PenaltyDecision.Reason.BYZANTINE);
    }
    if (clusterSize > maxClusterSize) {
      return new PenaltyDecision.Penalised(PenaltyDecision.Reason.SYBIL_CLUSTER);
    }
    return new PenaltyDecision.NoPenalty();
  }
}

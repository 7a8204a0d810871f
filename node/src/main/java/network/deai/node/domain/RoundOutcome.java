package network.deai.node.domain;

/** {@code ITrainingJobs.RoundOutcome}, value for value: how a training round ended. */
public enum RoundOutcome {
  /** Not decided yet. */
  PENDING(0, "Pending"),
  /** A committee group agreed: its scores were posted and its model recorded. */
  AGREED(1, "Agreed"),
  /** No group agreed (or nobody posted its scores): pool and fee were refunded. */
  NO_CONSENSUS(2, "NoConsensus");

  private final int value;
  private final String solidityName;

  RoundOutcome(int value, String solidityName) {
    this.value = value;
    this.solidityName = solidityName;
  }

  /**
   * The outcome the contract encodes as {@code value}.
   *
   * @throws IllegalArgumentException for a value the contract does not declare
   */
  public static RoundOutcome fromChain(int value) {
    for (RoundOutcome outcome : values()) {
      if (outcome.value == value) {
        return outcome;
      }
    }
    throw new IllegalArgumentException("unknown RoundOutcome " + value);
  }

  /** The value the contract encodes this outcome as. */
  public int value() {
    return value;
  }

  /** The name the contract declares, as users see it ("NoConsensus"). */
  public String solidityName() {
    return solidityName;
  }
}

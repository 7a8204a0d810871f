package network.deai.node.domain;

/** {@code ITrainingJobs.PenaltyReason}, value for value: why a node lost stake in a round. */
public enum PenaltyReason {
  /** Not penalised. */
  NONE(0, "None"),
  /** A trainer the committee flagged, when every member revealed the verdict. */
  FLAGGED(1, "Flagged"),
  /** A committee member that revealed an aggregate outside the agreeing group. */
  WRONG_AGGREGATE(2, "WrongAggregate"),
  /** A trainer or member that did not commit or reveal. */
  NO_SHOW(3, "NoShow");

  private final int value;
  private final String solidityName;

  PenaltyReason(int value, String solidityName) {
    this.value = value;
    this.solidityName = solidityName;
  }

  /**
   * The reason the contract encodes as {@code value}.
   *
   * @throws IllegalArgumentException for a value the contract does not declare
   */
  public static PenaltyReason fromChain(int value) {
    for (PenaltyReason reason : values()) {
      if (reason.value == value) {
        return reason;
      }
    }
    throw new IllegalArgumentException("unknown PenaltyReason " + value);
  }

  /** The value the contract encodes this reason as. */
  public int value() {
    return value;
  }

  /** The name the contract declares ("None" for {@link #NONE}). */
  public String solidityName() {
    return solidityName;
  }

  /** What reports print: the declared name, and nothing for {@link #NONE}. */
  public String label() {
    return this == NONE ? "" : solidityName;
  }
}

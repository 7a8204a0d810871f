package network.deai.node.domain;

/** {@code ITaskManager.ReplicaOutcome}, value for value: what finalization did to a replica. */
public enum ReplicaOutcome {
  /** Not finalized yet. */
  PENDING(0, "Pending"),
  /** In the verdict group and credited. */
  PAID(1, "Paid"),
  /** Slashed for a result the verdict group disagreed with. */
  SLASHED_WRONG(2, "SlashedWrong"),
  /** Slashed for neither committing and revealing nor abstaining. */
  SLASHED_NO_SHOW(3, "SlashedNoShow"),
  /** Neither paid nor slashed. */
  UNPAID(4, "Unpaid"),
  /** Stepped back before committing: no pay, no penalty. */
  ABSTAINED(5, "Abstained");

  private final int value;
  private final String solidityName;

  ReplicaOutcome(int value, String solidityName) {
    this.value = value;
    this.solidityName = solidityName;
  }

  /**
   * The outcome the contract encodes as {@code value}.
   *
   * @throws IllegalArgumentException for a value the contract does not declare
   */
  public static ReplicaOutcome fromChain(int value) {
    for (ReplicaOutcome outcome : values()) {
      if (outcome.value == value) {
        return outcome;
      }
    }
    throw new IllegalArgumentException("unknown ReplicaOutcome " + value);
  }

  /** The value the contract encodes this outcome as. */
  public int value() {
    return value;
  }

  /** The name the contract declares ("SlashedWrong"). */
  public String solidityName() {
    return solidityName;
  }
}

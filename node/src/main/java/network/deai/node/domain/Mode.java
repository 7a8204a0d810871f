package network.deai.node.domain;

/** {@code ITaskManager.Mode}, value for value: how the replicas of a task are compared. */
public enum Mode {
  /** Fingerprints must be equal (the fingerprint is the result digest). */
  EXACT(0, "Exact"),
  /** Fingerprints agree within the task's Hamming distance. */
  SIMILAR(1, "Similar");

  private final int value;
  private final String solidityName;

  Mode(int value, String solidityName) {
    this.value = value;
    this.solidityName = solidityName;
  }

  /**
   * The mode the contract encodes as {@code value}.
   *
   * @throws IllegalArgumentException for a value the contract does not declare
   */
  public static Mode fromChain(int value) {
    for (Mode mode : values()) {
      if (mode.value == value) {
        return mode;
      }
    }
    throw new IllegalArgumentException("unknown Mode " + value);
  }

  /** The value the contract encodes this mode as. */
  public int value() {
    return value;
  }

  /** The name the contract declares. */
  public String solidityName() {
    return solidityName;
  }
}

package network.deai.node.domain;

/** {@code ITaskManager.SlashReason}, value for value: why a replica lost stake. */
public enum SlashReason {
  /** Not slashed. */
  NONE(0, "None"),
  /** Revealed a result outside a verdict group that may slash. */
  WRONG_RESULT(1, "WrongResult"),
  /** Neither committed and revealed nor abstained. */
  NO_SHOW(2, "NoShow");

  private final int value;
  private final String solidityName;

  SlashReason(int value, String solidityName) {
    this.value = value;
    this.solidityName = solidityName;
  }

  /**
   * The reason the contract encodes as {@code value}.
   *
   * @throws IllegalArgumentException for a value the contract does not declare
   */
  public static SlashReason fromChain(int value) {
    for (SlashReason reason : values()) {
      if (reason.value == value) {
        return reason;
      }
    }
    throw new IllegalArgumentException("unknown SlashReason " + value);
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

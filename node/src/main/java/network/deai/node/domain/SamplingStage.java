package network.deai.node.domain;

/**
 * {@code ITaskManager.SamplingStage}, value for value: where a sampled task is in its check. A
 * fully replicated task stays {@link #NONE}.
 */
public enum SamplingStage {
  /** Not a sampled task. */
  NONE(0, "None"),
  /** The executor (seat 0) runs the task and commits; the check is not decided yet. */
  EXECUTING(1, "Executing"),
  /** The decision drew validators, which recompute the task. */
  CHECKED(2, "Checked"),
  /** The decision drew nobody: the executor reveals and the challenge window runs. */
  UNCHECKED(3, "Unchecked"),
  /** Someone challenged the unchecked result; validators are drawn by the next start. */
  CHALLENGED(4, "Challenged"),
  /** The challenge's validators were drawn and recompute the task. */
  CHALLENGE_CHECKED(5, "ChallengeChecked");

  private final int value;
  private final String solidityName;

  SamplingStage(int value, String solidityName) {
    this.value = value;
    this.solidityName = solidityName;
  }

  /**
   * The stage the contract encodes as {@code value}.
   *
   * @throws IllegalArgumentException for a value the contract does not declare
   */
  public static SamplingStage fromChain(int value) {
    for (SamplingStage stage : values()) {
      if (stage.value == value) {
        return stage;
      }
    }
    throw new IllegalArgumentException("unknown SamplingStage " + value);
  }

  /** The value the contract encodes this stage as. */
  public int value() {
    return value;
  }

  /** The name the contract declares, as users see it ("ChallengeChecked"). */
  public String solidityName() {
    return solidityName;
  }

  /**
   * Whether the next {@code startTask} of a Pending task in this stage decides the check, or draws
   * the validators of a checked decision that found none free or of a challenge (rather than
   * drawing the executor). The executor owes that call: a decision nobody took by the start
   * deadline makes it a no-show.
   */
  public boolean waitsForDecisionOrValidators() {
    return this == EXECUTING || this == CHECKED || this == CHALLENGED;
  }

  /** Whether validators were (or are to be) drawn to recompute the executor's result. */
  public boolean validated() {
    return this == CHECKED || this == CHALLENGED || this == CHALLENGE_CHECKED;
  }
}

package network.deai.node.domain;

/**
 * {@code ITrainingJobs.JobState}, value for value: where a training job is in its life. States only
 * move forward, except that a job goes back from Running to Waiting between rounds (and while a
 * challenged round waits for its escalation's draw); {@link #FINISHED} and {@link #CANCELLED} are
 * final.
 */
public enum JobState {
  /** No job has this id. */
  NONE(0, "None"),
  /** Waiting for {@code startRound}: created, or between rounds. */
  WAITING(1, "Waiting"),
  /** A round runs. */
  RUNNING(2, "Running"),
  /** Every round was settled. */
  FINISHED(3, "Finished"),
  /** Cancelled by its requester while waiting. */
  CANCELLED(4, "Cancelled");

  private final int value;
  private final String solidityName;

  JobState(int value, String solidityName) {
    this.value = value;
    this.solidityName = solidityName;
  }

  /**
   * The state the contract encodes as {@code value}.
   *
   * @throws IllegalArgumentException for a value the contract does not declare
   */
  public static JobState fromChain(int value) {
    for (JobState state : values()) {
      if (state.value == value) {
        return state;
      }
    }
    throw new IllegalArgumentException("unknown JobState " + value);
  }

  /** The value the contract encodes this state as. */
  public int value() {
    return value;
  }

  /** The name the contract declares, as users see it ("Waiting"). */
  public String solidityName() {
    return solidityName;
  }

  /** Whether the job still has rounds to run: Waiting or Running. */
  public boolean isOpen() {
    return this == WAITING || this == RUNNING;
  }

  /** Whether the job is over: Finished or Cancelled. */
  public boolean isFinal() {
    return this == FINISHED || this == CANCELLED;
  }
}

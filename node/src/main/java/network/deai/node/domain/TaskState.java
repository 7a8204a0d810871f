package network.deai.node.domain;

/**
 * {@code ITaskManager.TaskState}, value for value: where a task is in its life. States only move
 * forward, except that an escalation returns a task from Committing or Revealing to Pending once;
 * {@link #SETTLED} and every state after it are final.
 */
public enum TaskState {
  /** Created (or escalated), waiting for {@code startTask}. */
  PENDING(0, "Pending"),
  /** Replicas drawn; the commit window is open. */
  COMMITTING(1, "Committing"),
  /** The reveal window is open. */
  REVEALING(2, "Revealing"),
  /** A verdict group decided the result. */
  SETTLED(3, "Settled"),
  /** Replicas revealed but no group decided. */
  NO_CONSENSUS(4, "NoConsensus"),
  /** Never started, or nobody committed in time. */
  EXPIRED(5, "Expired"),
  /** Cancelled by its requester while Pending. */
  CANCELLED(6, "Cancelled");

  private final int value;
  private final String solidityName;

  TaskState(int value, String solidityName) {
    this.value = value;
    this.solidityName = solidityName;
  }

  /**
   * The state the contract encodes as {@code value}.
   *
   * @throws IllegalArgumentException for a value the contract does not declare
   */
  public static TaskState fromChain(int value) {
    for (TaskState state : values()) {
      if (state.value == value) {
        return state;
      }
    }
    throw new IllegalArgumentException("unknown TaskState " + value);
  }

  /** The value the contract encodes this state as. */
  public int value() {
    return value;
  }

  /** The name the contract declares, as users see it ("NoConsensus"). */
  public String solidityName() {
    return solidityName;
  }

  /** Whether the task is over: Settled and every state after it. */
  public boolean isFinal() {
    return value >= SETTLED.value;
  }
}

package network.deai.node.domain;

/** Names of the contracts' enum values, as they declare them (ITaskManager, ITrainingJobs). */
public final class ChainNames {
  /** {@code JobState.Waiting}. */
  public static final int JOB_WAITING = 1;

  /** {@code JobState.Running}. */
  public static final int JOB_RUNNING = 2;

  /** {@code JobState.Finished}. */
  public static final int JOB_FINISHED = 3;

  /** {@code Stage.TrainCommit}. */
  public static final int TRAIN_COMMIT = 0;

  /** {@code Stage.TrainReveal}. */
  public static final int TRAIN_REVEAL = 1;

  /** {@code Stage.AggregateCommit}. */
  public static final int AGGREGATE_COMMIT = 2;

  /** {@code Stage.AggregateReveal}. */
  public static final int AGGREGATE_REVEAL = 3;

  /** {@code RoundOutcome.Agreed}. */
  public static final int ROUND_AGREED = 1;

  /** {@code TaskState.Pending}: created, waiting for {@code startTask}. */
  public static final int TASK_PENDING = 0;

  /** {@code TaskState.Committing}. */
  public static final int TASK_COMMITTING = 1;

  /** {@code TaskState.Revealing}. */
  public static final int TASK_REVEALING = 2;

  /** {@code TaskState.Settled}: the first final state; every state from here on is final. */
  public static final int TASK_SETTLED = 3;

  /** {@code TaskState.NoConsensus}. */
  public static final int TASK_NO_CONSENSUS = 4;

  /** {@code TaskState.Expired}. */
  public static final int TASK_EXPIRED = 5;

  /** {@code TaskState.Cancelled}. */
  public static final int TASK_CANCELLED = 6;

  /** {@code ReplicaOutcome.Abstained}. */
  public static final int OUTCOME_ABSTAINED = 5;

  /** {@code NodeStatus.Active}. */
  public static final int NODE_ACTIVE = 1;

  private static final String[] JOB_STATES = {
    "None", "Waiting", "Running", "Finished", "Cancelled"
  };
  private static final String[] STAGES = {
    "train-commit", "train-reveal", "aggregate-commit", "aggregate-reveal", "settled"
  };
  private static final String[] STATES = {
    "Pending", "Committing", "Revealing", "Settled", "NoConsensus", "Expired", "Cancelled"
  };
  private static final String[] OUTCOMES = {
    "Pending", "Paid", "SlashedWrong", "SlashedNoShow", "Unpaid", "Abstained"
  };
  private static final String[] ROUND_OUTCOMES = {"Pending", "Agreed", "NoConsensus"};
  private static final String[] PENALTY_REASONS = {"", "Flagged", "WrongAggregate", "NoShow"};
  private static final String[] SLASH_REASONS = {"", "WrongResult", "NoShow"};
  private static final String[] NODE_STATUSES = {
    "None", "Active", "Exiting", "Deactivated", "Exited"
  };

  private ChainNames() {}

  /** {@code TaskState}. */
  public static String state(int value) {
    return name(STATES, value);
  }

  /**
   * A task's state with its escalation: "Pending (escalating)" while it waits for fresh replicas,
   * "Committing (escalation: 7 fresh replicas)" and so on once they were drawn.
   */
  public static String taskState(int value, boolean escalationPending, int escalationSeats) {
    if (escalationPending) {
      return state(value) + " (escalating)";
    }
    return escalationSeats == 0
        ? state(value)
        : state(value) + " (escalation: " + escalationSeats + " fresh replicas)";
  }

  /** Whether {@code TaskState} value {@code state} is final (Settled and every state after it). */
  public static boolean isFinal(int state) {
    return state >= TASK_SETTLED;
  }

  /** {@code ReplicaOutcome}. */
  public static String outcome(int value) {
    return name(OUTCOMES, value);
  }

  /** {@code RoundOutcome} of a training job's round. */
  public static String roundOutcome(int value) {
    return name(ROUND_OUTCOMES, value);
  }

  /** {@code PenaltyReason} of a training job ("" for None). */
  public static String penaltyReason(int value) {
    return name(PENALTY_REASONS, value);
  }

  /** {@code SlashReason} ("" for None). */
  public static String slashReason(int value) {
    return name(SLASH_REASONS, value);
  }

  /** {@code NodeStatus}. */
  public static String nodeStatus(int value) {
    return name(NODE_STATUSES, value);
  }

  /** {@code JobState}. */
  public static String jobState(int value) {
    return name(JOB_STATES, value);
  }

  /** {@code Stage} of a training round, in kebab case. */
  public static String stage(int value) {
    return name(STAGES, value);
  }

  private static String name(String[] names, int value) {
    return value >= 0 && value < names.length ? names[value] : "Unknown(" + value + ")";
  }
}

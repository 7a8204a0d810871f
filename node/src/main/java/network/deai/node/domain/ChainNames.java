package network.deai.node.domain;

/**
 * Names of the training-job contract's enum values, as it declares them (ITrainingJobs). The task
 * side's enums are Java enums: {@link TaskState}, {@link ReplicaOutcome}, {@link SlashReason},
 * {@link NodeStatus}, {@link Mode}.
 */
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

  /** {@code Stage.Challenge}: the verdict is recorded and may be challenged until the deadline. */
  public static final int CHALLENGE = 4;

  /** {@code RoundOutcome.Agreed}. */
  public static final int ROUND_AGREED = 1;

  /**
   * {@code NodeStatus.Active}, for the training-job side; task code reads {@link NodeStatus}
   * instead.
   */
  public static final int NODE_ACTIVE = 1;

  private static final String[] JOB_STATES = {
    "None", "Waiting", "Running", "Finished", "Cancelled"
  };
  private static final String[] STAGES = {
    "train-commit", "train-reveal", "aggregate-commit", "aggregate-reveal", "challenge", "settled"
  };
  private static final String[] ROUND_OUTCOMES = {"Pending", "Agreed", "NoConsensus"};
  private static final String[] PENALTY_REASONS = {"", "Flagged", "WrongAggregate", "NoShow"};

  private ChainNames() {}

  /** {@code RoundOutcome} of a training job's round. */
  public static String roundOutcome(int value) {
    return name(ROUND_OUTCOMES, value);
  }

  /** {@code PenaltyReason} of a training job ("" for None). */
  public static String penaltyReason(int value) {
    return name(PENALTY_REASONS, value);
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

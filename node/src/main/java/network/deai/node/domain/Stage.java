package network.deai.node.domain;

/**
 * {@code ITrainingJobs.Stage}, value for value: the stage of a training round. Stages only move
 * forward; a challenge returns an agreed round from {@link #CHALLENGE} to {@link #AGGREGATE_COMMIT}
 * once, for the escalation's fresh aggregators.
 */
public enum Stage {
  /** Trainers commit to their updates. */
  TRAIN_COMMIT(0, "TrainCommit", "train-commit"),
  /** Trainers reveal their updates. */
  TRAIN_REVEAL(1, "TrainReveal", "train-reveal"),
  /** Committee members commit to their aggregates. */
  AGGREGATE_COMMIT(2, "AggregateCommit", "aggregate-commit"),
  /** Committee members reveal their aggregates; then the verdict is recorded. */
  AGGREGATE_REVEAL(3, "AggregateReveal", "aggregate-reveal"),
  /** The verdict is recorded and may be challenged until the round's deadline. */
  CHALLENGE(4, "Challenge", "challenge"),
  /** The round was paid out (or refunded). */
  SETTLED(5, "Settled", "settled");

  private final int value;
  private final String solidityName;
  private final String label;

  Stage(int value, String solidityName, String label) {
    this.value = value;
    this.solidityName = solidityName;
    this.label = label;
  }

  /**
   * The stage the contract encodes as {@code value}.
   *
   * @throws IllegalArgumentException for a value the contract does not declare
   */
  public static Stage fromChain(int value) {
    for (Stage stage : values()) {
      if (stage.value == value) {
        return stage;
      }
    }
    throw new IllegalArgumentException("unknown Stage " + value);
  }

  /** The value the contract encodes this stage as. */
  public int value() {
    return value;
  }

  /** The name the contract declares ("TrainCommit"). */
  public String solidityName() {
    return solidityName;
  }

  /** The stage as the CLI and the devnet print it, in kebab case ("train-commit"). */
  public String label() {
    return label;
  }

  /** Whether committee members act: AggregateCommit or AggregateReveal. */
  public boolean isAggregating() {
    return this == AGGREGATE_COMMIT || this == AGGREGATE_REVEAL;
  }
}

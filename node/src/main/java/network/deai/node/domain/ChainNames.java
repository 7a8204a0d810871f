package network.deai.node.domain;

/** Names of the contract's enum values, as the contract declares them (ITaskManager). */
public final class ChainNames {
  private static final String[] STATES = {
    "Queued", "Committing", "Revealing", "Settled", "NoConsensus", "Expired"
  };
  private static final String[] OUTCOMES = {
    "Pending", "Paid", "SlashedWrong", "SlashedNoShow", "Unpaid"
  };
  private static final String[] SLASH_REASONS = {"", "WrongResult", "NoShow"};
  private static final String[] NODE_STATUSES = {
    "None", "Active", "Exiting", "Deactivated", "Exited"
  };

  private ChainNames() {}

  /** {@code TaskState}. */
  public static String state(int value) {
    return name(STATES, value);
  }

  /** {@code ReplicaOutcome}. */
  public static String outcome(int value) {
    return name(OUTCOMES, value);
  }

  /** {@code SlashReason} ("" for None). */
  public static String slashReason(int value) {
    return name(SLASH_REASONS, value);
  }

  /** {@code NodeStatus}. */
  public static String nodeStatus(int value) {
    return name(NODE_STATUSES, value);
  }

  private static String name(String[] names, int value) {
    return value >= 0 && value < names.length ? names[value] : "Unknown(" + value + ")";
  }
}

package network.deai.node.domain;

/** {@code INodeRegistry.NodeStatus}, value for value: where a node is in its life. */
public enum NodeStatus {
  /** Never registered at this address. */
  NONE(0, "None"),
  /** Staked and selectable. */
  ACTIVE(1, "Active"),
  /** Asked to leave; unbonding. */
  EXITING(2, "Exiting"),
  /** Stake fell below the node stake after a slash; not selectable until topped up. */
  DEACTIVATED(3, "Deactivated"),
  /** Withdrew its stake and left. */
  EXITED(4, "Exited");

  private final int value;
  private final String solidityName;

  NodeStatus(int value, String solidityName) {
    this.value = value;
    this.solidityName = solidityName;
  }

  /**
   * The status the contract encodes as {@code value}.
   *
   * @throws IllegalArgumentException for a value the contract does not declare
   */
  public static NodeStatus fromChain(int value) {
    for (NodeStatus status : values()) {
      if (status.value == value) {
        return status;
      }
    }
    throw new IllegalArgumentException("unknown NodeStatus " + value);
  }

  /** The value the contract encodes this status as. */
  public int value() {
    return value;
  }

  /** The name the contract declares, as users see it ("Deactivated"). */
  public String solidityName() {
    return solidityName;
  }
}

package network.deai.node.domain;

import java.math.BigInteger;
import java.util.Objects;

/**
 * A node as {@code INodeRegistry.getNode} returns it ({@code NodeInfo}), field for field; an
 * address that never registered reads as status {@link NodeStatus#NONE} with every number zero.
 */
public record Node(
    BigInteger stake,
    long gpuClass,
    long vramMiB,
    NodeStatus status,
    long activeTask,
    long exitBlock,
    String endpoint,
    BigInteger owed,
    long slashCount,
    int executors,
    BigInteger minFeePerReplica) {
  /** Checks that no field is missing and no amount is negative. */
  public Node {
    Objects.requireNonNull(status, "status");
    Objects.requireNonNull(endpoint, "endpoint");
    if (stake.signum() < 0 || owed.signum() < 0 || minFeePerReplica.signum() < 0) {
      throw new IllegalArgumentException("negative amount");
    }
  }

  /** Whether the node is staked and selectable. */
  public boolean isActive() {
    return status == NodeStatus.ACTIVE;
  }
}

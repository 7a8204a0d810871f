package network.deai.node.chain;

import java.math.BigInteger;
import network.deai.contracts.abi.Address;
import network.deai.contracts.abi.Bytes32;
import network.deai.contracts.gen.TaskManager;
import network.deai.node.domain.Mode;
import network.deai.node.domain.Node;
import network.deai.node.domain.NodeStatus;
import network.deai.node.domain.Replica;
import network.deai.node.domain.ReplicaOutcome;
import network.deai.node.domain.Sampling;
import network.deai.node.domain.SamplingStage;
import network.deai.node.domain.Task;
import network.deai.node.domain.TaskState;

/**
 * Maps the web3j-generated view structs of the TaskManager to the node's records; the only place
 * that reads their fields. A value that does not fit its Solidity type (an unknown enum value, a
 * block number beyond {@code long}) fails here, never later in business code.
 */
final class TaskManagerViews {
  private TaskManagerViews() {}

  /** A {@code TaskView} as a {@link Task}. */
  static Task task(TaskManager.TaskView v) {
    return new Task(
        Address.of(v.requester),
        TaskState.fromChain(small(v.state)),
        small(v.kind),
        Mode.fromChain(small(v.mode)),
        small(v.replicas),
        small(v.quorum),
        small(v.maxDistance),
        v.gpuClass.longValueExact(),
        v.fee,
        v.commitDeadline.longValueExact(),
        v.revealDeadline.longValueExact(),
        v.commitWindow.longValueExact(),
        v.revealWindow.longValueExact(),
        small(v.committedMask),
        small(v.revealedMask),
        small(v.groupMask),
        small(v.groupSize),
        Bytes32.wrap(v.verdictFingerprint),
        v.payoutPerMember,
        v.requesterCredit,
        v.seedBlock.longValueExact(),
        v.startDeadline.longValueExact(),
        small(v.abstainedMask),
        v.minVramMiB.longValueExact(),
        small(v.executors),
        small(v.escalationSeats),
        v.escalationPending);
  }

  /** A {@code SamplingView} as a {@link Sampling}. */
  static Sampling sampling(TaskManager.SamplingView v) {
    return new Sampling(
        SamplingStage.fromChain(small(v.stage)),
        small(v.sampleRateBps),
        small(v.validators),
        v.decisionBlock.longValueExact(),
        Address.of(v.challenger),
        v.bond,
        v.challengeDeadline.longValueExact());
  }

  /** A {@code ReplicaView} as a {@link Replica}. */
  static Replica replica(TaskManager.ReplicaView v) {
    return new Replica(
        Address.of(v.worker),
        Bytes32.wrap(v.commitment),
        Bytes32.wrap(v.fingerprint),
        v.committed,
        v.revealed,
        ReplicaOutcome.fromChain(small(v.outcome)),
        v.payout,
        v.slashed);
  }

  /** A {@code NodeInfo} as a {@link Node}. */
  static Node node(TaskManager.NodeInfo v) {
    return new Node(
        v.stake,
        v.gpuClass.longValueExact(),
        v.vramMiB.longValueExact(),
        NodeStatus.fromChain(small(v.status)),
        v.activeTask.longValueExact(),
        v.exitBlock.longValueExact(),
        v.endpoint,
        v.owed,
        v.slashCount.longValueExact(),
        small(v.executors),
        v.minFeePerReplica);
  }

  /** An 8- or 16-bit unsigned value. */
  private static int small(BigInteger value) {
    if (value.signum() < 0 || value.bitLength() > 16) {
      throw new IllegalArgumentException("not an 8- or 16-bit unsigned value: " + value);
    }
    return value.intValue();
  }
}

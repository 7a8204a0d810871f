package network.deai.node.chain;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import network.deai.contracts.abi.Address;
import network.deai.contracts.abi.Bytes32;
import network.deai.contracts.gen.TrainingJobs;
import network.deai.node.domain.Job;
import network.deai.node.domain.JobState;
import network.deai.node.domain.Node;
import network.deai.node.domain.NodeStatus;
import network.deai.node.domain.Round;
import network.deai.node.domain.RoundOutcome;
import network.deai.node.domain.Stage;
import org.jspecify.annotations.Nullable;

/**
 * Maps the web3j-generated view structs of the TrainingJobs contract to the node's records; the
 * only place that reads their fields. A value that does not fit its Solidity type (an unknown enum
 * value, a mask wider than its seats) fails here, never later in business code.
 */
final class TrainingJobsViews {
  private TrainingJobsViews() {}

  /** A {@code JobView} as a {@link Job}. */
  static Job job(TrainingJobs.JobView v) {
    return new Job(
        Address.of(v.requester),
        JobState.fromChain(small(v.state)),
        small(v.rounds),
        small(v.round),
        small(v.trainers),
        small(v.committee),
        small(v.quorum),
        v.trainerClass.longValueExact(),
        v.aggregatorClass.longValueExact(),
        v.poolPerRound,
        v.committeeFeePerRound,
        v.commitWindow.longValueExact(),
        v.revealWindow.longValueExact(),
        v.escrow,
        Bytes32.wrap(v.specDigest),
        Bytes32.wrap(v.modelDigest),
        v.seedBlock.longValueExact());
  }

  /** A {@code RoundView} as a {@link Round}; the zero challenger reads as none. */
  static Round round(TrainingJobs.RoundView v) {
    List<Bytes32> digests = new ArrayList<>(v.updateDigests.size());
    for (byte[] digest : v.updateDigests) {
      digests.add(Bytes32.wrap(digest));
    }
    return new Round(
        Stage.fromChain(small(v.stage)),
        RoundOutcome.fromChain(small(v.outcome)),
        v.deadline.longValueExact(),
        v.trainCommitted.longValueExact(),
        v.trainRevealed.longValueExact(),
        small(v.aggCommitted),
        small(v.aggRevealed),
        small(v.groupMask),
        v.flaggedMask.longValueExact(),
        v.trainers,
        v.committee,
        digests,
        Bytes32.wrap(v.modelDigest),
        Bytes32.wrap(v.scoresDigest),
        account(v.challenger),
        small(v.escalationSeats));
  }

  /** A {@code NodeInfo} (the NodeRegistry's, as TrainingJobs returns it) as a {@link Node}. */
  static Node node(TrainingJobs.NodeInfo v) {
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

  /** An address, or null for the zero address. */
  private static @Nullable Address account(String hex) {
    Address address = Address.of(hex);
    return new BigInteger(address.hex().substring(2), 16).signum() == 0 ? null : address;
  }

  /** An 8- or 16-bit unsigned value. */
  private static int small(BigInteger value) {
    if (value.signum() < 0 || value.bitLength() > 16) {
      throw new IllegalArgumentException("not an 8- or 16-bit unsigned value: " + value);
    }
    return value.intValue();
  }
}

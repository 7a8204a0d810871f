package network.deai.node.chain;

import java.math.BigInteger;
import java.util.List;
import network.deai.contracts.abi.Address;
import network.deai.contracts.abi.Bytes32;
import network.deai.contracts.chain.CustomErrors;
import network.deai.node.chain.ChainError.FeeTooLow;
import network.deai.node.chain.ChainError.InvalidFee;
import network.deai.node.chain.ChainError.InvalidMode;
import network.deai.node.chain.ChainError.InvalidQuorum;
import network.deai.node.chain.ChainError.InvalidReplicas;
import network.deai.node.chain.ChainError.InvalidSampling;
import network.deai.node.chain.ChainError.InvalidWindow;
import network.deai.node.chain.ChainError.NodeBusy;
import network.deai.node.chain.ChainError.NotChallengeable;
import network.deai.node.chain.ChainError.NotEnoughNodes;
import network.deai.node.chain.ChainError.NotFinalizable;
import network.deai.node.chain.ChainError.NotRegistered;
import network.deai.node.chain.ChainError.NotReplica;
import network.deai.node.chain.ChainError.NotRequester;
import network.deai.node.chain.ChainError.NothingToWithdraw;
import network.deai.node.chain.ChainError.Other;
import network.deai.node.chain.ChainError.SampleRateBelowBound;
import network.deai.node.chain.ChainError.SeedNotReady;
import network.deai.node.chain.ChainError.StartClosed;
import network.deai.node.chain.ChainError.Unbonding;
import network.deai.node.chain.ChainError.UnknownTask;
import network.deai.node.chain.ChainError.WrongBond;
import network.deai.node.chain.ChainError.WrongStake;
import network.deai.node.chain.ChainError.WrongState;
import network.deai.node.domain.NodeStatus;
import network.deai.node.domain.SamplingStage;
import network.deai.node.domain.TaskState;

/**
 * Between {@link CustomErrors.Decoded} (a name and web3j values) and {@link ChainError}. An error
 * whose arguments do not have the shape its record needs (another contract version) decodes as
 * {@link Other}, so a refusal is always reported, never lost to a decoding failure.
 */
final class ChainErrors {
  private ChainErrors() {}

  /** The typed error behind {@code decoded}. */
  static ChainError decode(CustomErrors.Decoded decoded) {
    if (JobErrors.covers(decoded.name())) {
      return JobErrors.decode(decoded);
    }
    Args a = new Args(decoded.args());
    try {
      return switch (decoded.name()) {
        case "TaskManagerUnknownTask" -> new UnknownTask(a.uint(0));
        case "TaskManagerInvalidFee" -> new InvalidFee(a.uint(0));
        case "TaskManagerInvalidReplicas" -> new InvalidReplicas(a.number(0), a.number(1));
        case "TaskManagerInvalidQuorum" -> new InvalidQuorum(a.number(0), a.number(1));
        case "TaskManagerInvalidWindow" -> new InvalidWindow(a.number(0), a.number(1), a.number(2));
        case "TaskManagerFeeTooLow" -> new FeeTooLow(a.uint(0), a.uint(1));
        case "TaskManagerNotEnoughNodes" ->
            new NotEnoughNodes(a.uint(0), a.number(1), a.number(2), a.number(3));
        case "TaskManagerSeedNotReady" -> new SeedNotReady(a.uint(0), a.number(1));
        case "TaskManagerStartClosed" -> new StartClosed(a.uint(0), a.number(1));
        case "TaskManagerNotRequester" -> new NotRequester(a.uint(0), a.address(1));
        case "TaskManagerInvalidMode" -> new InvalidMode(a.small(0), a.small(1));
        case "TaskManagerNotReplica" -> new NotReplica(a.uint(0), a.address(1));
        case "TaskManagerWrongState" -> new WrongState(a.uint(0), TaskState.fromChain(a.small(1)));
        case "TaskManagerNotFinalizable" ->
            new NotFinalizable(a.uint(0), TaskState.fromChain(a.small(1)), a.number(2));
        case "TaskManagerNothingToWithdraw" -> new NothingToWithdraw(a.address(0));
        case "NodeRegistryNodeBusy" -> new NodeBusy(a.address(0), a.uint(1));
        case "NodeRegistryUnbonding" -> new Unbonding(a.address(0), a.number(1), a.number(2));
        case "NodeRegistryNotRegistered" ->
            new NotRegistered(a.address(0), NodeStatus.fromChain(a.small(1)));
        case "NodeRegistryWrongStake" -> new WrongStake(a.uint(0), a.uint(1));
        case "TaskManagerInvalidSampling" ->
            new InvalidSampling(a.number(0), a.number(1), a.number(2));
        case "TaskManagerSampleRateBelowBound" ->
            new SampleRateBelowBound(a.number(0), a.number(1));
        case "TaskManagerNotChallengeable" ->
            new NotChallengeable(a.uint(0), SamplingStage.fromChain(a.small(1)), a.number(2));
        case "TaskManagerWrongBond" -> new WrongBond(a.uint(0), a.uint(1));
        default -> new Other(decoded.name(), decoded.args());
      };
    } catch (IllegalArgumentException | ArithmeticException e) {
      return new Other(decoded.name(), decoded.args());
    }
  }

  /** The Solidity name of {@code error}. */
  static String name(ChainError error) {
    return switch (error) {
      case UnknownTask e -> "TaskManagerUnknownTask";
      case InvalidFee e -> "TaskManagerInvalidFee";
      case InvalidReplicas e -> "TaskManagerInvalidReplicas";
      case InvalidQuorum e -> "TaskManagerInvalidQuorum";
      case InvalidWindow e -> "TaskManagerInvalidWindow";
      case FeeTooLow e -> "TaskManagerFeeTooLow";
      case NotEnoughNodes e -> "TaskManagerNotEnoughNodes";
      case SeedNotReady e -> "TaskManagerSeedNotReady";
      case StartClosed e -> "TaskManagerStartClosed";
      case NotRequester e -> "TaskManagerNotRequester";
      case InvalidMode e -> "TaskManagerInvalidMode";
      case NotReplica e -> "TaskManagerNotReplica";
      case WrongState e -> "TaskManagerWrongState";
      case NotFinalizable e -> "TaskManagerNotFinalizable";
      case NothingToWithdraw e -> "TaskManagerNothingToWithdraw";
      case NodeBusy e -> "NodeRegistryNodeBusy";
      case Unbonding e -> "NodeRegistryUnbonding";
      case NotRegistered e -> "NodeRegistryNotRegistered";
      case WrongStake e -> "NodeRegistryWrongStake";
      case InvalidSampling e -> "TaskManagerInvalidSampling";
      case SampleRateBelowBound e -> "TaskManagerSampleRateBelowBound";
      case NotChallengeable e -> "TaskManagerNotChallengeable";
      case WrongBond e -> "TaskManagerWrongBond";
      case Other e -> e.name();
      case JobError e -> JobErrors.name(e);
    };
  }

  /** The arguments of {@code error} as the chain encoded them. */
  static List<Object> args(ChainError error) {
    return switch (error) {
      case UnknownTask e -> List.of(e.taskId());
      case InvalidFee e -> List.of(e.fee());
      case InvalidReplicas e -> List.of(e.replicas(), e.max());
      case InvalidQuorum e -> List.of(e.quorum(), e.replicas());
      case InvalidWindow e -> List.of(e.commitWindow(), e.revealWindow(), e.startWindow());
      case FeeTooLow e -> List.of(e.feePerReplica(), e.minFeePerReplica());
      case NotEnoughNodes e -> List.of(e.taskId(), e.gpuClass(), e.available(), e.replicas());
      case SeedNotReady e -> List.of(e.taskId(), e.firstBlock());
      case StartClosed e -> List.of(e.taskId(), e.startDeadline());
      case NotRequester e -> List.of(e.taskId(), e.caller().hex());
      case InvalidMode e -> List.of(e.mode(), e.maxDistance());
      case NotReplica e -> List.of(e.taskId(), e.caller().hex());
      case WrongState e -> List.of(e.taskId(), e.state().value());
      case NotFinalizable e -> List.of(e.taskId(), e.state().value(), e.blockNumber());
      case NothingToWithdraw e -> List.of(e.account().hex());
      case NodeBusy e -> List.of(e.node().hex(), e.taskId());
      case Unbonding e -> List.of(e.node().hex(), e.exitBlock(), e.blockNumber());
      case NotRegistered e -> List.of(e.node().hex(), e.status().value());
      case WrongStake e -> List.of(e.sent(), e.required());
      case InvalidSampling e -> List.of(e.sampleRateBps(), e.replicas(), e.quorum());
      case SampleRateBelowBound e -> List.of(e.sampleRateBps(), e.minSampleRateBps());
      case NotChallengeable e -> List.of(e.taskId(), e.stage().value(), e.challengeDeadline());
      case WrongBond e -> List.of(e.sent(), e.required());
      case Other e -> e.args();
      case JobError e -> JobErrors.args(e);
    };
  }

  /** Typed access to decoded arguments; a missing or mistyped one is an argument error. */
  record Args(List<Object> values) {
    BigInteger uint(int index) {
      if (index >= values.size() || !(values.get(index) instanceof BigInteger value)) {
        throw new IllegalArgumentException("argument " + index + " is not a uint");
      }
      return value;
    }

    long number(int index) {
      return uint(index).longValueExact();
    }

    int small(int index) {
      return uint(index).intValueExact();
    }

    Address address(int index) {
      if (index >= values.size() || !(values.get(index) instanceof String value)) {
        throw new IllegalArgumentException("argument " + index + " is not an address");
      }
      return Address.of(value);
    }

    Bytes32 bytes32(int index) {
      if (index >= values.size() || !(values.get(index) instanceof byte[] value)) {
        throw new IllegalArgumentException("argument " + index + " is not a bytes32");
      }
      return Bytes32.wrap(value);
    }
  }
}

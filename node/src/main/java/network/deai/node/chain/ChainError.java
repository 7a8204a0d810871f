package network.deai.node.chain;

import java.math.BigInteger;
import java.util.List;
import network.deai.contracts.abi.Address;
import network.deai.node.domain.NodeStatus;
import network.deai.node.domain.SamplingStage;
import network.deai.node.domain.TaskState;

/**
 * A custom error a contract reverted with, decoded into typed fields: the TaskManager's here, the
 * NodeRegistry's (which both contracts extend) here too, and the TrainingJobs contract's as {@link
 * JobError}; errors nobody reacts to by type stay {@link Other}. {@link #name()} and {@link
 * #args()} give the Solidity name and the arguments as the chain encoded them, for messages about
 * errors nobody explains.
 */
public sealed interface ChainError
    permits ChainError.UnknownTask,
        ChainError.InvalidFee,
        ChainError.InvalidReplicas,
        ChainError.InvalidQuorum,
        ChainError.InvalidWindow,
        ChainError.FeeTooLow,
        ChainError.NotEnoughNodes,
        ChainError.SeedNotReady,
        ChainError.StartClosed,
        ChainError.NotRequester,
        ChainError.InvalidMode,
        ChainError.NotReplica,
        ChainError.WrongState,
        ChainError.NotFinalizable,
        ChainError.NothingToWithdraw,
        ChainError.NodeBusy,
        ChainError.Unbonding,
        ChainError.NotRegistered,
        ChainError.WrongStake,
        ChainError.InvalidSampling,
        ChainError.SampleRateBelowBound,
        ChainError.NotChallengeable,
        ChainError.WrongBond,
        ChainError.Other,
        JobError {
  /** {@code TaskManagerUnknownTask}: no task has this id. */
  record UnknownTask(BigInteger taskId) implements ChainError {}

  /** {@code TaskManagerInvalidFee}: no fee was sent, or it does not fit the fee type. */
  record InvalidFee(BigInteger fee) implements ChainError {}

  /** {@code TaskManagerInvalidReplicas}: 0 replicas or more than {@code max}. */
  record InvalidReplicas(long replicas, long max) implements ChainError {}

  /** {@code TaskManagerInvalidQuorum}: the quorum is not a strict majority of the replicas. */
  record InvalidQuorum(long quorum, long replicas) implements ChainError {}

  /** {@code TaskManagerInvalidWindow}: a window is too short or too long. */
  record InvalidWindow(long commitWindow, long revealWindow, long startWindow)
      implements ChainError {}

  /** {@code TaskManagerFeeTooLow}: the fee per replica is below the protocol minimum. */
  record FeeTooLow(BigInteger feePerReplica, BigInteger minFeePerReplica) implements ChainError {}

  /** {@code TaskManagerNotEnoughNodes}: too few capable nodes are free now. */
  record NotEnoughNodes(BigInteger taskId, long gpuClass, long available, long replicas)
      implements ChainError {}

  /** {@code TaskManagerSeedNotReady}: the task cannot be started before {@code firstBlock}. */
  record SeedNotReady(BigInteger taskId, long firstBlock) implements ChainError {}

  /** {@code TaskManagerStartClosed}: the start window closed at {@code startDeadline}. */
  record StartClosed(BigInteger taskId, long startDeadline) implements ChainError {}

  /** {@code TaskManagerNotRequester}: only the task's requester may do this. */
  record NotRequester(BigInteger taskId, Address caller) implements ChainError {}

  /** {@code TaskManagerInvalidMode}: unknown mode, or a distance that does not fit it. */
  record InvalidMode(int mode, int maxDistance) implements ChainError {}

  /** {@code TaskManagerNotReplica}: the caller is not a replica of the task. */
  record NotReplica(BigInteger taskId, Address caller) implements ChainError {}

  /** {@code TaskManagerWrongState}: the task is not in the state the call needs. */
  record WrongState(BigInteger taskId, TaskState state) implements ChainError {}

  /** {@code TaskManagerNotFinalizable}: the task cannot be finalized yet. */
  record NotFinalizable(BigInteger taskId, TaskState state, long blockNumber)
      implements ChainError {}

  /** {@code TaskManagerNothingToWithdraw}: nothing is owed to {@code account}. */
  record NothingToWithdraw(Address account) implements ChainError {}

  /** {@code NodeRegistryNodeBusy}: the node is still assigned to {@code taskId}. */
  record NodeBusy(Address node, BigInteger taskId) implements ChainError {}

  /** {@code NodeRegistryUnbonding}: unbonding runs to {@code exitBlock} (0: the node works). */
  record Unbonding(Address node, long exitBlock, long blockNumber) implements ChainError {}

  /** {@code NodeRegistryNotRegistered}: the node is not in the status the call needs. */
  record NotRegistered(Address node, NodeStatus status) implements ChainError {}

  /** {@code NodeRegistryWrongStake}: the stake sent does not make exactly the node stake. */
  record WrongStake(BigInteger sent, BigInteger required) implements ChainError {}

  /** {@code TaskManagerInvalidSampling}: a sampled task needs 2..5 replicas and quorum 0 or all. */
  record InvalidSampling(long sampleRateBps, long replicas, long quorum) implements ChainError {}

  /** {@code TaskManagerSampleRateBelowBound}: the rate is below the anti-cheating bound. */
  record SampleRateBelowBound(long sampleRateBps, long minSampleRateBps) implements ChainError {}

  /** {@code TaskManagerNotChallengeable}: not an unchecked task inside its challenge window. */
  record NotChallengeable(BigInteger taskId, SamplingStage stage, long challengeDeadline)
      implements ChainError {}

  /** {@code TaskManagerWrongBond}: the bond sent is not {@code challengeBond(taskId)}. */
  record WrongBond(BigInteger sent, BigInteger required) implements ChainError {}

  /**
   * Any other revert: a custom error nobody reacts to by type, or, when the revert data matched no
   * custom error, the endpoint's message with no arguments.
   */
  record Other(String name, List<Object> args) implements ChainError {
    /** Copies the arguments. */
    public Other {
      args = List.copyOf(args);
    }
  }

  /**
   * Whether the same call may succeed later without anything changed by the caller: the chain moves
   * on (a seed block, free nodes, a deadline, the end of an assignment).
   */
  default boolean retryable() {
    return switch (this) {
      case NotEnoughNodes e -> true;
      case SeedNotReady e -> true;
      case NotFinalizable e -> true;
      case NodeBusy e -> true;
      case Unbonding e -> true;
      case UnknownTask e -> false;
      case InvalidFee e -> false;
      case InvalidReplicas e -> false;
      case InvalidQuorum e -> false;
      case InvalidWindow e -> false;
      case FeeTooLow e -> false;
      case StartClosed e -> false;
      case NotRequester e -> false;
      case InvalidMode e -> false;
      case NotReplica e -> false;
      case WrongState e -> false;
      case NothingToWithdraw e -> false;
      case NotRegistered e -> false;
      case WrongStake e -> false;
      case InvalidSampling e -> false;
      case SampleRateBelowBound e -> false;
      case NotChallengeable e -> false;
      case WrongBond e -> false;
      case Other e -> false;
      case JobError e -> JobErrors.retryable(e);
    };
  }

  /** The Solidity error's name ({@code TaskManagerFeeTooLow}). */
  default String name() {
    return ChainErrors.name(this);
  }

  /** The arguments as the chain encoded them (enums as their values, addresses as hex). */
  default List<Object> args() {
    return ChainErrors.args(this);
  }

  /** Name and arguments in one line: {@code TaskManagerUnknownTask[7]}. */
  default String describe() {
    return name() + args();
  }
}

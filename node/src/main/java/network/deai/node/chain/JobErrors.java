package network.deai.node.chain;

import java.util.List;
import network.deai.contracts.chain.CustomErrors;
import network.deai.node.chain.ChainErrors.Args;
import network.deai.node.chain.JobError.AlreadyCommitted;
import network.deai.node.chain.JobError.AlreadyRevealed;
import network.deai.node.chain.JobError.CommitmentMismatch;
import network.deai.node.chain.JobError.InvalidEscrow;
import network.deai.node.chain.JobError.InvalidShape;
import network.deai.node.chain.JobError.InvalidWindow;
import network.deai.node.chain.JobError.NotChallengeable;
import network.deai.node.chain.JobError.NotCommitted;
import network.deai.node.chain.JobError.NotEnoughNodes;
import network.deai.node.chain.JobError.NotRequester;
import network.deai.node.chain.JobError.NotSelected;
import network.deai.node.chain.JobError.NotSettleable;
import network.deai.node.chain.JobError.NothingToWithdraw;
import network.deai.node.chain.JobError.SeedNotReady;
import network.deai.node.chain.JobError.TransferFailed;
import network.deai.node.chain.JobError.UnknownJob;
import network.deai.node.chain.JobError.WrongScores;
import network.deai.node.chain.JobError.WrongStage;
import network.deai.node.chain.JobError.WrongState;
import network.deai.node.domain.JobState;
import network.deai.node.domain.Stage;

/**
 * Between {@link CustomErrors.Decoded} and {@link JobError}, as {@link ChainErrors} is for the rest
 * of {@link ChainError}; a {@code TrainingJobs*} error of another shape decodes as {@link
 * ChainError.Other}.
 */
final class JobErrors {
  private JobErrors() {}

  /** Whether {@code name} is a TrainingJobs error. */
  static boolean covers(String name) {
    return name.startsWith("TrainingJobs");
  }

  /** The typed error behind {@code decoded}, a TrainingJobs error. */
  static ChainError decode(CustomErrors.Decoded decoded) {
    Args a = new Args(decoded.args());
    try {
      return switch (decoded.name()) {
        case "TrainingJobsInvalidEscrow" -> new InvalidEscrow(a.uint(0), a.uint(1));
        case "TrainingJobsInvalidShape" ->
            new InvalidShape(a.number(0), a.number(1), a.number(2), a.number(3));
        case "TrainingJobsInvalidWindow" -> new InvalidWindow(a.number(0), a.number(1));
        case "TrainingJobsUnknownJob" -> new UnknownJob(a.uint(0));
        case "TrainingJobsWrongState" -> new WrongState(a.uint(0), JobState.fromChain(a.small(1)));
        case "TrainingJobsWrongStage" ->
            new WrongStage(a.uint(0), a.number(1), Stage.fromChain(a.small(2)));
        case "TrainingJobsNotSelected" -> new NotSelected(a.uint(0), a.address(1));
        case "TrainingJobsAlreadyCommitted" -> new AlreadyCommitted(a.uint(0), a.address(1));
        case "TrainingJobsNotCommitted" -> new NotCommitted(a.uint(0), a.address(1));
        case "TrainingJobsAlreadyRevealed" -> new AlreadyRevealed(a.uint(0), a.address(1));
        case "TrainingJobsCommitmentMismatch" ->
            new CommitmentMismatch(a.uint(0), a.address(1), a.bytes32(2), a.bytes32(3));
        case "TrainingJobsNotSettleable" -> new NotSettleable(a.uint(0), a.number(1), a.number(2));
        case "TrainingJobsWrongScores" ->
            new WrongScores(a.uint(0), a.number(1), a.bytes32(2), a.bytes32(3));
        case "TrainingJobsSeedNotReady" -> new SeedNotReady(a.uint(0), a.number(1));
        case "TrainingJobsNotEnoughNodes" ->
            new NotEnoughNodes(a.uint(0), a.number(1), a.number(2));
        case "TrainingJobsNotRequester" -> new NotRequester(a.uint(0), a.address(1));
        case "TrainingJobsNothingToWithdraw" -> new NothingToWithdraw(a.address(0));
        case "TrainingJobsTransferFailed" -> new TransferFailed(a.address(0), a.uint(1));
        case "TrainingJobsNotChallengeable" ->
            new NotChallengeable(a.uint(0), a.number(1), a.uint(2));
        default -> new ChainError.Other(decoded.name(), decoded.args());
      };
    } catch (IllegalArgumentException | ArithmeticException e) {
      return new ChainError.Other(decoded.name(), decoded.args());
    }
  }

  /**
   * Whether the same call may succeed later without anything changed by the caller: the seed
   * block's hash appears, nodes become free, the reveal window closes.
   */
  static boolean retryable(JobError error) {
    return switch (error) {
      case SeedNotReady e -> true;
      case NotEnoughNodes e -> true;
      case NotSettleable e -> true;
      case InvalidEscrow e -> false;
      case InvalidShape e -> false;
      case InvalidWindow e -> false;
      case UnknownJob e -> false;
      case WrongState e -> false;
      case WrongStage e -> false;
      case NotSelected e -> false;
      case AlreadyCommitted e -> false;
      case NotCommitted e -> false;
      case AlreadyRevealed e -> false;
      case CommitmentMismatch e -> false;
      case WrongScores e -> false;
      case NotRequester e -> false;
      case NothingToWithdraw e -> false;
      case TransferFailed e -> false;
      case NotChallengeable e -> false;
    };
  }

  /** The Solidity name of {@code error} ({@code TrainingJobsWrongStage}). */
  static String name(JobError error) {
    return switch (error) {
      case InvalidEscrow e -> "TrainingJobsInvalidEscrow";
      case InvalidShape e -> "TrainingJobsInvalidShape";
      case InvalidWindow e -> "TrainingJobsInvalidWindow";
      case UnknownJob e -> "TrainingJobsUnknownJob";
      case WrongState e -> "TrainingJobsWrongState";
      case WrongStage e -> "TrainingJobsWrongStage";
      case NotSelected e -> "TrainingJobsNotSelected";
      case AlreadyCommitted e -> "TrainingJobsAlreadyCommitted";
      case NotCommitted e -> "TrainingJobsNotCommitted";
      case AlreadyRevealed e -> "TrainingJobsAlreadyRevealed";
      case CommitmentMismatch e -> "TrainingJobsCommitmentMismatch";
      case NotSettleable e -> "TrainingJobsNotSettleable";
      case WrongScores e -> "TrainingJobsWrongScores";
      case SeedNotReady e -> "TrainingJobsSeedNotReady";
      case NotEnoughNodes e -> "TrainingJobsNotEnoughNodes";
      case NotRequester e -> "TrainingJobsNotRequester";
      case NothingToWithdraw e -> "TrainingJobsNothingToWithdraw";
      case TransferFailed e -> "TrainingJobsTransferFailed";
      case NotChallengeable e -> "TrainingJobsNotChallengeable";
    };
  }

  /** The arguments of {@code error} as the chain encoded them. */
  static List<Object> args(JobError error) {
    return switch (error) {
      case InvalidEscrow e -> List.of(e.sent(), e.required());
      case InvalidShape e -> List.of(e.rounds(), e.trainers(), e.committee(), e.quorum());
      case InvalidWindow e -> List.of(e.commitWindow(), e.revealWindow());
      case UnknownJob e -> List.of(e.jobId());
      case WrongState e -> List.of(e.jobId(), e.state().value());
      case WrongStage e -> List.of(e.jobId(), e.round(), e.stage().value());
      case NotSelected e -> List.of(e.jobId(), e.caller().hex());
      case AlreadyCommitted e -> List.of(e.jobId(), e.caller().hex());
      case NotCommitted e -> List.of(e.jobId(), e.caller().hex());
      case AlreadyRevealed e -> List.of(e.jobId(), e.caller().hex());
      case CommitmentMismatch e ->
          List.of(e.jobId(), e.caller().hex(), e.committed().toHex(), e.computed().toHex());
      case NotSettleable e -> List.of(e.jobId(), e.round(), e.deadline());
      case WrongScores e -> List.of(e.jobId(), e.round(), e.agreed().toHex(), e.posted().toHex());
      case SeedNotReady e -> List.of(e.jobId(), e.firstBlock());
      case NotEnoughNodes e -> List.of(e.jobId(), e.trainersFree(), e.committeeFree());
      case NotRequester e -> List.of(e.jobId(), e.caller().hex());
      case NothingToWithdraw e -> List.of(e.account().hex());
      case TransferFailed e -> List.of(e.to().hex(), e.amount());
      case NotChallengeable e -> List.of(e.jobId(), e.round(), e.bond());
    };
  }
}

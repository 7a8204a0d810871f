package network.deai.node.chain;

import java.math.BigInteger;
import network.deai.contracts.abi.Address;
import network.deai.contracts.abi.Bytes32;
import network.deai.node.domain.JobState;
import network.deai.node.domain.Stage;

/**
 * A custom error of the TrainingJobs contract ({@code TrainingJobs*}), decoded into typed fields:
 * the training-job branch of {@link ChainError}. It is its own sealed type because several errors
 * share a TaskManager error's short name but not its shape or meaning ({@link WrongState} carries a
 * {@link JobState}, {@link NotEnoughNodes} counts trainers and members), and so that job code can
 * switch over exactly the errors its contract declares. The NodeRegistry errors TrainingJobs
 * inherits decode as the shared {@link ChainError} records.
 */
public sealed interface JobError extends ChainError {
  /** {@code TrainingJobsInvalidEscrow}: the escrow sent is not rounds · (pool + fee), or is 0. */
  record InvalidEscrow(BigInteger sent, BigInteger required) implements JobError {}

  /** {@code TrainingJobsInvalidShape}: rounds, trainers, committee or quorum out of range. */
  record InvalidShape(long rounds, long trainers, long committee, long quorum)
      implements JobError {}

  /** {@code TrainingJobsInvalidWindow}: a window is zero or too long. */
  record InvalidWindow(long commitWindow, long revealWindow) implements JobError {}

  /** {@code TrainingJobsUnknownJob}: no job has this id. */
  record UnknownJob(BigInteger jobId) implements JobError {}

  /** {@code TrainingJobsWrongState}: the job is not in the state the call needs. */
  record WrongState(BigInteger jobId, JobState state) implements JobError {}

  /** {@code TrainingJobsWrongStage}: the round is not in the stage the call needs. */
  record WrongStage(BigInteger jobId, long round, Stage stage) implements JobError {}

  /** {@code TrainingJobsNotSelected}: the caller has no seat in the job's current round. */
  record NotSelected(BigInteger jobId, Address caller) implements JobError {}

  /** {@code TrainingJobsAlreadyCommitted}: the caller already committed in this stage. */
  record AlreadyCommitted(BigInteger jobId, Address caller) implements JobError {}

  /** {@code TrainingJobsNotCommitted}: the caller did not commit, so it cannot reveal. */
  record NotCommitted(BigInteger jobId, Address caller) implements JobError {}

  /** {@code TrainingJobsAlreadyRevealed}: the caller already revealed. */
  record AlreadyRevealed(BigInteger jobId, Address caller) implements JobError {}

  /** {@code TrainingJobsCommitmentMismatch}: the revealed values do not hash to the commitment. */
  record CommitmentMismatch(BigInteger jobId, Address caller, Bytes32 committed, Bytes32 computed)
      implements JobError {}

  /** {@code TrainingJobsNotSettleable}: reveals are open until {@code deadline}. */
  record NotSettleable(BigInteger jobId, long round, long deadline) implements JobError {}

  /** {@code TrainingJobsWrongScores}: the posted aggregate is not the agreed one. */
  record WrongScores(BigInteger jobId, long round, Bytes32 agreed, Bytes32 posted)
      implements JobError {}

  /** {@code TrainingJobsSeedNotReady}: the round cannot start before {@code firstBlock}. */
  record SeedNotReady(BigInteger jobId, long firstBlock) implements JobError {}

  /** {@code TrainingJobsNotEnoughNodes}: too few trainers or committee members are free. */
  record NotEnoughNodes(BigInteger jobId, long trainersFree, long committeeFree)
      implements JobError {}

  /** {@code TrainingJobsNotRequester}: only the job's requester may cancel it. */
  record NotRequester(BigInteger jobId, Address caller) implements JobError {}

  /** {@code TrainingJobsNothingToWithdraw}: nothing is owed to {@code account}. */
  record NothingToWithdraw(Address account) implements JobError {}

  /** {@code TrainingJobsTransferFailed}: sending {@code amount} wei to {@code to} failed. */
  record TransferFailed(Address to, BigInteger amount) implements JobError {}

  /**
   * {@code TrainingJobsNotChallengeable}: the round cannot be challenged now, or the bond is wrong.
   */
  record NotChallengeable(BigInteger jobId, long round, BigInteger bond) implements JobError {}
}

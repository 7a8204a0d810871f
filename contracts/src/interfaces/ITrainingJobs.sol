// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.24;

import {INodeRegistry} from "./INodeRegistry.sol";

/// @title Federated training jobs, scored by Shapley-style contributions (protocol v2).
/// @notice A requester escrows `rounds · (poolPerRound + committeeFeePerRound)` and names the job's
/// spec (model, validation data, robust rule, by digest), the initial model digest, the trainer and
/// aggregator GPU classes, trainers per round, committee size and quorum (a strict majority).
/// Each round:
///  1. The job waits (state Waiting, `seedBlock` = the block it started waiting in: its creation
///     or the previous round's settlement). From block seedBlock + 1 anyone may `startRound`:
///     `trainers` nodes of `trainerClass` (or, when fewer are free, as many as are free but at
///     least trainers / 2 + 1) and `committee` nodes of `aggregatorClass` are picked uniformly
///     with seed = keccak256(abi.encode(blockhash(seedBlock), jobId, round)), a hash that did not
///     exist when the job was created or the round before settled. An aged-out seed block is
///     replaced by the current one (the next call starts the round).
///  2. TrainCommit: each trainer commits Commitments.compute(chainid, this, roundKey, trainer,
///     updateDigest, updateDigest, salt), where roundKey = jobId << 128 | round and updateDigest is
///     the SHA-256 of its update file. TrainReveal: it reveals digest, salt and the update's URI.
///  3. AggregateCommit: each committee member commits Commitments.compute(chainid, this, roundKey,
///     member, modelDigest, keccak256(abi.encode(modelDigest, scoresDigest, flaggedMask)), salt);
///     AggregateReveal: it reveals them before the stage's deadline. scoresDigest =
///     keccak256(abi.encode(int64[] scores)), one fixed-point score (1e9 = 1.0) per trainer of the
///     round, in selection order.
///  4. `settleRound` (anyone) computes the committee verdict with EXACT agreement: the revealed
///     member with the most equal peers (ties: lowest index); a group of at least `quorum` agrees.
///     The caller posts the agreed (modelDigest, flaggedMask, scores), which must hash to the
///     group's fingerprint. Trainer i, if it revealed and is not flagged, is credited
///     floor(pool · max(0, sᵢ) / Σ max(0, sⱼ)) (see RewardSplits; dust to the requester); when
///     no such trainer has a positive score no trainer is paid and the pool is dust (the
///     committee scores each payable trainer 1 when none is positive, so all-zero scores mean
///     that the rule excluded or found against progress every trainer). A flagged trainer is
///     unpaid; it also loses `slashAmount` when every committee member revealed the verdict.
///     Trainers that did not commit or reveal lose `noShowAmount`. Group members each earn
///     committeeFee / committee (the rest goes back to the requester); revealed non-members lose
///     `slashAmount`, committee no-shows `noShowAmount`. Every penalty goes to the treasury.
///     Without a group (or when nobody posts the agreed scores within one reveal window after
///     the reveal deadline) the round ends NoConsensus: pool and fee are refunded, only no-shows
///     are penalised, and the model stays as it was.
///  5. Challenge: an agreed verdict is only recorded by the first `settleRound` (`RoundDecided`);
///     for `revealWindow` blocks anyone may `challengeRound` with a bond of `slashAmount`. An
///     unchallenged verdict is paid out by a second `settleRound` after that window, with the
///     same scores. A challenge makes the job wait for `startRound`, which draws
///     `escalationSeats(committee)` = min(2·committee + 1, MAX_COMMITTEE − committee) fresh
///     aggregators (seed as in 1, from the block of the challenge) into the committee seats after
///     the first ones; they commit and reveal aggregates as members do, and their strict majority
///     decides. The escalation's verdict replaces the first one; first-round members who agree
///     with it are paid, the others are unpaid, and slashed when the escalation's group is a
///     two-thirds group of at least 3 (flagged trainers likewise). The challenger gets its bond
///     back when the verdict changed, or when no escalation could be started or agree (the first
///     verdict then stands); otherwise the bond goes to the treasury. Member pay is
///     committeeFee / (committee + escalation seats) per agreeing seat.
/// A stage opens the next one early when every selected node acted; otherwise deadlines (in
/// blocks, each window at least `minWindow`) move it on. The requester may `cancelJob` a waiting
/// job for a refund of what is left. Payments are pulled with `withdraw`.
interface ITrainingJobs is INodeRegistry {
    /// @notice Job states; they only move forward (Waiting ⇄ Running between rounds).
    enum JobState {
        None,
        Waiting,
        Running,
        Finished,
        Cancelled
    }

    /// @notice Stages of a round.
    enum Stage {
        TrainCommit,
        TrainReveal,
        AggregateCommit,
        AggregateReveal,
        Challenge,
        Settled
    }

    /// @notice How a round ended.
    enum RoundOutcome {
        Pending,
        Agreed,
        NoConsensus
    }

    /// @notice Why a node lost stake in a round.
    enum PenaltyReason {
        None,
        Flagged,
        WrongAggregate,
        NoShow
    }

    /// @notice Parameters of a new job.
    /// @param specDigest SHA-256 of the job spec's canonical JSON.
    /// @param specURI Where the spec can be fetched.
    /// @param initialModelDigest SHA-256 of the initial model file named by the spec.
    /// @param trainerClass GPU class of trainers.
    /// @param aggregatorClass GPU class of committee members.
    /// @param rounds Number of rounds (1..MAX_ROUNDS).
    /// @param trainers Trainers per round (1..MAX_TRAINERS); a round starts with fewer (at least
    /// trainers / 2 + 1) when slashed trainers left too few.
    /// @param committee Committee members per round (1..MAX_COMMITTEE).
    /// @param quorum Minimum agreeing committee group; 0 means committee / 2 + 1.
    /// @param poolPerRound Wei shared by a round's trainers by score.
    /// @param committeeFeePerRound Wei shared by a round's agreeing committee members.
    /// @param commitWindow Blocks of each commit stage.
    /// @param revealWindow Blocks of each reveal stage.
    struct JobParams {
        bytes32 specDigest;
        string specURI;
        bytes32 initialModelDigest;
        uint32 trainerClass;
        uint32 aggregatorClass;
        uint16 rounds;
        uint8 trainers;
        uint8 committee;
        uint8 quorum;
        uint96 poolPerRound;
        uint96 committeeFeePerRound;
        uint24 commitWindow;
        uint24 revealWindow;
    }

    /// @notice A job as stored.
    struct JobView {
        address requester;
        uint8 state;
        uint16 rounds;
        uint16 round;
        uint8 trainers;
        uint8 committee;
        uint8 quorum;
        uint32 trainerClass;
        uint32 aggregatorClass;
        uint96 poolPerRound;
        uint96 committeeFeePerRound;
        uint24 commitWindow;
        uint24 revealWindow;
        uint128 escrow;
        bytes32 specDigest;
        bytes32 modelDigest;
        uint64 seedBlock;
    }

    /// @notice A round as stored, with its effective stage (deadlines applied).
    struct RoundView {
        uint8 stage;
        uint8 outcome;
        uint32 deadline;
        uint32 trainCommitted;
        uint32 trainRevealed;
        uint16 aggCommitted;
        uint16 aggRevealed;
        uint16 groupMask;
        uint32 flaggedMask;
        address[] trainers;
        address[] committee;
        bytes32[] updateDigests;
        bytes32 modelDigest;
        bytes32 scoresDigest;
        address challenger;
        uint8 escalationSeats;
    }

    /// @notice A job was created and its escrow locked (its shape is in `getJob`).
    event JobCreated(
        uint256 indexed jobId,
        address indexed requester,
        bytes32 specDigest,
        string specURI,
        bytes32 initialModelDigest,
        uint256 escrow
    );
    /// @notice Round `round` of a job started with these trainers and committee.
    event RoundStarted(
        uint256 indexed jobId,
        uint256 indexed round,
        address[] trainers,
        address[] committee,
        bytes32 modelDigest,
        bytes32 seed,
        uint256 deadline
    );
    /// @notice A job waits for `startRound` before round `round`; its replicas will be drawn with
    /// blockhash(seedBlock).
    event JobWaiting(uint256 indexed jobId, uint256 indexed round, uint256 seedBlock);
    /// @notice A round moved to `stage`, which closes after block `deadline`.
    event StageOpened(uint256 indexed jobId, uint256 indexed round, uint8 stage, uint256 deadline);
    /// @notice A trainer committed to its update.
    event UpdateCommitted(uint256 indexed jobId, uint256 indexed round, address indexed trainer, bytes32 commitment);
    /// @notice A trainer revealed its update.
    event UpdateRevealed(
        uint256 indexed jobId,
        uint256 indexed round,
        address indexed trainer,
        uint256 index,
        bytes32 updateDigest,
        bytes32 salt,
        string updateURI
    );
    /// @notice A committee member committed to its aggregate.
    event AggregateCommitted(uint256 indexed jobId, uint256 indexed round, address indexed member, bytes32 commitment);
    /// @notice A committee member revealed its aggregate.
    event AggregateRevealed(
        uint256 indexed jobId,
        uint256 indexed round,
        address indexed member,
        bytes32 modelDigest,
        bytes32 scoresDigest,
        uint32 flaggedMask,
        bytes32 salt,
        string modelURI
    );
    /// @notice The committee's verdict was recorded; it is paid out after `challengeDeadline`
    /// unless challenged (an escalation's verdict is final and paid at once: `RoundSettled`).
    event RoundDecided(
        uint256 indexed jobId,
        uint256 indexed round,
        bytes32 modelDigest,
        bytes32 scoresDigest,
        uint32 flaggedMask,
        uint256 challengeDeadline
    );
    /// @notice `challenger` bonded `bond` against the round's verdict; the job waits for the
    /// escalation's draw.
    event RoundChallenged(uint256 indexed jobId, uint256 indexed round, address indexed challenger, uint256 bond);
    /// @notice Fresh aggregators were drawn into committee seats `firstIndex`, ... for a challenge.
    event RoundEscalated(
        uint256 indexed jobId,
        uint256 indexed round,
        address[] members,
        uint256 firstIndex,
        bytes32 seed,
        uint256 deadline
    );
    /// @notice A round ended; on Agreed the posted scores and the new model digest are recorded.
    event RoundSettled(
        uint256 indexed jobId,
        uint256 indexed round,
        uint8 outcome,
        bytes32 modelDigest,
        bytes32 scoresDigest,
        uint32 flaggedMask,
        int64[] scores,
        uint256 groupMask
    );
    /// @notice A trainer was credited its share of the round's pool.
    event TrainerPaid(uint256 indexed jobId, uint256 indexed round, address indexed trainer, uint256 amount);
    /// @notice A committee member was credited its share of the round's fee.
    event MemberPaid(uint256 indexed jobId, uint256 indexed round, address indexed member, uint256 amount);
    /// @notice A node lost stake in a round.
    event NodePenalised(
        uint256 indexed jobId, uint256 indexed round, address indexed node, uint256 amount, uint8 reason
    );
    /// @notice The requester was credited (dust, refunds, fee remainder, slashed wei).
    event RequesterCredited(uint256 indexed jobId, uint256 indexed round, address indexed requester, uint256 amount);
    /// @notice A job ended (Finished or Cancelled).
    event JobEnded(uint256 indexed jobId, uint8 state);
    /// @notice An account pulled its credit.
    event Withdrawn(address indexed account, uint256 amount);

    /// @notice The escrow sent is not rounds · (pool + fee), or is zero, or too large.
    error TrainingJobsInvalidEscrow(uint256 sent, uint256 required);
    /// @notice Rounds, trainers, committee or quorum are out of range.
    error TrainingJobsInvalidShape(uint256 rounds, uint256 trainers, uint256 committee, uint256 quorum);
    /// @notice A window is zero or too long.
    error TrainingJobsInvalidWindow(uint256 commitWindow, uint256 revealWindow);
    /// @notice No job has this id.
    error TrainingJobsUnknownJob(uint256 jobId);
    /// @notice The job is not in the state the call needs.
    error TrainingJobsWrongState(uint256 jobId, uint8 state);
    /// @notice The round is not in the stage the call needs (effective stage given).
    error TrainingJobsWrongStage(uint256 jobId, uint256 round, uint8 stage);
    /// @notice The caller is not a trainer (or committee member) of the job's current round.
    error TrainingJobsNotSelected(uint256 jobId, address caller);
    /// @notice The caller already committed in this stage.
    error TrainingJobsAlreadyCommitted(uint256 jobId, address caller);
    /// @notice The caller did not commit, so it cannot reveal.
    error TrainingJobsNotCommitted(uint256 jobId, address caller);
    /// @notice The caller already revealed.
    error TrainingJobsAlreadyRevealed(uint256 jobId, address caller);
    /// @notice The revealed values do not hash to the commitment.
    error TrainingJobsCommitmentMismatch(uint256 jobId, address caller, bytes32 committed, bytes32 computed);
    /// @notice The round cannot be settled yet: reveals are still open.
    error TrainingJobsNotSettleable(uint256 jobId, uint256 round, uint256 deadline);
    /// @notice The posted (modelDigest, flaggedMask, scores) do not hash to the agreed fingerprint.
    error TrainingJobsWrongScores(uint256 jobId, uint256 round, bytes32 agreed, bytes32 posted);
    /// @notice The round cannot start before `firstBlock` (its seed block's hash does not exist yet).
    error TrainingJobsSeedNotReady(uint256 jobId, uint256 firstBlock);
    /// @notice Too few free nodes to start the round.
    error TrainingJobsNotEnoughNodes(uint256 jobId, uint256 trainersFree, uint256 committeeFree);
    /// @notice Only the requester may cancel.
    error TrainingJobsNotRequester(uint256 jobId, address caller);
    /// @notice The account has nothing to withdraw.
    error TrainingJobsNothingToWithdraw(address account);
    /// @notice Sending wei failed.
    error TrainingJobsTransferFailed(address to, uint256 amount);
    /// @notice The round cannot be challenged now (not in its Challenge stage, past its deadline,
    /// already challenged, or its committee is too large to escalate), or the bond is wrong.
    error TrainingJobsNotChallengeable(uint256 jobId, uint256 round, uint256 bond);

    /// @notice Creates a Waiting job, escrowing rounds · (poolPerRound + committeeFeePerRound);
    /// its first round is started by `startRound` from the next block on.
    /// @param p The job's parameters.
    /// @return jobId The new job's id (ids start at 1).
    function createJob(JobParams calldata p) external payable returns (uint256 jobId);

    /// @notice Starts the next round of a waiting job (anyone, from block seedBlock + 1); reverts
    /// when too few nodes are free. When blockhash(seedBlock) has aged out it sets a new seed
    /// block instead, and a later call starts the round.
    /// @param jobId The job.
    function startRound(uint256 jobId) external;

    /// @notice Cancels a waiting job and credits the requester with its remaining escrow.
    /// @param jobId The job.
    function cancelJob(uint256 jobId) external;

    /// @notice A trainer of the current round commits to its update.
    /// @param jobId The job.
    /// @param commitment See the contract notice.
    function commitUpdate(uint256 jobId, bytes32 commitment) external;

    /// @notice A trainer reveals its update digest, salt and URI.
    /// @param jobId The job.
    /// @param updateDigest SHA-256 of the update file.
    /// @param salt The commitment's salt.
    /// @param updateURI Where aggregators fetch the update.
    function revealUpdate(uint256 jobId, bytes32 updateDigest, bytes32 salt, string calldata updateURI) external;

    /// @notice A committee member commits to its aggregate.
    /// @param jobId The job.
    /// @param commitment See the contract notice.
    function commitAggregate(uint256 jobId, bytes32 commitment) external;

    /// @notice A committee member reveals its aggregate.
    /// @param jobId The job.
    /// @param modelDigest SHA-256 of the new model file.
    /// @param scoresDigest keccak256(abi.encode(int64[] scores)).
    /// @param flaggedMask Bit i set when trainer i is flagged (Byzantine or Sybil).
    /// @param salt The commitment's salt.
    /// @param modelURI Where the new model can be fetched.
    function revealAggregate(
        uint256 jobId,
        bytes32 modelDigest,
        bytes32 scoresDigest,
        uint32 flaggedMask,
        bytes32 salt,
        string calldata modelURI
    ) external;

    /// @notice Records the committee's verdict of the current round (anyone, once every committed
    /// member revealed or the reveal window closed) and opens its Challenge stage; called again
    /// after the challenge window (or after an escalation's reveals), it pays the round out and
    /// lets the next one start. A NoConsensus round is paid out (refunded) at once.
    /// @param jobId The job.
    /// @param modelDigest The agreed new model digest (ignored without agreement).
    /// @param flaggedMask The agreed flagged mask (ignored without agreement).
    /// @param scores The agreed scores (ignored without agreement).
    function settleRound(uint256 jobId, bytes32 modelDigest, uint32 flaggedMask, int64[] calldata scores) external;

    /// @notice Challenges the current round's recorded verdict during its Challenge stage, with a
    /// bond of exactly `slashAmount` (see the contract notice).
    /// @param jobId The job.
    function challengeRound(uint256 jobId) external payable;

    /// @notice Pays the caller everything credited to it.
    function withdraw() external;

    /// @notice Wei credited to `account` and not yet withdrawn (for nodes too: this contract keeps
    /// every credit here, so `getNode(account).owed` stays 0).
    /// @param account Any address.
    /// @return amount The credit.
    function owed(address account) external view returns (uint256 amount);

    /// @notice A job.
    /// @param jobId The job.
    /// @return v The job record.
    function getJob(uint256 jobId) external view returns (JobView memory v);

    /// @notice A round of a job.
    /// @param jobId The job.
    /// @param round The round (0-based).
    /// @return v The round record.
    function getRound(uint256 jobId, uint256 round) external view returns (RoundView memory v);

    /// @notice Number of jobs created.
    /// @return count The highest job id.
    function jobCount() external view returns (uint256 count);
}

// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.24;

import {INodeRegistry} from "./INodeRegistry.sol";

/// @title Replicated tasks with commit-then-reveal and cross-validation (protocol v2).
/// @notice The rules, in the order a task meets them (docs/protocol.md has the reasons):
/// - `createTask` escrows the fee and records the task as Pending with `seedBlock` = its creation
///   block. Nothing is selected in that transaction, so nobody who creates (or settles, or
///   registers) can see or choose who is picked.
/// - From block `seedBlock + 1` anyone may `startTask`: the seed is
///   keccak256(abi.encode(blockhash(seedBlock), taskId)), a hash that did not exist when the task
///   was created. When that hash has aged out of the 256-block window, the call sets a new
///   `seedBlock` (the current block) instead. `replicas` distinct nodes of the task's class that
///   declare its VRAM, executor kinds and a minimum fee at most `fee / replicas` are drawn
///   uniformly (NodeRegistry._pickAvailable). A Pending task that no call could start by
///   `startDeadline` expires; its requester may cancel it before that. No queue exists, so no
///   task can hold up another.
/// - Each replica commits
///   commitment = keccak256(abi.encode(COMMIT_TAG, block.chainid, address(this), taskId, worker,
///                                     resultDigest, fingerprint, salt))
///   within the commit window, or abstains (`abstain`: it cannot fetch the inputs or run the
///   task; no pay, no penalty). An abstaining replica is replaced by a fresh draw while at least
///   half the commit window is left. Revealing opens when every replica has committed or
///   abstained, or when the commit window has closed.
/// - `finalize` (anyone, once the reveal window closed or every committer revealed) computes the
///   verdict: the revealed replica with the most agreeing peers and its peers form the group
///   (EXACT: equal fingerprints; SIMILAR: popcount(a XOR b) <= maxDistance). A group of at least
///   `quorum` (a strict majority of `replicas`) that no other group of the same size rivals
///   settles the task.
/// - Escalation: when no such group exists but at least one replica revealed, the task escalates
///   once instead of ending. It returns to Pending with a fresh `seedBlock` (the replicas of the
///   first round stay assigned), and `startTask` draws `escalationSeats(replicas)` =
///   min(2·replicas + 1, MAX_REPLICAS − replicas) fresh nodes into the seats after the first
///   round's. They commit and reveal as replicas do; their strict majority decides the verdict.
///   First-round replicas whose result agrees with it join the paid group; the others are unpaid,
///   and slashed under the same two-thirds rule, counted among the escalation seats. Tasks of more
///   than 7 replicas, and escalations without consensus, end in NoConsensus.
/// - Pay and penalties: every paid seat gets `fee / seats` (seats = replicas, plus the escalation
///   seats once an escalation started). Settled: group members are paid; revealed non-members are
///   unpaid, and lose `slashAmount` when the deciding group has at least 3 members and two thirds
///   of the deciding seats. NoConsensus: nobody is paid or slashed for a result, and the shares of
///   the seats that revealed go to the treasury (the requester can fetch what they revealed, so it
///   is not refunded; nobody earned them). Expired (no commitment at all when the commit window
///   closed): nobody is paid. Seats that neither committed and revealed nor abstained lose
///   `noShowAmount`. Every penalty goes to the treasury; the requester gets back the other shares
///   of its own fee. Payments are pulled with `withdraw`.
/// - Sampled validation (`sampleRateBps` != 0; docs/protocol.md, "Sampled validation"): `replicas` =
///   1 + v seats are budgeted but `startTask` draws only seat 0, the executor. When it commits, the
///   task returns to Pending with `seedBlock` = the commit block + 1, and the next `startTask`
///   decides (`libraries/Sampling.sol`, SAMPLE_TAG = keccak256("deai.sample.v1")): checked iff
///   uint256(keccak256(abi.encode(blockhash(seedBlock), taskId, SAMPLE_TAG)))
///   % 10000 < sampleRateBps, a hash that did not exist when the executor committed. A decision is
///   made once and never re-rolled: when blockhash(seedBlock) has aged out (possible when
///   commitWindow > 255) it decides checked, and `TaskSampled` records seed =
///   keccak256(abi.encode(bytes32(0), taskId, SAMPLE_TAG)) with decisionBlock = that seedBlock. A
///   decision nobody made by `startDeadline` (stage still Executing) makes the executor a no-show
///   (`noShowAmount`; it could have called `startTask` itself), and the requester gets the fee
///   back. Checked: v validators are drawn into seats 1..v in the same call; when they cannot be
///   (too few free nodes, or an aged-out decision block, whose hash cannot seed a draw), the
///   decision stands, the task stays Pending in stage Checked with `seedBlock` = the current block
///   and `startDeadline` = it + commitWindow, and a later `startTask` draws them; if none could by
///   then, the task ends NoConsensus with the executor unpaid, unslashed and released, and the fee
///   back to the requester. The validators commit; every seat then reveals, and only a unanimous
///   group settles (quorum = replicas); any mismatch escalates as above. Unchecked: the executor
///   reveals; `finalize` waits until `revealDeadline + revealWindow` (the challenge window), during
///   which anyone may `challenge` with a bond of v · fee / replicas: v validators are drawn and the
///   task is decided as a checked one. Each seat's share is fee / (replicas + escalation seats)
///   whether drawn or not; undrawn shares go back to the requester. `createTask` refuses a rate
///   below `minSampleRateBps(fee / replicas)`.
interface ITaskManager is INodeRegistry {
    /// @notice Task states; they only move forward, except that an escalation returns a task from
    /// Committing or Revealing to Pending once.
    enum TaskState {
        Pending,
        Committing,
        Revealing,
        Settled,
        NoConsensus,
        Expired,
        Cancelled
    }

    /// @notice How replicas are compared.
    enum Mode {
        Exact,
        Similar
    }

    /// @notice Where a sampled task is in its check (None for a fully replicated task).
    enum SamplingStage {
        None,
        Executing,
        Checked,
        Unchecked,
        Challenged,
        ChallengeChecked
    }

    /// @notice Why a replica was slashed.
    enum SlashReason {
        None,
        WrongResult,
        NoShow
    }

    /// @notice What happened to a replica at finalization.
    enum ReplicaOutcome {
        Pending,
        Paid,
        SlashedWrong,
        SlashedNoShow,
        Unpaid,
        Abstained
    }

    /// @notice Parameters of a new task.
    /// @param kind Requester-defined task kind (e.g. 0 inference, 1 training).
    /// @param specDigest SHA-256 of the task spec's canonical JSON.
    /// @param specURI Where the spec can be fetched.
    /// @param gpuClass GPU class the replicas must serve.
    /// @param replicas Number of replicas r (1..MAX_REPLICAS).
    /// @param quorum Minimum size of the agreeing group, a strict majority of r; 0 means r / 2 + 1.
    /// @param mode A `Mode` value.
    /// @param maxDistance Hamming distance within which SIMILAR fingerprints agree (0 for EXACT).
    /// @param commitWindow Blocks during which replicas may commit, counted from the start block; it
    /// is the task's execution budget (at least `minWindow`).
    /// @param revealWindow Blocks during which replicas may reveal, counted from when revealing
    /// opens (at least `minWindow`).
    /// @param minVramMiB Accelerator memory a replica must have declared.
    /// @param executors Executor kinds (bit set) a replica must have declared.
    /// @param startWindow Blocks the task may stay Pending before it expires (1..MAX_WINDOW).
    /// @param sampleRateBps 0 for full replication; else the probability, in basis points (1..10000),
    /// that the executor's result is checked by `replicas - 1` validators (sampled validation).
    struct TaskParams {
        uint8 kind;
        bytes32 specDigest;
        string specURI;
        uint32 gpuClass;
        uint8 replicas;
        uint8 quorum;
        uint8 mode;
        uint16 maxDistance;
        uint32 commitWindow;
        uint32 revealWindow;
        uint32 minVramMiB;
        uint16 executors;
        uint32 startWindow;
        uint16 sampleRateBps;
    }

    /// @notice A task as stored, for auditors.
    struct TaskView {
        address requester;
        uint8 state;
        uint8 kind;
        uint8 mode;
        uint8 replicas;
        uint8 quorum;
        uint16 maxDistance;
        uint32 gpuClass;
        uint256 fee;
        uint64 commitDeadline;
        uint64 revealDeadline;
        uint32 commitWindow;
        uint32 revealWindow;
        uint16 committedMask;
        uint16 revealedMask;
        uint16 groupMask;
        uint8 groupSize;
        bytes32 verdictFingerprint;
        uint256 payoutPerMember;
        uint256 requesterCredit;
        uint64 seedBlock;
        uint64 startDeadline;
        uint16 abstainedMask;
        uint32 minVramMiB;
        uint16 executors;
        uint8 escalationSeats;
        bool escalationPending;
    }

    /// @notice The sampling record of a task, for auditors (all zero for a fully replicated task).
    /// @param stage A `SamplingStage` value.
    /// @param sampleRateBps The check probability in basis points.
    /// @param validators Seats drawn when the task is checked (replicas - 1).
    /// @param decisionBlock The block whose hash decided the check (0 until decided); the decision
    /// drew validators exactly when `stage` is Checked (an unchecked result stays Unchecked, or moves
    /// on to Challenged and ChallengeChecked).
    /// @param challenger Who challenged the unchecked result (zero address if nobody).
    /// @param bond The challenger's bond.
    /// @param challengeDeadline Last block of the challenge window (0 unless unchecked).
    struct SamplingView {
        uint8 stage;
        uint16 sampleRateBps;
        uint8 validators;
        uint64 decisionBlock;
        address challenger;
        uint256 bond;
        uint64 challengeDeadline;
    }

    /// @notice One replica of a task, for auditors. Storage keeps one word per replica: the
    /// commitment until the replica reveals, then its fingerprint; the commitment stays in the
    /// `Committed` event and can be recomputed from the `Revealed` event, which carries the salt.
    struct ReplicaView {
        address worker;
        bytes32 commitment;
        bytes32 fingerprint;
        bool committed;
        bool revealed;
        uint8 outcome;
        uint128 payout;
        uint128 slashed;
    }

    /// @notice A task was created and its fee escrowed.
    event TaskCreated(
        uint256 indexed taskId,
        address indexed requester,
        bytes32 specDigest,
        string specURI,
        uint256 fee,
        uint8 kind,
        uint8 mode,
        uint8 replicas,
        uint8 quorum,
        uint16 maxDistance,
        uint32 gpuClass
    );
    /// @notice The task waits for `startTask`, which draws its replicas with blockhash(seedBlock);
    /// emitted at creation, whenever an aged-out seed block is replaced, when an escalation or a
    /// challenge opens, when a sampled task's executor commits, and when a checked decision's
    /// validators could not be drawn in the deciding call.
    event TaskPending(uint256 indexed taskId, uint256 seedBlock, uint256 startDeadline);
    /// @notice Replicas were selected with `seed` = keccak256(abi.encode(blockhash(seedBlock),
    /// taskId)) into the seats `firstIndex`, `firstIndex + 1`, ... (0 for the first round, `replicas`
    /// for an escalation) and the commit window opened.
    event TaskStarted(
        uint256 indexed taskId,
        bytes32 seed,
        uint256 seedBlock,
        uint256 firstIndex,
        address[] workers,
        uint256 commitDeadline
    );
    /// @notice The first round found no consensus: `seats` fresh replicas will recompute the task
    /// once `startTask` draws them (from the next block until `startDeadline`).
    event TaskEscalated(uint256 indexed taskId, uint32 gpuClass, uint256 seats, uint256 startDeadline);
    /// @notice A replica abstained (no pay, no penalty); `replacement` took its index, or is the
    /// zero address when none was drawn.
    event ReplicaAbstained(uint256 indexed taskId, address indexed worker, uint256 index, address replacement);
    /// @notice A replica committed to its result.
    event Committed(uint256 indexed taskId, address indexed worker, bytes32 commitment);
    /// @notice The reveal window opened.
    event RevealOpened(uint256 indexed taskId, uint256 revealDeadline);
    /// @notice A replica revealed a result matching its commitment.
    event Revealed(
        uint256 indexed taskId,
        address indexed worker,
        bytes32 resultDigest,
        bytes32 fingerprint,
        bytes32 salt,
        string resultURI
    );
    /// @notice The task reached a final state.
    event TaskFinalized(uint256 indexed taskId, uint8 state, bytes32 verdictFingerprint, uint8 groupSize);
    /// @notice A replica of the agreeing group was credited.
    event ReplicaPaid(uint256 indexed taskId, address indexed worker, uint256 amount);
    /// @notice A replica was slashed; `reason` is a `SlashReason`.
    event ReplicaSlashed(uint256 indexed taskId, address indexed worker, uint256 amount, uint8 reason);
    /// @notice The requester was credited (refund, remainder or compensation).
    event RequesterCredited(uint256 indexed taskId, address indexed requester, uint256 amount);
    /// @notice Owed wei was paid out.
    event Withdrawn(address indexed account, uint256 amount);
    /// @notice A sampled task's check was decided (once) with `seed` = keccak256(abi.encode(
    /// blockhash(decisionBlock), taskId, SAMPLE_TAG)); when that hash had aged out, with
    /// blockhash(decisionBlock) taken as 0 and `checked` true. Checked: `TaskStarted` (firstIndex 1)
    /// follows with the validators, or `TaskPending` when they must be drawn by a later
    /// `startTask`. Unchecked: `RevealOpened` follows and `challengeDeadline` ends the window.
    event TaskSampled(
        uint256 indexed taskId, bytes32 seed, uint256 decisionBlock, bool checked, uint256 challengeDeadline
    );
    /// @notice An unchecked result was challenged; validators are drawn by `startTask` as for a
    /// checked task (a `TaskPending` follows).
    event TaskChallenged(uint256 indexed taskId, address indexed challenger, uint256 bond);
    /// @notice A challenge ended. Upheld (the executor's result lost): the challenger gets its bond
    /// back plus min(penalty, bond) from the executor's penalty. Rejected: the bond goes to the
    /// requester, whose escrow paid the validators. Neither (no consensus, or a loser that could
    /// not be slashed): the bond goes back.
    event ChallengeResolved(
        uint256 indexed taskId, address indexed challenger, bool upheld, uint256 toChallenger, uint256 toRequester
    );

    /// @notice The task id is unknown.
    error TaskManagerUnknownTask(uint256 taskId);
    /// @notice No fee was sent, or it does not fit the fee type.
    error TaskManagerInvalidFee(uint256 fee);
    /// @notice `replicas` is 0 or above `MAX_REPLICAS`.
    error TaskManagerInvalidReplicas(uint256 replicas, uint256 max);
    /// @notice `quorum` is not a strict majority of `replicas`.
    error TaskManagerInvalidQuorum(uint256 quorum, uint256 replicas);
    /// @notice A window is shorter than `minWindow` (the start window: 0) or above MAX_WINDOW.
    error TaskManagerInvalidWindow(uint256 commitWindow, uint256 revealWindow, uint256 startWindow);
    /// @notice The fee per replica is below the protocol minimum.
    error TaskManagerFeeTooLow(uint256 feePerReplica, uint256 minFeePerReplica);
    /// @notice Too few capable nodes are free to start the task now; try again later.
    error TaskManagerNotEnoughNodes(uint256 taskId, uint32 gpuClass, uint256 available, uint256 replicas);
    /// @notice The task cannot be started before `firstBlock` (its seed block's hash does not exist yet).
    error TaskManagerSeedNotReady(uint256 taskId, uint256 firstBlock);
    /// @notice The task's start window closed; `finalize` expires it with a full refund.
    error TaskManagerStartClosed(uint256 taskId, uint256 startDeadline);
    /// @notice Only the requester may do this.
    error TaskManagerNotRequester(uint256 taskId, address caller);
    /// @notice Unknown mode, or a maxDistance that does not fit the mode.
    error TaskManagerInvalidMode(uint8 mode, uint16 maxDistance);
    /// @notice The caller is not a replica of the task.
    error TaskManagerNotReplica(uint256 taskId, address caller);
    /// @notice The task is not in the state the call needs.
    error TaskManagerWrongState(uint256 taskId, uint8 state);
    /// @notice The commit window has closed.
    error TaskManagerCommitClosed(uint256 taskId, uint256 commitDeadline, uint256 blockNumber);
    /// @notice The reveal window has closed.
    error TaskManagerRevealClosed(uint256 taskId, uint256 revealDeadline, uint256 blockNumber);
    /// @notice The replica already committed.
    error TaskManagerAlreadyCommitted(uint256 taskId, address worker);
    /// @notice The replica did not commit, so it cannot reveal.
    error TaskManagerNotCommitted(uint256 taskId, address worker);
    /// @notice The replica already revealed.
    error TaskManagerAlreadyRevealed(uint256 taskId, address worker);
    /// @notice The revealed values do not hash to the commitment.
    error TaskManagerCommitmentMismatch(uint256 taskId, address worker, bytes32 committed, bytes32 computed);
    /// @notice The task cannot be finalized yet.
    error TaskManagerNotFinalizable(uint256 taskId, uint8 state, uint256 blockNumber);
    /// @notice Nothing is owed to the caller.
    error TaskManagerNothingToWithdraw(address account);
    /// @notice Sending wei failed.
    error TaskManagerTransferFailed(address account, uint256 amount);
    /// @notice The replica index is out of range.
    error TaskManagerInvalidReplicaIndex(uint256 taskId, uint256 index);
    /// @notice A sampled task needs 2..5 replicas (executor + validators), a quorum of 0 or
    /// `replicas`, and a rate of at most 10000 basis points.
    error TaskManagerInvalidSampling(uint256 sampleRateBps, uint256 replicas, uint256 quorum);
    /// @notice The check probability is below the bound that makes cheating unprofitable.
    error TaskManagerSampleRateBelowBound(uint256 sampleRateBps, uint256 minSampleRateBps);
    /// @notice The task is not an unchecked sampled task inside its challenge window.
    error TaskManagerNotChallengeable(uint256 taskId, uint8 stage, uint256 challengeDeadline);
    /// @notice The bond sent is not `challengeBond(taskId)`.
    error TaskManagerWrongBond(uint256 sent, uint256 required);

    /// @notice Creates a Pending task, escrowing `msg.value` as its fee.
    /// @param p The task parameters.
    /// @return taskId The new task's id (ids start at 1).
    function createTask(TaskParams calldata p) external payable returns (uint256 taskId);

    /// @notice Draws a Pending task's replicas and opens its commit window (anyone may call, from
    /// block seedBlock + 1 until startDeadline). When blockhash(seedBlock) has aged out it sets a
    /// new seed block instead, and the task is started by a later call. For a sampled task whose
    /// executor committed it makes the check decision (an aged-out hash decides checked), which
    /// never reverts for want of validators: it then leaves them to a later call (see above).
    /// @param taskId The task.
    function startTask(uint256 taskId) external;

    /// @notice Cancels the caller's Pending task (not one waiting for its escalation) and credits
    /// its fee back.
    /// @param taskId The task.
    function cancelTask(uint256 taskId) external;

    /// @notice The caller, a replica that has not committed, steps back without pay or penalty
    /// (inputs unavailable, task too heavy for the window). While at least half the commit window
    /// is left a replacement is drawn for its index.
    /// @param taskId The task.
    function abstain(uint256 taskId) external;

    /// @notice Commits the caller's result of `taskId`.
    /// @param taskId The task.
    /// @param commitment The commitment as defined above.
    function commit(uint256 taskId, bytes32 commitment) external;

    /// @notice Reveals the values behind the caller's commitment.
    /// @param taskId The task.
    /// @param resultDigest SHA-256 of the canonical result bytes.
    /// @param fingerprint What replicas are compared on: in EXACT mode any 32 bytes compared for
    /// equality (SHA-256 of the result bytes, or of labels decoded from them), so it need not equal
    /// resultDigest; the requester recomputes it from the bytes it downloads.
    /// @param salt The salt used in the commitment.
    /// @param resultURI Where the result can be fetched.
    function reveal(uint256 taskId, bytes32 resultDigest, bytes32 fingerprint, bytes32 salt, string calldata resultURI)
        external;

    /// @notice Computes the verdict and moves the task to its final state, or ends a Pending
    /// task whose start deadline has passed (anyone may call): Expired when nothing was committed,
    /// else NoConsensus (an undecided check slashes the executor as a no-show; checked validators
    /// nobody could draw leave it unslashed), or Settled unchecked for a challenge nobody could start.
    /// @param taskId The task.
    function finalize(uint256 taskId) external;

    /// @notice Challenges the unchecked result of a sampled task within its challenge window
    /// (anyone; once per task), posting `challengeBond(taskId)` as `msg.value`.
    /// @param taskId The task.
    function challenge(uint256 taskId) external payable;

    /// @notice Pays the caller everything owed to it.
    function withdraw() external;

    /// @notice Wei owed to `account` (requester credits plus node credits).
    /// @param account The account.
    /// @return amount Owed wei.
    function owed(address account) external view returns (uint256 amount);

    /// @notice The task record.
    /// @param taskId The task.
    /// @return view_ The task as stored.
    function getTask(uint256 taskId) external view returns (TaskView memory view_);

    /// @notice Workers selected for `taskId`, in seat order: the first round, then the escalation
    /// seats (empty while pending).
    /// @param taskId The task.
    /// @return workers The replicas' addresses.
    function getReplicas(uint256 taskId) external view returns (address[] memory workers);

    /// @notice One replica of `taskId`.
    /// @param taskId The task.
    /// @param index The replica index.
    /// @return replica The replica's record.
    function getReplica(uint256 taskId, uint256 index) external view returns (ReplicaView memory replica);

    /// @notice Number of tasks ever created.
    /// @return count The highest task id.
    function taskCount() external view returns (uint256 count);

    /// @notice Shortest commit or reveal window a task may ask for, in blocks.
    /// @return blocks The protocol minimum.
    function minWindow() external view returns (uint256 blocks);

    /// @notice Smallest fee per replica a task may offer, in wei.
    /// @return amount The protocol minimum.
    function minFeePerReplica() external view returns (uint256 amount);

    /// @notice Fresh seats an escalation of a `replicas`-replica task draws (0: it cannot escalate).
    /// @param replicas The task's first-round replicas.
    /// @return seats min(2·replicas + 1, MAX_REPLICAS − replicas) when that exceeds `replicas`, else 0.
    function escalationSeats(uint256 replicas) external pure returns (uint256 seats);

    /// @notice The sampling record of `taskId`.
    /// @param taskId The task.
    /// @return sampling Its stage, rate, decision and challenge.
    function getSampling(uint256 taskId) external view returns (SamplingView memory sampling);

    /// @notice Bond a challenge of `taskId` must post: what its validators will be paid,
    /// (replicas - 1) · fee / replicas.
    /// @param taskId The task.
    /// @return bond Wei.
    function challengeBond(uint256 taskId) external view returns (uint256 bond);

    /// @notice The lowest check probability `createTask` accepts for a fee share of `feePerSeat`:
    /// ceil(10000 · feePerSeat / (feePerSeat + slashAmount)) basis points. A cheat saves at most the
    /// fee share (nobody takes work that costs more than it pays); it keeps that share with
    /// probability 1 − p and loses it plus the slash with probability p, so it does not pay iff
    /// p · (feePerSeat + slashAmount) >= feePerSeat.
    /// @param feePerSeat fee / replicas of the task.
    /// @return rateBps The bound in basis points.
    function minSampleRateBps(uint256 feePerSeat) external view returns (uint256 rateBps);
}

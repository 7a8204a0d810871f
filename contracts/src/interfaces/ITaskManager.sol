// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.24;

import {INodeRegistry} from "./INodeRegistry.sol";

/// @title Replicated tasks with commit-then-reveal and cross-validation.
/// @notice A requester escrows a fee and posts a task; `replicas` nodes of the task's GPU class are
/// picked uniformly at random (seed = keccak256(abi.encode(blockhash(block.number - 1), taskId,
/// requester, nonce)); `block.prevrandao` is never read). Each replica commits
///   commitment = keccak256(abi.encode(COMMIT_TAG, block.chainid, address(this), taskId, worker,
///                                     resultDigest, fingerprint, salt))
/// within the commit window, then reveals within the reveal window, which opens when every replica
/// has committed or when the commit window has closed. `finalize` (anyone, once the reveal window
/// closed or every committer revealed) computes the verdict: the revealed replica with the most
/// agreeing peers (ties: lowest index) and its agreeing peers form the group; EXACT agreement is
/// equality of fingerprints, SIMILAR agreement is popcount(a XOR b) <= maxDistance. A group of at
/// least `quorum` settles the task: members are credited fee / |group| each (remainder to the
/// requester), revealed non-members lose `slashAmount`, replicas that did not commit or reveal lose
/// `noShowAmount`. Slashed wei goes to the requester up to the task fee, the rest is shared by the
/// group (dust to the requester). Without a group the task ends in NoConsensus: the fee is
/// refunded and only no-shows are penalised (their slashed wei goes to the requester). A task
/// whose commit window closes with fewer than `quorum` commitments ends Expired the same way.
/// When too few nodes are free the task waits in a FIFO queue; every settlement and registration
/// starts at most `MAX_STARTS_PER_CALL` queued tasks. Payments are pulled with `withdraw`.
interface ITaskManager is INodeRegistry {
    /// @notice Task states; they only move forward.
    enum TaskState {
        Queued,
        Committing,
        Revealing,
        Settled,
        NoConsensus,
        Expired
    }

    /// @notice How replicas are compared.
    enum Mode {
        Exact,
        Similar
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
        Unpaid
    }

    /// @notice Parameters of a new task.
    /// @param kind Requester-defined task kind (e.g. 0 inference, 1 training).
    /// @param specDigest SHA-256 of the task spec's canonical JSON.
    /// @param specURI Where the spec can be fetched.
    /// @param gpuClass GPU class the replicas must serve.
    /// @param replicas Number of replicas r (1..MAX_REPLICAS).
    /// @param quorum Minimum size of the agreeing group; 0 means r / 2 + 1.
    /// @param mode A `Mode` value.
    /// @param maxDistance Hamming distance within which SIMILAR fingerprints agree (0 for EXACT).
    /// @param commitWindow Blocks during which replicas may commit, counted from the start block.
    /// @param revealWindow Blocks during which replicas may reveal, counted from when revealing opens.
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
    /// @notice Too few nodes were free; the task waits in the FIFO queue.
    event TaskQueued(uint256 indexed taskId, uint256 position);
    /// @notice Replicas were selected and the commit window opened.
    event TaskStarted(uint256 indexed taskId, bytes32 seed, uint256 nonce, address[] workers, uint256 commitDeadline);
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

    /// @notice The task id is unknown.
    error TaskManagerUnknownTask(uint256 taskId);
    /// @notice No fee was sent, or it does not fit the fee type.
    error TaskManagerInvalidFee(uint256 fee);
    /// @notice `replicas` is 0 or above `MAX_REPLICAS`.
    error TaskManagerInvalidReplicas(uint256 replicas, uint256 max);
    /// @notice `quorum` exceeds `replicas`.
    error TaskManagerInvalidQuorum(uint256 quorum, uint256 replicas);
    /// @notice A window is 0 or too long.
    error TaskManagerInvalidWindow(uint256 commitWindow, uint256 revealWindow);
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
    /// @notice In EXACT mode the fingerprint must equal the result digest.
    error TaskManagerFingerprintNotDigest(uint256 taskId, bytes32 resultDigest, bytes32 fingerprint);
    /// @notice The task cannot be finalized yet.
    error TaskManagerNotFinalizable(uint256 taskId, uint8 state, uint256 blockNumber);
    /// @notice Nothing is owed to the caller.
    error TaskManagerNothingToWithdraw(address account);
    /// @notice Sending wei failed.
    error TaskManagerTransferFailed(address account, uint256 amount);
    /// @notice The replica index is out of range.
    error TaskManagerInvalidReplicaIndex(uint256 taskId, uint256 index);

    /// @notice Creates a task, escrowing `msg.value` as its fee.
    /// @param p The task parameters.
    /// @return taskId The new task's id (ids start at 1).
    function createTask(TaskParams calldata p) external payable returns (uint256 taskId);

    /// @notice Commits the caller's result of `taskId`.
    /// @param taskId The task.
    /// @param commitment The commitment as defined above.
    function commit(uint256 taskId, bytes32 commitment) external;

    /// @notice Reveals the values behind the caller's commitment.
    /// @param taskId The task.
    /// @param resultDigest SHA-256 of the canonical result bytes.
    /// @param fingerprint What replicas are compared on (equal to resultDigest in EXACT mode).
    /// @param salt The salt used in the commitment.
    /// @param resultURI Where the result can be fetched.
    function reveal(uint256 taskId, bytes32 resultDigest, bytes32 fingerprint, bytes32 salt, string calldata resultURI)
        external;

    /// @notice Computes the verdict and moves the task to its final state (anyone may call).
    /// @param taskId The task.
    function finalize(uint256 taskId) external;

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

    /// @notice Workers selected for `taskId`, in replica order (empty while queued).
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

    /// @notice Number of tasks waiting in the queue.
    /// @return length Queue length.
    function queueLength() external view returns (uint256 length);
}

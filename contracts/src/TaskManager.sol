// SPDX-License-Identifier: Apache-2.0
pragma solidity 0.8.28;

import {ITaskManager} from "./interfaces/ITaskManager.sol";
import {NodeRegistry} from "./NodeRegistry.sol";
import {Commitments} from "./libraries/Commitments.sol";
import {Popcount} from "./libraries/Popcount.sol";
import {Verdicts} from "./libraries/Verdicts.sol";
import {SafeCast} from "@openzeppelin/contracts/utils/math/SafeCast.sol";

/// @title Replicated tasks: escrow, random replica selection, commit-reveal, cross-validation.
/// @notice See ITaskManager for the protocol. Storage is packed so that a 3-replica task writes as
/// few fresh slots as possible: a two-slot header, one address and one word per replica.
contract TaskManager is NodeRegistry, ITaskManager {
    /// @notice Most replicas a task may ask for (masks are 16 bits wide).
    uint256 public constant MAX_REPLICAS = 16;
    /// @notice Most queued tasks started by one call.
    uint256 public constant MAX_STARTS_PER_CALL = 2;
    /// @notice Longest commit or reveal window, in blocks.
    uint256 public constant MAX_WINDOW = type(uint24).max;

    /// @dev Slot 0: requester .. representative. Slot 1: fee .. groupMask. Then the packed
    /// replica ids (one slot for up to 8 replicas) and one word per replica.
    struct TaskRecord {
        address requester;
        uint8 state;
        uint8 kind;
        uint8 mode;
        uint8 replicas;
        uint8 quorum;
        uint16 maxDistance;
        uint16 committedMask;
        uint16 revealedMask;
        uint8 representative;
        uint96 fee;
        uint32 commitDeadline;
        uint32 revealDeadline;
        uint24 commitWindow;
        uint24 revealWindow;
        uint32 gpuClass;
        uint16 groupMask;
        /// @dev Replica i's node id sits in bits 24·(i % 8) of word i / 8.
        uint256[2] workerIds;
        /// @dev The commitment until the replica reveals, then its fingerprint.
        bytes32[MAX_REPLICAS] words;
    }

    /// @dev One slot: task ids, selection nonce and the FIFO queue's ends.
    struct Counters {
        uint64 taskCount;
        uint64 nonce;
        uint64 queueHead;
        uint64 queueTail;
    }

    mapping(uint256 taskId => TaskRecord) private _tasks;
    mapping(uint256 position => uint256 taskId) private _queue;
    mapping(address account => uint256) private _owed;
    Counters private _counters;

    /// @param nodeStake_ Wei each node locks.
    /// @param slashAmount_ Penalty for a wrong result.
    /// @param noShowAmount_ Penalty for a missed commit or reveal (slashAmount_ <= it <= nodeStake_).
    /// @param unbondingBlocks_ Blocks between requestExit and withdrawStake.
    constructor(uint256 nodeStake_, uint256 slashAmount_, uint256 noShowAmount_, uint256 unbondingBlocks_)
        NodeRegistry(nodeStake_, slashAmount_, noShowAmount_, unbondingBlocks_)
    {}

    /// @inheritdoc ITaskManager
    function createTask(TaskParams calldata p) external payable nonReentrant returns (uint256 taskId) {
        uint8 quorum = _validate(p);
        Counters memory c = _counters;
        taskId = ++c.taskCount;
        TaskRecord storage t = _tasks[taskId];
        t.requester = msg.sender;
        t.kind = p.kind;
        t.mode = p.mode;
        t.replicas = p.replicas;
        t.quorum = quorum;
        t.maxDistance = p.maxDistance;
        t.fee = uint96(msg.value);
        t.commitWindow = uint24(p.commitWindow);
        t.revealWindow = uint24(p.revealWindow);
        t.gpuClass = p.gpuClass;
        _emitCreated(taskId, p, quorum);
        if (c.queueHead != c.queueTail || !_tryStart(taskId, t, c)) {
            _queue[c.queueTail] = taskId;
            ++c.queueTail;
            emit TaskQueued(taskId, c.queueTail - c.queueHead);
        }
        _counters = c;
    }

    /// @inheritdoc ITaskManager
    function commit(uint256 taskId, bytes32 commitment) external {
        TaskRecord storage t = _tasks[taskId];
        uint256 index = _replicaIndex(taskId);
        if (t.state != uint8(TaskState.Committing)) revert TaskManagerWrongState(taskId, t.state);
        if (block.number > t.commitDeadline) revert TaskManagerCommitClosed(taskId, t.commitDeadline, block.number);
        uint16 mask = t.committedMask;
        uint16 bit = uint16(1 << index);
        if (mask & bit != 0) revert TaskManagerAlreadyCommitted(taskId, msg.sender);
        mask |= bit;
        t.committedMask = mask;
        t.words[index] = commitment;
        emit Committed(taskId, msg.sender, commitment);
        if (mask == _fullMask(t.replicas)) {
            uint32 deadline = uint32(block.number + t.revealWindow);
            t.state = uint8(TaskState.Revealing);
            t.revealDeadline = deadline;
            emit RevealOpened(taskId, deadline);
        }
    }

    /// @inheritdoc ITaskManager
    function reveal(uint256 taskId, bytes32 resultDigest, bytes32 fingerprint, bytes32 salt, string calldata resultURI)
        external
    {
        TaskRecord storage t = _tasks[taskId];
        uint256 index = _replicaIndex(taskId);
        _openRevealIfDue(taskId, t);
        if (t.state != uint8(TaskState.Revealing)) revert TaskManagerWrongState(taskId, t.state);
        if (block.number > t.revealDeadline) revert TaskManagerRevealClosed(taskId, t.revealDeadline, block.number);
        uint16 bit = uint16(1 << index);
        if (t.committedMask & bit == 0) revert TaskManagerNotCommitted(taskId, msg.sender);
        if (t.revealedMask & bit != 0) revert TaskManagerAlreadyRevealed(taskId, msg.sender);
        if (t.mode == uint8(Mode.Exact) && fingerprint != resultDigest) {
            revert TaskManagerFingerprintNotDigest(taskId, resultDigest, fingerprint);
        }
        bytes32 committed = t.words[index];
        bytes32 computed =
            Commitments.compute(block.chainid, address(this), taskId, msg.sender, resultDigest, fingerprint, salt);
        if (computed != committed) revert TaskManagerCommitmentMismatch(taskId, msg.sender, committed, computed);
        t.words[index] = fingerprint;
        t.revealedMask |= bit;
        emit Revealed(taskId, msg.sender, resultDigest, fingerprint, salt, resultURI);
    }

    /// @inheritdoc ITaskManager
    function finalize(uint256 taskId) external nonReentrant {
        TaskRecord storage t = _tasks[taskId];
        if (t.requester == address(0)) revert TaskManagerUnknownTask(taskId);
        uint8 state = t.state;
        if (state != uint8(TaskState.Committing) && state != uint8(TaskState.Revealing)) {
            revert TaskManagerNotFinalizable(taskId, state, block.number);
        }
        bool commitOver = block.number > t.commitDeadline;
        uint16 committed = t.committedMask;
        if (commitOver && Popcount.count(committed) < t.quorum) {
            _settle(taskId, t, TaskState.Expired);
        } else if (_revealOver(t, commitOver, committed)) {
            _settle(taskId, t, TaskState.Settled);
        } else {
            revert TaskManagerNotFinalizable(taskId, state, block.number);
        }
        _startQueued();
    }

    /// @inheritdoc ITaskManager
    function withdraw() external nonReentrant {
        uint256 amount = _owed[msg.sender] + _nodes[msg.sender].owed;
        if (amount == 0) revert TaskManagerNothingToWithdraw(msg.sender);
        _owed[msg.sender] = 0;
        _nodes[msg.sender].owed = 0;
        emit Withdrawn(msg.sender, amount);
        _send(msg.sender, amount);
    }

    /// @inheritdoc ITaskManager
    function owed(address account) external view returns (uint256) {
        return _owed[account] + _nodes[account].owed;
    }

    /// @inheritdoc ITaskManager
    function getTask(uint256 taskId) external view returns (TaskView memory v) {
        TaskRecord storage t = _knownTask(taskId);
        v.requester = t.requester;
        v.state = t.state;
        v.kind = t.kind;
        v.mode = t.mode;
        v.replicas = t.replicas;
        v.quorum = t.quorum;
        v.maxDistance = t.maxDistance;
        v.gpuClass = t.gpuClass;
        v.fee = t.fee;
        v.commitDeadline = t.commitDeadline;
        v.revealDeadline = t.revealDeadline;
        v.commitWindow = t.commitWindow;
        v.revealWindow = t.revealWindow;
        v.committedMask = t.committedMask;
        v.revealedMask = t.revealedMask;
        v.groupMask = t.groupMask;
        v.groupSize = uint8(Popcount.count(t.groupMask));
        if (t.groupMask != 0) v.verdictFingerprint = t.words[t.representative];
        (v.payoutPerMember, v.requesterCredit) = _payouts(t);
    }

    /// @inheritdoc ITaskManager
    function getReplicas(uint256 taskId) external view returns (address[] memory workers) {
        TaskRecord storage t = _knownTask(taskId);
        if (t.state == uint8(TaskState.Queued)) return new address[](0);
        workers = new address[](t.replicas);
        for (uint256 i = 0; i < workers.length; ++i) {
            workers[i] = _workerAt(t, i);
        }
    }

    /// @inheritdoc ITaskManager
    function getReplica(uint256 taskId, uint256 index) external view returns (ReplicaView memory r) {
        TaskRecord storage t = _knownTask(taskId);
        if (index >= t.replicas || t.state == uint8(TaskState.Queued)) {
            revert TaskManagerInvalidReplicaIndex(taskId, index);
        }
        uint256 bit = 1 << index;
        r.worker = _workerAt(t, index);
        r.committed = t.committedMask & bit != 0;
        r.revealed = t.revealedMask & bit != 0;
        if (r.revealed) r.fingerprint = t.words[index];
        else r.commitment = t.words[index];
        (r.outcome, r.slashed) = _outcome(t, bit);
        if (r.outcome == uint8(ReplicaOutcome.Paid)) {
            (uint256 perMember,) = _payouts(t);
            r.payout = uint128(perMember);
        }
    }

    /// @inheritdoc ITaskManager
    function taskCount() external view returns (uint256) {
        return _counters.taskCount;
    }

    /// @inheritdoc ITaskManager
    function queueLength() external view returns (uint256) {
        return _counters.queueTail - _counters.queueHead;
    }

    function _emitCreated(uint256 taskId, TaskParams calldata p, uint8 quorum) private {
        emit TaskCreated(
            taskId,
            msg.sender,
            p.specDigest,
            p.specURI,
            msg.value,
            p.kind,
            p.mode,
            p.replicas,
            quorum,
            p.maxDistance,
            p.gpuClass
        );
    }

    function _validate(TaskParams calldata p) private view returns (uint8 quorum) {
        if (msg.value == 0 || msg.value > type(uint96).max) revert TaskManagerInvalidFee(msg.value);
        if (p.replicas == 0 || p.replicas > MAX_REPLICAS) revert TaskManagerInvalidReplicas(p.replicas, MAX_REPLICAS);
        quorum = p.quorum == 0 ? p.replicas / 2 + 1 : p.quorum;
        if (quorum > p.replicas) revert TaskManagerInvalidQuorum(quorum, p.replicas);
        if (p.commitWindow == 0 || p.revealWindow == 0 || p.commitWindow > MAX_WINDOW || p.revealWindow > MAX_WINDOW) {
            revert TaskManagerInvalidWindow(p.commitWindow, p.revealWindow);
        }
        bool exactOk = p.mode == uint8(Mode.Exact) && p.maxDistance == 0;
        bool similarOk = p.mode == uint8(Mode.Similar) && p.maxDistance <= 256;
        if (!exactOk && !similarOk) revert TaskManagerInvalidMode(p.mode, p.maxDistance);
    }

    /// @dev Picks the task's replicas (see NodeRegistry._pickAvailable) and opens its commit window.
    /// Returns false when too few nodes of its class are free.
    function _tryStart(uint256 taskId, TaskRecord storage t, Counters memory c) private returns (bool) {
        uint256 r = t.replicas;
        uint32 gpuClass = t.gpuClass;
        if (_availableCounts[gpuClass] < r) return false;
        uint256 nonce = c.nonce++;
        bytes32 seed = keccak256(abi.encode(blockhash(block.number - 1), taskId, t.requester, nonce));
        address[] memory picked = _pickAvailable(gpuClass, r, seed, uint40(taskId), 0);
        if (picked.length == 0) return false;
        uint256[2] memory ids;
        for (uint256 k = 0; k < r; ++k) {
            ids[k / 8] |= uint256(_nodes[picked[k]].id) << (24 * (k % 8));
        }
        t.workerIds[0] = ids[0];
        if (r > 8) t.workerIds[1] = ids[1];
        uint32 commitDeadline = uint32(block.number + t.commitWindow);
        t.state = uint8(TaskState.Committing);
        t.commitDeadline = commitDeadline;
        emit TaskStarted(taskId, seed, nonce, picked, commitDeadline);
        return true;
    }

    function _startQueued() private {
        Counters memory c = _counters;
        if (c.queueHead == c.queueTail) return;
        for (uint256 k = 0; k < MAX_STARTS_PER_CALL && c.queueHead < c.queueTail; ++k) {
            uint256 taskId = _queue[c.queueHead];
            if (!_tryStart(taskId, _tasks[taskId], c)) break;
            delete _queue[c.queueHead];
            ++c.queueHead;
        }
        _counters = c;
    }

    /// @dev Hook from NodeRegistry: a node joined, so queued tasks may start.
    function _onNodeAvailable() internal override {
        _startQueued();
    }

    function _settle(uint256 taskId, TaskRecord storage t, TaskState outcome) private {
        uint256 r = t.replicas;
        uint16 revealed = t.revealedMask;
        uint256 representative;
        uint256 groupMask;
        if (outcome == TaskState.Settled) {
            bytes32[] memory fingerprints = new bytes32[](r);
            for (uint256 i = 0; i < r; ++i) {
                if (revealed & (1 << i) != 0) fingerprints[i] = t.words[i];
            }
            uint256 size;
            (representative, groupMask, size) =
                Verdicts.best(fingerprints, revealed, t.mode == uint8(Mode.Similar), t.maxDistance);
            if (size < t.quorum) (outcome, groupMask) = (TaskState.NoConsensus, 0);
        }
        t.state = uint8(outcome);
        t.representative = uint8(representative);
        t.groupMask = uint16(groupMask);
        _applyOutcomes(taskId, t);
        emit TaskFinalized(
            taskId,
            uint8(outcome),
            groupMask == 0 ? bytes32(0) : t.words[representative],
            uint8(Popcount.count(groupMask))
        );
    }

    /// @dev Slashes, credits and releases every replica, then credits the requester.
    function _applyOutcomes(uint256 taskId, TaskRecord storage t) private {
        (uint256 perMember, uint256 requesterCredit) = _payouts(t);
        uint32 gpuClass = t.gpuClass;
        for (uint256 i = 0; i < t.replicas; ++i) {
            address worker = _workerAt(t, i);
            (uint8 outcome, uint256 penalty) = _outcome(t, 1 << i);
            if (penalty != 0) {
                emit ReplicaSlashed(
                    taskId,
                    worker,
                    penalty,
                    uint8(outcome == uint8(ReplicaOutcome.SlashedWrong) ? SlashReason.WrongResult : SlashReason.NoShow)
                );
            } else if (outcome == uint8(ReplicaOutcome.Paid)) {
                _nodes[worker].owed += SafeCast.toUint88(perMember);
                emit ReplicaPaid(taskId, worker, perMember);
            }
            _release(worker, penalty, gpuClass);
        }
        if (requesterCredit != 0) {
            _owed[t.requester] += requesterCredit;
            emit RequesterCredited(taskId, t.requester, requesterCredit);
        }
    }

    /// @dev Outcome and penalty of the replica with mask bit `bit`, from the final masks.
    function _outcome(TaskRecord storage t, uint256 bit) private view returns (uint8 outcome, uint128 penalty) {
        uint8 state = t.state;
        if (state < uint8(TaskState.Settled)) return (uint8(ReplicaOutcome.Pending), 0);
        bool committed = t.committedMask & bit != 0;
        bool revealed = t.revealedMask & bit != 0;
        if (state == uint8(TaskState.Expired) ? !committed : !revealed) {
            return (uint8(ReplicaOutcome.SlashedNoShow), uint128(_penalty(true)));
        }
        if (state != uint8(TaskState.Settled)) return (uint8(ReplicaOutcome.Unpaid), 0);
        if (t.groupMask & bit != 0) return (uint8(ReplicaOutcome.Paid), 0);
        return (uint8(ReplicaOutcome.SlashedWrong), uint128(_penalty(false)));
    }

    /// @dev Per-member payout and the requester's credit of a finalized task. Slashed wei goes to
    /// the requester up to the fee, the rest is shared by the group; without a group the requester
    /// gets the fee back plus everything slashed.
    function _payouts(TaskRecord storage t) private view returns (uint256 perMember, uint256 requesterCredit) {
        uint8 state = t.state;
        if (state < uint8(TaskState.Settled)) return (0, 0);
        uint256 slashed;
        for (uint256 i = 0; i < t.replicas; ++i) {
            (, uint128 penalty) = _outcome(t, 1 << i);
            slashed += penalty;
        }
        uint256 fee = t.fee;
        if (state != uint8(TaskState.Settled)) return (0, fee + slashed);
        uint256 compensation = slashed < fee ? slashed : fee;
        uint256 pool = fee + slashed - compensation;
        uint256 size = Popcount.count(t.groupMask);
        perMember = pool / size;
        requesterCredit = compensation + (pool - perMember * size);
    }

    function _openRevealIfDue(uint256 taskId, TaskRecord storage t) private {
        if (t.state == uint8(TaskState.Committing) && block.number > t.commitDeadline) {
            uint32 deadline = t.commitDeadline + t.revealWindow;
            t.state = uint8(TaskState.Revealing);
            t.revealDeadline = deadline;
            emit RevealOpened(taskId, deadline);
        }
    }

    /// @dev Whether the verdict can be computed: every committer revealed after commits closed, or
    /// the reveal window is over.
    function _revealOver(TaskRecord storage t, bool commitOver, uint16 committed) private view returns (bool) {
        bool commitsClosed = commitOver || committed == _fullMask(t.replicas);
        if (commitsClosed && t.revealedMask == committed) return true;
        uint256 deadline =
            t.state == uint8(TaskState.Revealing) ? t.revealDeadline : uint256(t.commitDeadline) + t.revealWindow;
        return block.number > deadline;
    }

    function _workerAt(TaskRecord storage t, uint256 index) private view returns (address) {
        return _nodeAddresses[uint24(t.workerIds[index / 8] >> (24 * (index % 8)))];
    }

    function _replicaIndex(uint256 taskId) private view returns (uint256) {
        NodeRecord storage n = _nodes[msg.sender];
        if (n.activeTask != taskId || taskId == 0) revert TaskManagerNotReplica(taskId, msg.sender);
        return n.activeIndex;
    }

    function _knownTask(uint256 taskId) private view returns (TaskRecord storage t) {
        t = _tasks[taskId];
        if (t.requester == address(0)) revert TaskManagerUnknownTask(taskId);
    }

    function _fullMask(uint256 replicas) private pure returns (uint16) {
        return uint16((1 << replicas) - 1);
    }

    function _send(address to, uint256 amount) internal override {
        (bool ok,) = to.call{value: amount}("");
        if (!ok) revert TaskManagerTransferFailed(to, amount);
    }
}

// SPDX-License-Identifier: Apache-2.0
pragma solidity 0.8.28;

import {ITaskManager} from "./interfaces/ITaskManager.sol";
import {NodeRegistry} from "./NodeRegistry.sol";
import {CommitReveal} from "./libraries/CommitReveal.sol";
import {Popcount} from "./libraries/Popcount.sol";
import {Sampling} from "./libraries/Sampling.sol";
import {TaskRules} from "./libraries/TaskRules.sol";
import {Verdicts} from "./libraries/Verdicts.sol";
import {Challenge, MAX_TASK_SEATS, TaskRecord} from "./types/TaskRecords.sol";
import {TaskManagerViews} from "./TaskManagerViews.sol";

/// @title Replicated tasks: escrow, two-step random replica selection, commit-reveal,
/// cross-validation.
/// @notice See ITaskManager for the protocol. Storage is packed so that a 3-replica task writes as
/// few fresh slots as possible: a three-slot header, one slot of packed replica ids and one word
/// per replica.
contract TaskManager is NodeRegistry, ITaskManager {
    /// @notice Most replicas a task may ask for (masks are 16 bits wide).
    uint256 public constant MAX_REPLICAS = MAX_TASK_SEATS;
    /// @notice Longest commit, reveal or start window, in blocks.
    uint256 public constant MAX_WINDOW = type(uint24).max;

    uint256 private immutable _MIN_WINDOW;
    uint256 private immutable _MIN_FEE_PER_REPLICA;
    /// @dev Serves getTask, getReplicas, getReplica and getSampling over this contract's storage
    /// (see TaskManagerViews).
    address private immutable _VIEWS;

    mapping(uint256 taskId => TaskRecord) private _tasks;
    uint256 private _taskCount;

    mapping(uint256 taskId => Challenge) private _challenges;

    /// @param nodeStake_ Wei each node locks.
    /// @param slashAmount_ Penalty for a wrong result.
    /// @param noShowAmount_ Penalty for a missed commit or reveal (slashAmount_ <= it <= nodeStake_).
    /// @param unbondingBlocks_ Blocks between the end of an exiting node's work and withdrawStake.
    /// @param treasury_ Account credited with every penalty (a burn address when nobody should hold it).
    /// @param minWindow_ Shortest commit or reveal window a task may ask for (at least 1).
    /// @param minFeePerReplica_ Smallest fee per replica a task may offer (at least 1 wei).
    constructor(
        uint256 nodeStake_,
        uint256 slashAmount_,
        uint256 noShowAmount_,
        uint256 unbondingBlocks_,
        address treasury_,
        uint256 minWindow_,
        uint256 minFeePerReplica_
    ) NodeRegistry(nodeStake_, slashAmount_, noShowAmount_, unbondingBlocks_, treasury_) {
        if (minWindow_ == 0 || minWindow_ > MAX_WINDOW || minFeePerReplica_ == 0) {
            revert NodeRegistryInvalidConfig(nodeStake_, slashAmount_, noShowAmount_);
        }
        _MIN_WINDOW = minWindow_;
        _MIN_FEE_PER_REPLICA = minFeePerReplica_;
        uint256 tasksSlot;
        uint256 challengesSlot;
        uint256 nodeAddressesSlot;
        assembly ("memory-safe") {
            tasksSlot := _tasks.slot
            challengesSlot := _challenges.slot
            nodeAddressesSlot := _nodeAddresses.slot
        }
        _VIEWS =
            address(new TaskManagerViews(tasksSlot, challengesSlot, nodeAddressesSlot, slashAmount_, noShowAmount_));
    }

    /// @inheritdoc ITaskManager
    function createTask(TaskParams calldata p) external payable nonReentrant returns (uint256 taskId) {
        uint8 quorum = _validate(p);
        taskId = ++_taskCount;
        TaskRecord storage t = _tasks[taskId];
        t.requester = msg.sender;
        t.kind = p.kind;
        t.mode = p.mode;
        t.replicas = p.replicas;
        t.quorum = quorum;
        t.maxDistance = p.maxDistance;
        t.fee = uint88(msg.value);
        t.commitWindow = uint24(p.commitWindow);
        t.revealWindow = uint24(p.revealWindow);
        t.gpuClass = p.gpuClass;
        t.seedBlock = uint40(block.number);
        uint256 startDeadline = block.number + p.startWindow;
        t.startDeadline = uint40(startDeadline);
        t.minVramMiB = p.minVramMiB;
        t.executors = p.executors;
        if (p.sampleRateBps != 0) {
            t.stage = uint8(SamplingStage.Executing);
            t.sampleRateBps = p.sampleRateBps;
        }
        _emitCreated(taskId, p, quorum);
        emit TaskPending(taskId, block.number, startDeadline);
    }

    /// @inheritdoc ITaskManager
    function startTask(uint256 taskId) external {
        TaskRecord storage t = _knownTask(taskId);
        if (t.state != uint8(TaskState.Pending)) revert TaskManagerWrongState(taskId, t.state);
        if (block.number > t.startDeadline) revert TaskManagerStartClosed(taskId, t.startDeadline);
        uint256 seedBlock = t.seedBlock;
        if (block.number <= seedBlock) revert TaskManagerSeedNotReady(taskId, seedBlock + 1);
        bytes32 hash = blockhash(seedBlock);
        // A check decision is made once: an aged-out decision block decides "checked" (_decide).
        bool deciding = t.stage == uint8(SamplingStage.Executing) && t.committedMask != 0;
        if (hash == 0 && !deciding) {
            t.seedBlock = uint40(block.number);
            emit TaskPending(taskId, block.number, t.startDeadline);
            return;
        }
        (uint256 first, uint256 count) = _nextSeats(taskId, t, hash, seedBlock);
        if (count == 0) return; // decided unchecked: the executor reveals
        bytes32 seed = keccak256(abi.encode(hash, taskId));
        uint32 gpuClass = t.gpuClass;
        address[] memory picked;
        if (hash != 0) picked = _pickAvailable(gpuClass, count, seed, uint40(taskId), first, _requirements(t));
        if (picked.length == 0) {
            // A checked decision stands; a later call draws its validators from a fresh block
            // within a fresh start window (so the decision's timing cannot squeeze the draw out).
            if (deciding) return _pend(taskId, t, block.number, block.number + t.commitWindow);
            revert TaskManagerNotEnoughNodes(taskId, gpuClass, _availableCounts[gpuClass], count);
        }
        uint256[2] memory ids;
        if (first != 0) (ids[0], ids[1]) = (t.workerIds[0], t.workerIds[1]);
        for (uint256 k = first; k < first + count; ++k) {
            ids[k / 8] |= uint256(_nodes[picked[k - first]].id) << (24 * (k % 8));
        }
        t.workerIds[0] = ids[0];
        if (first + count > 8) t.workerIds[1] = ids[1];
        uint256 commitDeadline = block.number + t.commitWindow;
        t.state = uint8(TaskState.Committing);
        t.commitDeadline = uint40(commitDeadline);
        emit TaskStarted(taskId, seed, seedBlock, first, picked, commitDeadline);
    }

    /// @inheritdoc ITaskManager
    function cancelTask(uint256 taskId) external nonReentrant {
        TaskRecord storage t = _knownTask(taskId);
        if (msg.sender != t.requester) revert TaskManagerNotRequester(taskId, msg.sender);
        if (t.state != uint8(TaskState.Pending) || t.committedMask != 0) {
            revert TaskManagerWrongState(taskId, t.state);
        }
        _endUnstarted(taskId, t, TaskState.Cancelled);
    }

    /// @inheritdoc ITaskManager
    function abstain(uint256 taskId) external nonReentrant {
        (TaskRecord storage t, uint256 index,) = _seatToCommit(taskId);
        address replacement;
        if (block.number + t.commitWindow / 2 <= t.commitDeadline) {
            // The abstainer is still assigned here, so it cannot be drawn as its own replacement.
            bytes32 seed = keccak256(abi.encode(blockhash(block.number - 1), taskId, index));
            address[] memory picked = _pickAvailable(t.gpuClass, 1, seed, uint40(taskId), index, _requirements(t));
            if (picked.length == 1) {
                replacement = picked[0];
                uint256 shift = 24 * (index % 8);
                uint256 word = t.workerIds[index / 8] & ~(uint256(type(uint24).max) << shift);
                t.workerIds[index / 8] = word | (uint256(_nodes[replacement].id) << shift);
            }
        }
        if (replacement == address(0)) t.abstainedMask |= uint16(1 << index);
        _release(msg.sender, 0, t.gpuClass);
        emit ReplicaAbstained(taskId, msg.sender, index, replacement);
        _openRevealIfAllIn(taskId, t, t.committedMask);
    }

    /// @inheritdoc ITaskManager
    function commit(uint256 taskId, bytes32 commitment) external {
        (TaskRecord storage t, uint256 index, uint256 mask) = _seatToCommit(taskId);
        t.committedMask = uint16(mask);
        t.words[index] = commitment;
        emit Committed(taskId, msg.sender, commitment);
        if (t.stage == uint8(SamplingStage.Executing)) {
            // The check is decided by the hash of the next block, which nobody knows yet.
            return _pend(taskId, t, block.number + 1, block.number + 1 + t.commitWindow);
        }
        _openRevealIfAllIn(taskId, t, uint16(mask));
    }

    /// @inheritdoc ITaskManager
    function reveal(uint256 taskId, bytes32 resultDigest, bytes32 fingerprint, bytes32 salt, string calldata resultURI)
        external
    {
        TaskRecord storage t = _tasks[taskId];
        uint256 index = _replicaIndex(taskId);
        _openRevealIfDue(taskId, t);
        if (t.state != uint8(TaskState.Revealing)) revert TaskManagerWrongState(taskId, t.state);
        uint256 revealDeadline = t.revealDeadline;
        if (!CommitReveal.isOpen(revealDeadline)) revert TaskManagerRevealClosed(taskId, revealDeadline, block.number);
        (uint256 revealed, CommitReveal.Refusal refusal) = CommitReveal.reveal(t.committedMask, t.revealedMask, index);
        if (refusal == CommitReveal.Refusal.NotCommitted) revert TaskManagerNotCommitted(taskId, msg.sender);
        if (refusal != CommitReveal.Refusal.None) revert TaskManagerAlreadyRevealed(taskId, msg.sender);
        bytes32 committed = t.words[index];
        bytes32 computed = CommitReveal.commitment(taskId, resultDigest, fingerprint, salt);
        if (computed != committed) revert TaskManagerCommitmentMismatch(taskId, msg.sender, committed, computed);
        t.words[index] = fingerprint;
        t.revealedMask = uint16(revealed);
        emit Revealed(taskId, msg.sender, resultDigest, fingerprint, salt, resultURI);
    }

    /// @inheritdoc ITaskManager
    function finalize(uint256 taskId) external nonReentrant {
        TaskRecord storage t = _knownTask(taskId);
        uint8 state = t.state;
        if (state == uint8(TaskState.Pending) && block.number > t.startDeadline) {
            // An escalation, or a checked decision's validators, that nobody could start ends
            // without consensus (an undecided check: the executor is a no-show, _outcome); a
            // challenge whose validators could not be drawn leaves the result unchecked.
            if (t.committedMask == 0) {
                _endUnstarted(taskId, t, TaskState.Expired);
            } else {
                _settle(
                    taskId, t, t.stage == uint8(SamplingStage.Challenged) ? TaskState.Settled : TaskState.NoConsensus
                );
            }
            return;
        }
        // An unchecked result that was revealed waits out its challenge window.
        if (
            (state != uint8(TaskState.Committing) && state != uint8(TaskState.Revealing))
                || (t.stage == uint8(SamplingStage.Unchecked)
                    && t.revealedMask != 0
                    && block.number <= TaskRules.challengeDeadline(t))
        ) revert TaskManagerNotFinalizable(taskId, state, block.number);
        uint16 phase = TaskRules.phaseMask(t);
        uint16 committed = t.committedMask & phase;
        bool commitsClosed =
            !CommitReveal.isOpen(t.commitDeadline) || CommitReveal.allIn(committed | t.abstainedMask, phase);
        if (committed == 0 && commitsClosed) {
            _settle(taskId, t, t.escalation == 0 ? TaskState.Expired : TaskState.NoConsensus);
        } else if (_revealOver(t, commitsClosed, committed, phase)) {
            _settle(taskId, t, TaskState.Settled);
        } else {
            revert TaskManagerNotFinalizable(taskId, state, block.number);
        }
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
    function getTask(uint256) external view returns (TaskView memory) {
        _viewsAsView()();
        revert();
    }

    /// @inheritdoc ITaskManager
    function getReplicas(uint256) external view returns (address[] memory) {
        _viewsAsView()();
        revert();
    }

    /// @inheritdoc ITaskManager
    function getReplica(uint256, uint256) external view returns (ReplicaView memory) {
        _viewsAsView()();
        revert();
    }

    /// @inheritdoc ITaskManager
    function taskCount() external view returns (uint256) {
        return _taskCount;
    }

    /// @inheritdoc ITaskManager
    function minWindow() external view returns (uint256) {
        return _MIN_WINDOW;
    }

    /// @inheritdoc ITaskManager
    function minFeePerReplica() external view returns (uint256) {
        return _MIN_FEE_PER_REPLICA;
    }

    /// @inheritdoc ITaskManager
    function escalationSeats(uint256 replicas) external pure returns (uint256) {
        return _escalationSeats(replicas);
    }

    /// @inheritdoc ITaskManager
    function challenge(uint256 taskId) external payable {
        TaskRecord storage t = _knownTask(taskId);
        uint256 deadline = TaskRules.challengeDeadline(t);
        if (
            t.stage != uint8(SamplingStage.Unchecked) || t.state != uint8(TaskState.Revealing) || t.revealedMask == 0
                || block.number > deadline
        ) revert TaskManagerNotChallengeable(taskId, t.stage, deadline);
        uint256 bond = TaskRules.bond(t);
        if (msg.value != bond) revert TaskManagerWrongBond(msg.value, bond);
        _challenges[taskId] = Challenge({challenger: msg.sender, bond: uint96(bond)});
        t.stage = uint8(SamplingStage.Challenged);
        emit TaskChallenged(taskId, msg.sender, bond);
        _pend(taskId, t, block.number, block.number + t.commitWindow + t.revealWindow);
    }

    /// @inheritdoc ITaskManager
    function getSampling(uint256) external view returns (SamplingView memory) {
        _viewsAsView()();
        revert();
    }

    /// @inheritdoc ITaskManager
    function challengeBond(uint256 taskId) external view returns (uint256) {
        return TaskRules.bond(_knownTask(taskId));
    }

    /// @inheritdoc ITaskManager
    function minSampleRateBps(uint256 feePerSeat) external view returns (uint256) {
        return _minRate(feePerSeat);
    }

    function _minRate(uint256 feePerSeat) private view returns (uint256) {
        return Sampling.minRateBps(feePerSeat, _penalty(false));
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
        if (p.replicas == 0 || p.replicas > MAX_REPLICAS) revert TaskManagerInvalidReplicas(p.replicas, MAX_REPLICAS);
        if (msg.value == 0 || msg.value > type(uint88).max) revert TaskManagerInvalidFee(msg.value);
        if (msg.value / p.replicas < _MIN_FEE_PER_REPLICA) {
            revert TaskManagerFeeTooLow(msg.value / p.replicas, _MIN_FEE_PER_REPLICA);
        }
        quorum = p.quorum == 0 ? p.replicas / 2 + 1 : p.quorum;
        if (quorum > p.replicas || quorum <= p.replicas / 2) revert TaskManagerInvalidQuorum(quorum, p.replicas);
        if (
            p.commitWindow < _MIN_WINDOW || p.revealWindow < _MIN_WINDOW || p.commitWindow > MAX_WINDOW
                || p.revealWindow > MAX_WINDOW || p.startWindow == 0 || p.startWindow > MAX_WINDOW
        ) {
            revert TaskManagerInvalidWindow(p.commitWindow, p.revealWindow, p.startWindow);
        }
        if (p.sampleRateBps != 0) {
            if (
                p.replicas < 2 || p.replicas > 5 || (p.quorum != 0 && p.quorum != p.replicas)
                    || p.sampleRateBps > Sampling.BPS
            ) revert TaskManagerInvalidSampling(p.sampleRateBps, p.replicas, p.quorum);
            quorum = p.replicas; // unanimity: any mismatch escalates
            uint256 bound = _minRate(msg.value / p.replicas);
            if (p.sampleRateBps < bound) revert TaskManagerSampleRateBelowBound(p.sampleRateBps, bound);
        }
        bool exactOk = p.mode == uint8(Mode.Exact) && p.maxDistance == 0;
        bool similarOk = p.mode == uint8(Mode.Similar) && p.maxDistance <= 256;
        if (!exactOk && !similarOk) revert TaskManagerInvalidMode(p.mode, p.maxDistance);
    }

    function _requirements(TaskRecord storage t) private view returns (Requirements memory) {
        return Requirements({vramMiB: t.minVramMiB, executors: t.executors, feePerReplica: t.fee / TaskRules.seats(t)});
    }

    /// @dev Ends a task that never started (cancelled or expired): the whole fee goes back.
    function _endUnstarted(uint256 taskId, TaskRecord storage t, TaskState outcome) private {
        t.state = uint8(outcome);
        uint256 fee = t.fee;
        _owed[t.requester] += fee;
        emit TaskFinalized(taskId, uint8(outcome), bytes32(0), 0);
        emit RequesterCredited(taskId, t.requester, fee);
    }

    /// @dev Computes the verdict of the deciding seats (round one, or the escalation seats) and
    /// ends the task, or opens its escalation when round one found no consensus.
    function _settle(uint256 taskId, TaskRecord storage t, TaskState outcome) private {
        uint256 representative;
        uint256 groupMask;
        if (outcome == TaskState.Settled) {
            uint256 r = t.replicas;
            uint256 e = t.escalation;
            uint16 revealed = t.revealedMask;
            bytes32[] memory fingerprints = new bytes32[](r + e);
            for (uint256 i = 0; i < r + e; ++i) {
                if (revealed & (1 << i) != 0) fingerprints[i] = t.words[i];
            }
            bool similar = t.mode == uint8(Mode.Similar);
            uint256 size;
            bool rivalled;
            (representative, groupMask, size, rivalled) =
                Verdicts.best(fingerprints, revealed & TaskRules.phaseMask(t), similar, t.maxDistance);
            if (size < _groupNeeded(t, e) || rivalled) {
                if (e == 0 && revealed != 0 && _escalationSeats(r) != 0) return _escalate(taskId, t);
                (outcome, groupMask) = (TaskState.NoConsensus, 0);
            } else {
                // Round-one replicas whose result agrees with the escalation's verdict are paid too.
                for (uint256 i = 0; i < r && e != 0; ++i) {
                    if (
                        revealed & (1 << i) != 0
                            && Verdicts.agree(fingerprints[i], fingerprints[representative], similar, t.maxDistance)
                    ) groupMask |= 1 << i;
                }
            }
        }
        t.state = uint8(outcome);
        t.representative = uint8(representative);
        t.groupMask = uint16(groupMask);
        _applyOutcomes(taskId, t);
        if (t.stage >= uint8(SamplingStage.Challenged)) _resolveChallenge(taskId, t);
        emit TaskFinalized(
            taskId,
            uint8(outcome),
            groupMask == 0 ? bytes32(0) : t.words[representative],
            uint8(Popcount.count(groupMask))
        );
    }

    /// @dev Smallest group that settles: a strict majority of the escalation seats, else the
    /// quorum (every seat of a checked sampled task), or the executor alone while nobody checks it.
    function _groupNeeded(TaskRecord storage t, uint256 escalation) private view returns (uint256) {
        if (escalation != 0) return escalation / 2 + 1;
        return TaskRules.singleSeat(t) ? 1 : t.quorum;
    }

    /// @dev Opens the escalation of a task whose first round revealed results without consensus:
    /// the task waits for `startTask` again, its first-round replicas stay assigned.
    function _escalate(uint256 taskId, TaskRecord storage t) private {
        uint256 startDeadline = block.number + t.commitWindow + t.revealWindow;
        emit TaskEscalated(taskId, t.gpuClass, _escalationSeats(t.replicas), startDeadline);
        _pend(taskId, t, block.number, startDeadline);
    }

    /// @dev Returns a task with commitments to Pending until `startTask` draws its next seats.
    function _pend(uint256 taskId, TaskRecord storage t, uint256 seedBlock, uint256 startDeadline) private {
        t.state = uint8(TaskState.Pending);
        t.seedBlock = uint40(seedBlock);
        t.startDeadline = uint40(startDeadline);
        emit TaskPending(taskId, seedBlock, startDeadline);
    }

    /// @dev Slashes (for the treasury), credits and releases every seat, then credits the
    /// requester with the shares nobody earned.
    function _applyOutcomes(uint256 taskId, TaskRecord storage t) private {
        (uint256 perReplica, uint256 requesterCredit) = TaskRules.payouts(t);
        uint32 gpuClass = t.gpuClass;
        uint256 seats = TaskRules.drawnSeats(t);
        for (uint256 i = 0; i < seats; ++i) {
            (uint8 outcome, uint256 penalty) = _outcome(t, 1 << i);
            if (outcome == uint8(ReplicaOutcome.Abstained)) continue; // released when it abstained
            address worker = _workerAt(t, i);
            if (penalty != 0) {
                emit ReplicaSlashed(
                    taskId,
                    worker,
                    penalty,
                    uint8(outcome == uint8(ReplicaOutcome.SlashedWrong) ? SlashReason.WrongResult : SlashReason.NoShow)
                );
            } else if (outcome == uint8(ReplicaOutcome.Paid)) {
                _creditNode(worker, perReplica);
                emit ReplicaPaid(taskId, worker, perReplica);
            }
            _release(worker, penalty, gpuClass);
        }
        if (requesterCredit != 0) {
            _owed[t.requester] += requesterCredit;
            emit RequesterCredited(taskId, t.requester, requesterCredit);
        }
        if (t.state == uint8(TaskState.NoConsensus)) {
            uint256 withheld = perReplica * Popcount.count(t.revealedMask);
            if (withheld != 0) _creditTreasury(t.requester, withheld);
        }
    }

    /// @dev Outcome and penalty of the replica with mask bit `bit`, from the final masks.
    function _outcome(TaskRecord storage t, uint256 bit) private view returns (uint8, uint128) {
        return TaskRules.outcome(t, bit, _penalty(false), _penalty(true));
    }

    /// @dev Opens revealing once every deciding seat has committed or abstained (and one has committed).
    function _openRevealIfAllIn(uint256 taskId, TaskRecord storage t, uint16 committed) private {
        uint16 phase = TaskRules.phaseMask(t);
        if (committed & phase != 0 && CommitReveal.allIn(committed | t.abstainedMask, phase)) {
            _openReveal(taskId, t, CommitReveal.revealDeadline(t.commitDeadline, t.revealWindow));
        }
    }

    function _openRevealIfDue(uint256 taskId, TaskRecord storage t) private {
        if (t.state == uint8(TaskState.Committing) && !CommitReveal.isOpen(t.commitDeadline)) {
            _openReveal(taskId, t, CommitReveal.revealDeadline(t.commitDeadline, t.revealWindow));
        }
    }

    function _openReveal(uint256 taskId, TaskRecord storage t, uint256 deadline) private {
        t.state = uint8(TaskState.Revealing);
        t.revealDeadline = uint40(deadline);
        emit RevealOpened(taskId, deadline);
    }

    /// @dev Whether the verdict can be computed: every deciding committer revealed after commits
    /// closed, or the reveal window is over.
    function _revealOver(TaskRecord storage t, bool commitsClosed, uint16 committed, uint16 phase)
        private
        view
        returns (bool)
    {
        if (commitsClosed && t.revealedMask & phase == committed) return true;
        uint256 deadline = t.state == uint8(TaskState.Revealing)
            ? t.revealDeadline
            : CommitReveal.revealDeadline(t.commitDeadline, t.revealWindow);
        return !CommitReveal.isOpen(deadline);
    }

    function _workerAt(TaskRecord storage t, uint256 index) private view returns (address) {
        return TaskRules.workerAt(t, _nodeAddresses, index);
    }

    /// @dev The caller's seat in `taskId`; only seats of the current round may act (a round-one
    /// replica waits while the escalation seats work).
    function _replicaIndex(uint256 taskId) private view returns (uint256 index) {
        NodeRecord storage n = _nodes[msg.sender];
        index = n.activeIndex;
        if (n.activeTask != taskId || taskId == 0 || TaskRules.phaseMask(_tasks[taskId]) & (1 << index) == 0) {
            revert TaskManagerNotReplica(taskId, msg.sender);
        }
    }

    /// @dev The caller's seat in `taskId` while its commit window is open and it has not committed,
    /// and the committed mask with its bit set (commit stores it, abstain leaves the seat out).
    function _seatToCommit(uint256 taskId) private view returns (TaskRecord storage t, uint256 index, uint256 mask) {
        t = _tasks[taskId];
        index = _replicaIndex(taskId);
        if (t.state != uint8(TaskState.Committing)) revert TaskManagerWrongState(taskId, t.state);
        uint256 commitDeadline = t.commitDeadline;
        if (!CommitReveal.isOpen(commitDeadline)) revert TaskManagerCommitClosed(taskId, commitDeadline, block.number);
        CommitReveal.Refusal refusal;
        (mask, refusal) = CommitReveal.commit(t.committedMask, index);
        if (refusal != CommitReveal.Refusal.None) revert TaskManagerAlreadyCommitted(taskId, msg.sender);
    }

    function _knownTask(uint256 taskId) private view returns (TaskRecord storage t) {
        t = _tasks[taskId];
        if (t.requester == address(0)) revert TaskManagerUnknownTask(taskId);
    }

    /// @dev Fresh seats of an escalation: 2r + 1 where they fit beside round one, 0 when no larger
    /// group fits (r > 7).
    function _escalationSeats(uint256 replicas) private pure returns (uint256 seats) {
        seats = 2 * replicas + 1;
        if (seats > MAX_REPLICAS - replicas) seats = MAX_REPLICAS - replicas;
        if (seats <= replicas) seats = 0;
    }

    /// @dev The seats `startTask` draws: a fresh task all its replicas (a sampled one only its
    /// executor, seat 0); a Pending task with commitments its check decision's or its challenge's
    /// validators (seats 1..replicas-1, also for a checked decision whose validators an earlier
    /// call could not draw), or its escalation (the seats after round one, returned as recorded in
    /// `escalation`). count 0: decided unchecked, nothing to draw.
    function _nextSeats(uint256 taskId, TaskRecord storage t, bytes32 hash, uint256 seedBlock)
        private
        returns (uint256 first, uint256 count)
    {
        uint256 replicas = t.replicas;
        uint256 stage = t.stage;
        if (t.committedMask == 0) return (0, stage == uint256(SamplingStage.Executing) ? 1 : replicas);
        if (stage == uint256(SamplingStage.Executing) || stage == uint256(SamplingStage.Challenged)) {
            if (stage == uint256(SamplingStage.Executing) && !_decide(taskId, t, hash, seedBlock)) return (0, 0);
            t.stage = uint8(stage + 1); // Executing -> Checked, Challenged -> ChallengeChecked
            return (1, replicas - 1);
        }
        if (TaskRules.validatorsPending(t)) return (1, replicas - 1);
        count = _escalationSeats(replicas);
        t.escalation = uint8(count);
        return (replicas, count);
    }

    /// @dev Decides whether the executor's committed result is checked. Unchecked: the executor
    /// reveals now and the challenge window follows the reveal window (returns false). Checked: the
    /// caller draws the validators (returns true). A decision block whose hash aged out (`hash` 0)
    /// decides checked, with the seed Sampling.decide(0, taskId, rate) gives, so that waiting never
    /// re-rolls a decision.
    function _decide(uint256 taskId, TaskRecord storage t, bytes32 hash, uint256 seedBlock)
        private
        returns (bool checked)
    {
        bytes32 seed;
        (seed, checked) = Sampling.decide(hash, taskId, t.sampleRateBps);
        if (hash == 0) checked = true;
        t.decisionBlock = uint40(seedBlock);
        // The decision closes the executor's commit: its reveal window starts now.
        uint256 deadline = CommitReveal.revealDeadline(block.number, t.revealWindow);
        emit TaskSampled(taskId, seed, seedBlock, checked, checked ? 0 : deadline + t.revealWindow);
        if (!checked) {
            t.stage = uint8(SamplingStage.Unchecked);
            _openReveal(taskId, t, deadline);
        }
    }

    /// @dev Pays out a challenge once its task ended: upheld (the executor was slashed for a wrong
    /// result), the challenger gets its bond plus min(penalty, bond) out of the treasury's share;
    /// rejected (the executor was paid after a check), the bond goes to the requester, whose
    /// escrow paid the validators; otherwise (no validators drawn, no consensus) it goes back.
    function _resolveChallenge(uint256 taskId, TaskRecord storage t) private {
        Challenge storage c = _challenges[taskId];
        (address challenger, uint256 bond) = (c.challenger, c.bond);
        uint8 outcome = uint8(ReplicaOutcome.Unpaid);
        uint256 penalty;
        if (t.stage == uint8(SamplingStage.ChallengeChecked)) (outcome, penalty) = _outcome(t, 1);
        uint256 toChallenger = bond;
        uint256 toRequester;
        bool upheld = outcome == uint8(ReplicaOutcome.SlashedWrong);
        if (upheld) {
            uint256 reward = penalty < bond ? penalty : bond;
            _owed[_TREASURY] -= reward;
            toChallenger += reward;
        } else if (outcome == uint8(ReplicaOutcome.Paid)) {
            (toChallenger, toRequester) = (0, bond);
            _owed[t.requester] += bond;
        }
        if (toChallenger != 0) _owed[challenger] += toChallenger;
        emit ChallengeResolved(taskId, challenger, upheld, toChallenger, toRequester);
    }

    /// @dev `_delegateToViews` typed as a view: DELEGATECALL is a state-changing opcode to the
    /// compiler, but TaskManagerViews only reads, so the views stay `view` in the ABI.
    function _viewsAsView() private pure returns (function() internal view fn) {
        function() internal delegate = _delegateToViews;
        assembly ("memory-safe") {
            fn := delegate
        }
    }

    /// @dev Runs this call's calldata in TaskManagerViews over this contract's storage and returns
    /// (or reverts with) its result as is; it never returns to the caller.
    function _delegateToViews() private {
        address views = _VIEWS;
        assembly {
            calldatacopy(0, 0, calldatasize())
            let ok := delegatecall(gas(), views, 0, calldatasize(), 0, 0)
            returndatacopy(0, 0, returndatasize())
            if iszero(ok) { revert(0, returndatasize()) }
            return(0, returndatasize())
        }
    }

    function _send(address to, uint256 amount) internal override {
        (bool ok,) = to.call{value: amount}("");
        if (!ok) revert TaskManagerTransferFailed(to, amount);
    }
}

// SPDX-License-Identifier: Apache-2.0
pragma solidity 0.8.28;

import {ITaskManager} from "./interfaces/ITaskManager.sol";
import {Popcount} from "./libraries/Popcount.sol";
import {TaskRules} from "./libraries/TaskRules.sol";
import {Challenge, TaskRecord} from "./types/TaskRecords.sol";

/// @title The struct-building views of TaskManager, kept out of its bytecode (EIP-170).
/// @notice TaskManager deploys one in its constructor and DELEGATECALLs it from `getTask`,
/// `getReplicas`, `getReplica` and `getSampling`, so callers keep one address and one ABI. These
/// read TaskManager's records at the storage slots its constructor passes (`_tasks.slot`,
/// `_challenges.slot`, `_nodeAddresses.slot`, taken by the compiler, not written by hand) and apply
/// the same TaskRules as TaskManager's settlement. Called directly they only see this contract's
/// own empty storage (every task is unknown).
contract TaskManagerViews {
    uint256 private immutable _TASKS_SLOT;
    uint256 private immutable _CHALLENGES_SLOT;
    uint256 private immutable _NODE_ADDRESSES_SLOT;
    uint256 private immutable _SLASH_AMOUNT;
    uint256 private immutable _NO_SHOW_AMOUNT;

    /// @param tasksSlot Slot of TaskManager's `mapping(uint256 => TaskRecord)`.
    /// @param challengesSlot Slot of TaskManager's `mapping(uint256 => Challenge)`.
    /// @param nodeAddressesSlot Slot of NodeRegistry's `mapping(uint24 => address)`.
    /// @param slashAmount_ Penalty for a wrong result; @param noShowAmount_ for a no-show.
    constructor(
        uint256 tasksSlot,
        uint256 challengesSlot,
        uint256 nodeAddressesSlot,
        uint256 slashAmount_,
        uint256 noShowAmount_
    ) {
        _TASKS_SLOT = tasksSlot;
        _CHALLENGES_SLOT = challengesSlot;
        _NODE_ADDRESSES_SLOT = nodeAddressesSlot;
        _SLASH_AMOUNT = slashAmount_;
        _NO_SHOW_AMOUNT = noShowAmount_;
    }

    /// @notice See ITaskManager.getTask.
    function getTask(uint256 taskId) external view returns (ITaskManager.TaskView memory v) {
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
        (v.payoutPerMember, v.requesterCredit) = TaskRules.payouts(t);
        v.seedBlock = t.seedBlock;
        v.startDeadline = t.startDeadline;
        v.abstainedMask = t.abstainedMask;
        v.minVramMiB = t.minVramMiB;
        v.executors = t.executors;
        v.escalationSeats = t.escalation;
        v.escalationPending =
            t.state == uint8(ITaskManager.TaskState.Pending) && t.committedMask != 0 && !TaskRules.singleSeat(t);
    }

    /// @notice See ITaskManager.getReplicas.
    function getReplicas(uint256 taskId) external view returns (address[] memory workers) {
        TaskRecord storage t = _knownTask(taskId);
        if (t.workerIds[0] == 0) return new address[](0);
        workers = new address[](TaskRules.drawnSeats(t));
        for (uint256 i = 0; i < workers.length; ++i) {
            workers[i] = TaskRules.workerAt(t, _nodeAddresses(), i);
        }
    }

    /// @notice See ITaskManager.getReplica.
    function getReplica(uint256 taskId, uint256 index) external view returns (ITaskManager.ReplicaView memory r) {
        TaskRecord storage t = _knownTask(taskId);
        if (index >= TaskRules.drawnSeats(t) || t.workerIds[0] == 0) {
            revert ITaskManager.TaskManagerInvalidReplicaIndex(taskId, index);
        }
        uint256 bit = 1 << index;
        r.worker = TaskRules.workerAt(t, _nodeAddresses(), index);
        r.committed = t.committedMask & bit != 0;
        r.revealed = t.revealedMask & bit != 0;
        if (r.revealed) r.fingerprint = t.words[index];
        else r.commitment = t.words[index];
        (r.outcome, r.slashed) = TaskRules.outcome(t, bit, _SLASH_AMOUNT, _NO_SHOW_AMOUNT);
        if (r.outcome == uint8(ITaskManager.ReplicaOutcome.Paid)) r.payout = uint128(t.fee / TaskRules.seats(t));
    }

    /// @notice See ITaskManager.getSampling.
    function getSampling(uint256 taskId) external view returns (ITaskManager.SamplingView memory s) {
        TaskRecord storage t = _knownTask(taskId);
        if (t.stage == uint8(ITaskManager.SamplingStage.None)) return s;
        Challenge storage c = _challenges()[taskId];
        s.stage = t.stage;
        s.sampleRateBps = t.sampleRateBps;
        s.validators = t.replicas - 1;
        s.decisionBlock = t.decisionBlock;
        s.challenger = c.challenger;
        s.bond = c.bond;
        if (t.stage == uint8(ITaskManager.SamplingStage.Unchecked)) {
            s.challengeDeadline = uint64(TaskRules.challengeDeadline(t));
        }
    }

    function _knownTask(uint256 taskId) private view returns (TaskRecord storage t) {
        t = _tasks()[taskId];
        if (t.requester == address(0)) revert ITaskManager.TaskManagerUnknownTask(taskId);
    }

    function _tasks() private view returns (mapping(uint256 => TaskRecord) storage m) {
        uint256 slot = _TASKS_SLOT;
        assembly ("memory-safe") {
            m.slot := slot
        }
    }

    function _challenges() private view returns (mapping(uint256 => Challenge) storage m) {
        uint256 slot = _CHALLENGES_SLOT;
        assembly ("memory-safe") {
            m.slot := slot
        }
    }

    function _nodeAddresses() private view returns (mapping(uint24 => address) storage m) {
        uint256 slot = _NODE_ADDRESSES_SLOT;
        assembly ("memory-safe") {
            m.slot := slot
        }
    }
}

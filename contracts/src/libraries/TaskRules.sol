// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.24;

import {ITaskManager} from "../interfaces/ITaskManager.sol";
import {TaskRecord} from "../types/TaskRecords.sol";
import {Popcount} from "./Popcount.sol";
import {Verdicts} from "./Verdicts.sol";

/// @title The rules over a task's record that both TaskManager (to settle) and TaskManagerViews
/// (to report) apply, so that what the views say is what finalize does.
library TaskRules {
    /// @notice Seats of the task: its replicas plus the escalation seats once drawn.
    function seats(TaskRecord storage t) internal view returns (uint256) {
        return uint256(t.replicas) + t.escalation;
    }

    /// @notice Whether a sampled task has only its executor drawn: stage Executing, Unchecked or
    /// Challenged, or Checked before its validators were drawn (only Pending or final then).
    function singleSeat(TaskRecord storage t) internal view returns (bool) {
        uint256 stage = t.stage;
        if (stage == uint8(ITaskManager.SamplingStage.Checked)) {
            uint256 state = t.state;
            return state != uint8(ITaskManager.TaskState.Committing) && state != uint8(ITaskManager.TaskState.Revealing)
                && uint24(t.workerIds[0] >> 24) == 0;
        }
        return (0x1A >> stage) & 1 != 0;
    }

    /// @notice Whether a checked task still waits for its validators: seat 1 holds no node (ids
    /// start at 1).
    function validatorsPending(TaskRecord storage t) internal view returns (bool) {
        return t.stage == uint8(ITaskManager.SamplingStage.Checked) && uint24(t.workerIds[0] >> 24) == 0;
    }

    /// @notice Seats drawn so far: the executor alone, or every seat of the rounds drawn.
    function drawnSeats(TaskRecord storage t) internal view returns (uint256) {
        return singleSeat(t) ? 1 : seats(t);
    }

    /// @notice Mask of the seats that decide the verdict now: round one (the executor alone while
    /// nobody checks it), or the escalation seats.
    function phaseMask(TaskRecord storage t) internal view returns (uint16) {
        if (singleSeat(t)) return 1;
        uint256 first = (1 << t.replicas) - 1;
        return uint16(t.escalation == 0 ? first : ((1 << (t.replicas + t.escalation)) - 1) ^ first);
    }

    /// @notice Outcome and penalty of the replica with mask bit `bit`, from the final masks.
    /// @param slash The penalty for a wrong result; @param noShow the penalty for a no-show.
    function outcome(TaskRecord storage t, uint256 bit, uint256 slash, uint256 noShow)
        internal
        view
        returns (uint8, uint128)
    {
        uint8 state = t.state;
        if (state < uint8(ITaskManager.TaskState.Settled)) return (uint8(ITaskManager.ReplicaOutcome.Pending), 0);
        if (t.abstainedMask & bit != 0) return (uint8(ITaskManager.ReplicaOutcome.Abstained), 0);
        if (t.revealedMask & bit == 0) {
            // A checked executor whose validators nobody could draw committed but could never reveal.
            if (validatorsPending(t)) return (uint8(ITaskManager.ReplicaOutcome.Unpaid), 0);
            return (uint8(ITaskManager.ReplicaOutcome.SlashedNoShow), uint128(noShow));
        }
        uint16 group = t.groupMask;
        if (state == uint8(ITaskManager.TaskState.NoConsensus)) return (uint8(ITaskManager.ReplicaOutcome.Unpaid), 0);
        if (group & bit != 0) return (uint8(ITaskManager.ReplicaOutcome.Paid), 0);
        uint16 phase = phaseMask(t);
        if (!Verdicts.canSlash(Popcount.count(group & phase), Popcount.count(phase))) {
            return (uint8(ITaskManager.ReplicaOutcome.Unpaid), 0);
        }
        return (uint8(ITaskManager.ReplicaOutcome.SlashedWrong), uint128(slash));
    }

    /// @notice Per-replica share and the requester's credit of a finalized task: each paid replica
    /// earns fee / seats; without consensus the shares of the replicas that revealed are spent
    /// (for the treasury: the requester can fetch those results, but nobody earned them); the
    /// requester gets back every other share plus the division dust. Penalties never enter this
    /// sum: they go to the treasury.
    function payouts(TaskRecord storage t) internal view returns (uint256 perReplica, uint256 requesterCredit) {
        uint8 state = t.state;
        if (state < uint8(ITaskManager.TaskState.Settled)) return (0, 0);
        uint256 fee = t.fee;
        perReplica = fee / seats(t);
        uint256 spent;
        if (state == uint8(ITaskManager.TaskState.Settled)) spent = Popcount.count(t.groupMask);
        else if (state == uint8(ITaskManager.TaskState.NoConsensus)) spent = Popcount.count(t.revealedMask);
        requesterCredit = fee - perReplica * spent;
    }

    /// @notice Last block of an unchecked result's challenge window: one reveal window after its own.
    function challengeDeadline(TaskRecord storage t) internal view returns (uint256) {
        return uint256(t.revealDeadline) + t.revealWindow;
    }

    /// @notice What a challenge of a sampled task must post: the validators' shares (0 otherwise).
    function bond(TaskRecord storage t) internal view returns (uint256) {
        if (t.stage == uint8(ITaskManager.SamplingStage.None)) return 0;
        return (uint256(t.replicas) - 1) * (t.fee / t.replicas);
    }

    /// @notice The node in seat `index`, from its 24-bit id.
    function workerAt(TaskRecord storage t, mapping(uint24 => address) storage nodeAddresses, uint256 index)
        internal
        view
        returns (address)
    {
        return nodeAddresses[uint24(t.workerIds[index / 8] >> (24 * (index % 8)))];
    }
}

// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.24;

/// @dev Most seats a task has (masks are 16 bits wide); TaskManager.MAX_REPLICAS.
uint256 constant MAX_TASK_SEATS = 16;

/// @dev TaskManager's record of one task, shared with TaskManagerViews. Slot 0: requester ..
/// representative (what every step reads, the sampling stage included). Slot 1: fee .. escalation.
/// Slot 2: the task's requirements, its start bookkeeping, its kind and its sampling record. Then
/// the packed replica ids (one slot for up to 8 replicas) and one word per replica. Block numbers
/// are uint40 (35,000 years of 1 s blocks).
struct TaskRecord {
    address requester;
    uint8 state;
    /// @dev A `SamplingStage` value (None for a fully replicated task).
    uint8 stage;
    uint8 mode;
    uint8 replicas;
    uint8 quorum;
    uint16 maxDistance;
    uint16 committedMask;
    uint16 revealedMask;
    uint8 representative;
    uint88 fee;
    uint40 commitDeadline;
    uint40 revealDeadline;
    uint24 commitWindow;
    uint24 revealWindow;
    uint16 groupMask;
    uint16 abstainedMask;
    /// @dev Escalation seats drawn after the first round's (0 until an escalation starts).
    uint8 escalation;
    uint32 gpuClass;
    uint40 seedBlock;
    uint40 startDeadline;
    uint32 minVramMiB;
    uint16 executors;
    uint8 kind;
    uint16 sampleRateBps;
    /// @dev The block whose hash decided the check (0 until decided); the decision is the stage
    /// it moved to (Checked, or Unchecked and later Challenged).
    uint40 decisionBlock;
    /// @dev Replica i's node id sits in bits 24·(i % 8) of word i / 8.
    uint256[2] workerIds;
    /// @dev The commitment until the replica reveals, then its fingerprint.
    bytes32[MAX_TASK_SEATS] words;
}

/// @dev Who challenged a sampled task's unchecked result, and the bond it posted.
struct Challenge {
    address challenger;
    uint96 bond;
}

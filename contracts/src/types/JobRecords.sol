// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.24;

/// @notice A training job as TrainingJobs stores it (ITrainingJobs.JobView is its public copy).
struct JobRecord {
    address requester;
    uint8 state;
    uint16 rounds;
    uint16 round;
    uint8 trainers;
    uint8 committee;
    uint8 quorum;
    uint96 poolPerRound;
    uint96 committeeFeePerRound;
    uint24 commitWindow;
    uint24 revealWindow;
    uint32 trainerClass;
    uint32 aggregatorClass;
    uint128 escrow;
    uint64 seedBlock;
    bytes32 specDigest;
    bytes32 modelDigest;
}

/// @notice A round of a job as TrainingJobs stores it (ITrainingJobs.RoundView is its public copy).
struct RoundRecord {
    uint8 stage;
    uint8 outcome;
    uint32 deadline;
    uint32 trainCommitted;
    uint32 trainRevealed;
    uint16 aggCommitted;
    uint16 aggRevealed;
    uint16 groupMask;
    uint32 flaggedMask;
    /// @dev Escalation seats drawn after the first committee's (0: none).
    uint8 escalation;
    address challenger;
    address[] trainers;
    address[] committee;
    /// @dev The commitment until the trainer reveals, then its update digest.
    bytes32[] trainWords;
    /// @dev The commitment until the member reveals, then its fingerprint.
    bytes32[] aggWords;
    bytes32 modelDigest;
    bytes32 scoresDigest;
}

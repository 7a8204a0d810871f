// SPDX-License-Identifier: Apache-2.0
pragma solidity 0.8.28;

import {ITrainingJobs} from "./interfaces/ITrainingJobs.sol";
import {RewardSplits} from "./libraries/RewardSplits.sol";
import {JobStorage} from "./libraries/JobStorage.sol";
import {JobRecord, RoundRecord} from "./types/JobRecords.sol";

/// @title The struct-building views of TrainingJobs, kept out of its bytecode (EIP-170).
/// @notice TrainingJobs deploys one in its constructor and DELEGATECALLs it from `getJob` and
/// `getRound`, so these read TrainingJobs' records (JobStorage) and callers keep one address and
/// one ABI. Called directly it only sees its own empty storage.
contract TrainingJobsViews {
    /// @notice See ITrainingJobs.getJob.
    function getJob(uint256 jobId) external view returns (ITrainingJobs.JobView memory v) {
        JobRecord storage j = _knownJob(jobId);
        v.requester = j.requester;
        v.state = j.state;
        v.rounds = j.rounds;
        v.round = j.round;
        v.trainers = j.trainers;
        v.committee = j.committee;
        v.quorum = j.quorum;
        v.trainerClass = j.trainerClass;
        v.aggregatorClass = j.aggregatorClass;
        v.poolPerRound = j.poolPerRound;
        v.committeeFeePerRound = j.committeeFeePerRound;
        v.commitWindow = j.commitWindow;
        v.revealWindow = j.revealWindow;
        v.escrow = j.escrow;
        v.specDigest = j.specDigest;
        v.modelDigest = j.modelDigest;
        v.seedBlock = j.seedBlock;
    }

    /// @notice See ITrainingJobs.getRound.
    function getRound(uint256 jobId, uint256 round) external view returns (ITrainingJobs.RoundView memory v) {
        JobRecord storage j = _knownJob(jobId);
        RoundRecord storage r = JobStorage.layout().rounds[jobId][round];
        if (r.trainers.length != 0) {
            // Only a started round has deadlines to apply; an unstarted one reads all zero.
            (ITrainingJobs.Stage stage, uint256 deadline) = JobStorage.effective(j, r);
            v.stage = uint8(stage);
            v.deadline = uint32(deadline);
        }
        v.outcome = r.outcome;
        v.trainCommitted = r.trainCommitted;
        v.trainRevealed = r.trainRevealed;
        v.aggCommitted = r.aggCommitted;
        v.aggRevealed = r.aggRevealed;
        v.groupMask = r.groupMask;
        v.flaggedMask = r.flaggedMask;
        v.trainers = r.trainers;
        v.committee = r.committee;
        v.updateDigests = new bytes32[](r.trainWords.length);
        for (uint256 i = 0; i < v.updateDigests.length; ++i) {
            if (r.trainRevealed & (1 << i) != 0) v.updateDigests[i] = r.trainWords[i];
        }
        v.modelDigest = r.modelDigest;
        v.scoresDigest = r.scoresDigest;
        v.challenger = r.challenger;
        v.escalationSeats = r.escalation;
    }

    function trainerPayouts(uint256 pool, uint256 eligibleMask, int64[] memory scores)
        external
        pure
        returns (uint256[] memory payouts, uint256 dust)
    {
        uint256 n = scores.length;
        int64[] memory eligible = new int64[](n);
        for (uint256 i = 0; i < n; ++i) {
            if (eligibleMask & (1 << i) != 0) eligible[i] = scores[i];
        }
        (payouts, dust) = RewardSplits.split(pool, eligible);
    }

    function _knownJob(uint256 jobId) private view returns (JobRecord storage j) {
        j = JobStorage.layout().jobs[jobId];
        if (j.requester == address(0)) revert ITrainingJobs.TrainingJobsUnknownJob(jobId);
    }
}

// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.24;

import {ITrainingJobs} from "../interfaces/ITrainingJobs.sol";
import {JobRecord, RoundRecord} from "../types/JobRecords.sol";
import {CommitReveal} from "./CommitReveal.sol";

/// @title TrainingJobs' job and round records, at a fixed (ERC-7201) storage location.
/// @notice A fixed location lets TrainingJobsViews, which TrainingJobs delegatecalls for its
/// read-only views, read the same records without sharing NodeRegistry's layout.
library JobStorage {
    /// @custom:storage-location erc7201:deai.storage.TrainingJobs
    struct Layout {
        mapping(uint256 jobId => JobRecord) jobs;
        mapping(uint256 jobId => mapping(uint256 round => RoundRecord)) rounds;
        uint256 jobCount;
    }

    /// @notice keccak256(abi.encode(uint256(keccak256("deai.storage.TrainingJobs")) - 1)) & ~0xff.
    bytes32 internal constant SLOT = 0x27652631b82dc53184c52e4ce54e61b3474a96b985a79c71d3afd94007c6ae00;

    function layout() internal pure returns (Layout storage l) {
        assembly ("memory-safe") {
            l.slot := SLOT
        }
    }

    /// @notice The stage a round is in once passed deadlines are applied, and its deadline. Each
    /// stage that times out opens the next one with a window counted from the old deadline (a
    /// reveal stage's by CommitReveal.revealDeadline).
    function effective(JobRecord storage j, RoundRecord storage r)
        internal
        view
        returns (ITrainingJobs.Stage stage, uint256 deadline)
    {
        stage = ITrainingJobs.Stage(r.stage);
        deadline = r.deadline;
        while (stage < ITrainingJobs.Stage.AggregateReveal && block.number > deadline) {
            stage = ITrainingJobs.Stage(uint8(stage) + 1);
            bool reveal = stage == ITrainingJobs.Stage.TrainReveal || stage == ITrainingJobs.Stage.AggregateReveal;
            deadline = reveal ? CommitReveal.revealDeadline(deadline, j.revealWindow) : deadline + j.commitWindow;
        }
    }
}

// SPDX-License-Identifier: Apache-2.0
pragma solidity 0.8.28;

import {BaseTest} from "../utils/BaseTest.sol";
import {TaskManager} from "../../src/TaskManager.sol";
import {TrainingJobs} from "../../src/TrainingJobs.sol";

/// @notice EIP-170 caps runtime code at 24,576 bytes (Hardhat and mainnet enforce it; anvil in
/// our tests does not). These pin the contracts' room so that a change that eats it fails here,
/// not at deployment.
contract ContractSizesTest is BaseTest {
    uint256 internal constant EIP170_LIMIT = 24_576;
    /// @dev Room TrainingJobs must keep for the next feature.
    uint256 internal constant TRAINING_JOBS_MARGIN = 1_000;
    /// @dev Room TaskManager must keep for the next feature.
    uint256 internal constant TASK_MANAGER_MARGIN = 1_000;

    function test_trainingJobs_keepsAThousandBytesUnderTheEip170Limit() public {
        uint256 size = address(new TrainingJobs(1 ether, 0.1 ether, 0.2 ether, 1, address(0xdEaD), 1)).code.length;
        assertLe(
            size,
            EIP170_LIMIT - TRAINING_JOBS_MARGIN - 1,
            "TrainingJobs is within 1,000 B of EIP-170: move read-only code to TrainingJobsViews or a library "
            "(see docs/architecture.md, Contracts) before adding more"
        );
    }

    function test_taskManager_keepsAThousandBytesUnderTheEip170Limit() public {
        uint256 size = address(new TaskManager(1 ether, 0.1 ether, 0.2 ether, 1, address(0xdEaD), 1, 1)).code.length;
        assertLe(
            size,
            EIP170_LIMIT - TASK_MANAGER_MARGIN - 1,
            "TaskManager is within 1,000 B of EIP-170: move read-only code to TaskManagerViews or TaskRules "
            "(see docs/architecture.md, Contracts) before adding more"
        );
    }
}

// SPDX-License-Identifier: Apache-2.0
pragma solidity 0.8.28;

import {ITaskManager} from "../../src/interfaces/ITaskManager.sol";

/// @notice A requester whose receive hook either refuses wei or re-enters `withdraw`.
contract HostileReceiver {
    ITaskManager public immutable tm;
    bool public reenter;
    bool public reentryFailed;
    /// @dev The revert data of the re-entering call, so tests can tell the guard from other errors.
    bytes public reentryError;

    constructor(ITaskManager tm_) {
        tm = tm_;
    }

    function setReenter(bool value) external {
        reenter = value;
    }

    function createTask(ITaskManager.TaskParams calldata p) external payable returns (uint256) {
        return tm.createTask{value: msg.value}(p);
    }

    function cancelTask(uint256 taskId) external {
        tm.cancelTask(taskId);
    }

    function withdraw() external {
        tm.withdraw();
    }

    receive() external payable {
        if (!reenter) revert("refused");
        try tm.withdraw() {}
        catch (bytes memory reason) {
            reentryFailed = true;
            reentryError = reason;
        }
    }
}

// SPDX-License-Identifier: Apache-2.0
pragma solidity 0.8.28;

import {ITaskManager} from "../../src/interfaces/ITaskManager.sol";

/// @notice A requester contract that tries to choose its task's replicas: it creates the task and,
/// in the same transaction, tries to start it and read who was picked, reverting unless enough of
/// its own identities were chosen (the v1 grinding attack).
contract Grinder {
    ITaskManager public immutable tm;
    mapping(address => bool) public mine;
    uint256 public tries;

    error GrinderUnlucky(uint256 ownPicked);

    constructor(ITaskManager tm_, address[] memory sybils) {
        tm = tm_;
        for (uint256 i = 0; i < sybils.length; ++i) {
            mine[sybils[i]] = true;
        }
    }

    /// @notice One grinding try: create, start at once, and keep the task only if `want` of the
    /// picked replicas are the grinder's own. Returns the task id when kept.
    function tryOnce(ITaskManager.TaskParams calldata p, uint256 want) external payable returns (uint256 taskId) {
        ++tries;
        taskId = tm.createTask{value: msg.value}(p);
        try tm.startTask(taskId) {} catch {}
        address[] memory picked = tm.getReplicas(taskId);
        uint256 own;
        for (uint256 i = 0; i < picked.length; ++i) {
            if (mine[picked[i]]) ++own;
        }
        if (own < want) revert GrinderUnlucky(own);
    }

    /// @notice Starts a pending task of the grinder's only when `want` of its identities would be
    /// picked, otherwise leaves it pending (reverting the start).
    function startIfLucky(uint256 taskId, uint256 want) external {
        tm.startTask(taskId);
        address[] memory picked = tm.getReplicas(taskId);
        uint256 own;
        for (uint256 i = 0; i < picked.length; ++i) {
            if (mine[picked[i]]) ++own;
        }
        if (own < want) revert GrinderUnlucky(own);
    }

    receive() external payable {}
}

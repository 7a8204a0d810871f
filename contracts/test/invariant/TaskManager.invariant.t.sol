// SPDX-License-Identifier: Apache-2.0
pragma solidity 0.8.28;

import {BaseTest} from "../utils/BaseTest.sol";
import {TaskManager} from "../../src/TaskManager.sol";
import {ITaskManager} from "../../src/interfaces/ITaskManager.sol";
import {TaskHandler} from "./handlers/TaskHandler.sol";

contract TaskManagerInvariantTest is BaseTest {
    TaskManager internal tm;
    TaskHandler internal handler;

    function setUp() public {
        tm = new TaskManager(10 ether, 1 ether, 2 ether, 2, address(0xdEaD), 3, 1);
        handler = new TaskHandler(tm, 7);
    }

    function targetContracts() public view returns (address[] memory targets) {
        targets = new address[](1);
        targets[0] = address(handler);
    }

    /// @dev balance == stakes + escrowed fees of unfinished tasks + everything owed.
    function invariant_booksBalance() public view {
        uint256 total;
        for (uint256 i = 0; i < handler.actorCount(); ++i) {
            address node = handler.actors(i);
            total += tm.getNode(node).stake + tm.owed(node);
        }
        for (uint256 i = 0; i < handler.requesterCount(); ++i) {
            total += tm.owed(handler.requesters(i));
        }
        for (uint256 id = 1; id <= tm.taskCount(); ++id) {
            ITaskManager.TaskView memory t = tm.getTask(id);
            if (t.state <= uint8(ITaskManager.TaskState.Revealing)) total += t.fee;
        }
        assertEq(address(tm).balance, total, "books");
    }

    /// @dev A finalized task hands out exactly its fee plus what its replicas were slashed, and
    /// the group never gets more than that.
    function invariant_noTaskPaysMoreThanItHolds() public view {
        for (uint256 id = 1; id <= tm.taskCount(); ++id) {
            ITaskManager.TaskView memory t = tm.getTask(id);
            if (t.state < uint8(ITaskManager.TaskState.Settled)) continue;
            uint256 slashed;
            for (uint256 i = 0; i < t.replicas; ++i) {
                slashed += tm.getReplica(id, i).slashed;
            }
            uint256 paid = t.payoutPerMember * t.groupSize;
            assertEq(paid + t.requesterCredit, t.fee + slashed, "conservation");
            assertLe(paid, t.fee + slashed, "overpaid");
            if (t.state != uint8(ITaskManager.TaskState.Settled)) assertEq(paid, 0, "paid without consensus");
        }
    }

    function invariant_statesOnlyMoveForward() public view {
        assertTrue(!handler.stateRegressed(), "state moved backwards");
    }

    function invariant_stakeLockedWhileAssigned() public view {
        assertTrue(!handler.stakeLeftWhileAssigned(), "assigned node withdrew stake");
        for (uint256 i = 0; i < handler.actorCount(); ++i) {
            address node = handler.actors(i);
            uint256 taskId = tm.getNode(node).activeTask;
            if (taskId != 0) assertTrue(tm.getNode(node).stake >= tm.nodeStake(), "assigned node underfunded");
        }
    }
}

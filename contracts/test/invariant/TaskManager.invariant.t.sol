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
        tm = new TaskManager(10 ether, 1 ether, 2 ether, 2, address(0xdEaD), 3, 0.001 ether);
        handler = new TaskHandler(tm, 36);
    }

    function targetContracts() public view returns (address[] memory targets) {
        targets = new address[](1);
        targets[0] = address(handler);
    }

    /// @dev balance == stakes + escrowed fees of unfinished tasks + everything owed (treasury included).
    function invariant_booksBalance() public view {
        uint256 total = tm.owed(tm.treasury());
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

    /// @dev Every finalize moved exactly what the rules say (checked by the handler against its
    /// own model, not the contract's payout code): nobody but the treasury gains from a penalty.
    function invariant_payoutsFollowTheRules() public view {
        assertTrue(!handler.payoutBroken(), "payout differs from the rules");
    }

    /// @dev Any task past its last deadline could be finalized by anyone.
    function invariant_everyTaskCanBePushedToAnEnd() public view {
        assertTrue(!handler.livenessBroken(), "a task past its deadlines could not be finalized");
    }

    function invariant_aGrinderNeverSeesItsPicksInTheCreatingTransaction() public view {
        assertTrue(!handler.grinderSawPicks(), "grinder saw its replicas");
    }

    /// @dev The available set of each class is exactly its active idle nodes.
    function invariant_availableSetsAreExact() public view {
        for (uint32 gpuClass = 1; gpuClass <= 3; ++gpuClass) {
            assertEq(tm.availableCount(gpuClass), handler.idleCount(gpuClass), "available set");
        }
    }

    /// @dev The handler's dispute action reaches an escalation that settles (so the campaign
    /// exercises escalations, not only first rounds): a class-1 task without a memory need and
    /// an 8-block start window, split, escalated, started and decided.
    function test_handlerReachesASettledEscalation() public {
        uint256 seed = (uint256(7) << 32) | (uint256(1) << 24) | (uint256(1) << 8);
        handler.createTask(seed, 1 ether, 3, false);
        handler.roll(1);
        handler.startTask(0);
        handler.dispute(0);
        assertTrue(tm.getTask(1).escalationPending, "escalated");
        handler.dispute(0);
        assertEq(handler.escalationsSettled(), 1, "settled by the escalation");
        assertTrue(!handler.payoutBroken(), "payouts follow the rules");
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

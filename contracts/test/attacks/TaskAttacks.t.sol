// SPDX-License-Identifier: Apache-2.0
pragma solidity 0.8.28;

import {TaskManagerFixture} from "../utils/TaskManagerFixture.sol";
import {ITaskManager} from "../../src/interfaces/ITaskManager.sol";
import {Grinder} from "../mocks/Grinder.sol";
import {Console} from "../utils/Console.sol";

/// @notice The attacks on TaskManager v1 found by the protocol review (issue "Protocol v2"), each
/// replayed against v2: the attacker's gain must be <= 0 and honest nodes must lose nothing.
/// Gains are measured in wei the attacker can withdraw minus wei it paid in.
contract TaskAttacksTest is TaskManagerFixture {
    bytes32 internal constant RESULT = keccak256("the honest result");

    function setUp() public {
        setUpManager(16);
    }

    // ---- 1. The requester harvests no-shows ----

    function test_attack1_oneWeiSixteenReplicasOneBlockWindowsIsRefused() public {
        ITaskManager.TaskParams memory p = params(16, 0, 0);
        vm.expectRevert(abi.encodeWithSelector(ITaskManager.TaskManagerFeeTooLow.selector, 0, MIN_FEE));
        vm.prank(requester);
        tm.createTask{value: 1}(p);

        p.commitWindow = 1;
        p.revealWindow = 1;
        vm.expectRevert(abi.encodeWithSelector(ITaskManager.TaskManagerInvalidWindow.selector, 1, 1, START_WINDOW));
        vm.prank(requester);
        tm.createTask{value: 16 * MIN_FEE}(p);
    }

    function test_attack1_requesterGainsNothingFromNoShowsItCauses() public {
        // The cheapest task the protocol allows; every replica misses it (offline, or the requester
        // made the spec too heavy and they did not abstain).
        uint256 fee = 16 * MIN_FEE;
        uint256 taskId = createAndStart(params(16, 0, 0), fee);
        vm.roll(block.number + COMMIT_WINDOW + 1);
        tm.finalize(taskId);

        int256 gain = int256(tm.owed(requester)) - int256(fee);
        Console.log("attack1.requesterGainWei", gain);
        assertEq(tm.owed(requester), fee, "only its own fee comes back");
        assertTrue(gain <= 0, "no gain");
        assertEq(tm.owed(TREASURY), 16 * NO_SHOW, "the penalties go to the treasury");
        assertEq(address(tm).balance, books(), "books");
    }

    function test_attack1_honestNodesMeetTheMinimumWindowsAndLoseNothing() public {
        uint256 fee = 3 * MIN_FEE;
        uint256 taskId = createAndStart(params(3, 0, 0), fee);
        address[] memory w = replicasOf(taskId);
        uint256 before = stakeOf(w);
        vm.roll(block.number + MIN_WINDOW - 1); // the last block of the shortest commit window
        for (uint256 i = 0; i < 3; ++i) {
            doCommit(taskId, w[i], RESULT, RESULT);
        }
        for (uint256 i = 0; i < 3; ++i) {
            doReveal(taskId, w[i], RESULT, RESULT);
        }
        tm.finalize(taskId);

        assertEq(stakeOf(w), before, "honest loss 0");
        assertEq(tm.owed(requester), 0, "requester paid in full");
    }

    function test_attack1_aVramNeedNoNodeHasSelectsNobody() public {
        ITaskManager.TaskParams memory p = params(3, 0, 0);
        p.minVramMiB = 1_000_000;
        vm.prank(requester);
        uint256 taskId = tm.createTask{value: FEE}(p);
        vm.roll(block.number + 1);
        vm.expectRevert(abi.encodeWithSelector(ITaskManager.TaskManagerNotEnoughNodes.selector, taskId, GPU, 16, 3));
        tm.startTask(taskId);
        vm.roll(block.number + START_WINDOW);
        tm.finalize(taskId);

        assertEq(tm.owed(requester), FEE, "refund, no gain");
        assertEq(stakeOf(nodes), 16 * STAKE, "honest loss 0");
    }

    function test_attack1_aSpecTooHeavyForTheWindowEndsInAbstentions() public {
        uint256 taskId = createExact(3);
        address[] memory w = replicasOf(taskId);
        vm.roll(block.number + COMMIT_WINDOW / 2 + 1);
        for (uint256 i = 0; i < 3; ++i) {
            vm.prank(w[i]);
            tm.abstain(taskId);
        }
        tm.finalize(taskId);

        assertEq(tm.owed(requester), FEE, "refund, no gain");
        assertEq(stakeOf(w), 3 * STAKE, "honest loss 0");
        assertEq(tm.owed(TREASURY), 0, "nobody penalised");
    }

    // ---- 2. Selection grinding ----

    function test_attack2_aGrinderCannotSeeItsReplicasInTheCreatingTransaction() public {
        // 3 of 19 identities (16%) are the grinder's; v1 gave it 2 of 3 replicas within 63 tries.
        address[] memory sybils = new address[](3);
        for (uint256 i = 0; i < 3; ++i) {
            sybils[i] = registerNode(string.concat("sybil", vm.toString(i)));
        }
        Grinder grinder = new Grinder(tm, sybils);
        vm.deal(address(grinder), 1000 ether);
        vm.deal(address(this), 1000 ether);
        for (uint256 k = 0; k < 63; ++k) {
            vm.expectRevert(abi.encodeWithSelector(Grinder.GrinderUnlucky.selector, 0));
            grinder.tryOnce{value: FEE}(params(3, 0, 0), 2);
            vm.roll(block.number + 1);
        }
        assertEq(tm.taskCount(), 0, "every try was thrown away: nothing to grind on");
    }

    function test_attack2_aPairThatWinsABareMajorityCannotSlashTheHonestReplica() public {
        uint256 taskId = createExact(3);
        address[] memory w = replicasOf(taskId);
        bytes32 lie = keccak256("the pair's lie");
        doCommit(taskId, w[0], lie, lie);
        doCommit(taskId, w[1], lie, lie);
        doCommit(taskId, w[2], RESULT, RESULT);
        doReveal(taskId, w[0], lie, lie);
        doReveal(taskId, w[1], lie, lie);
        doReveal(taskId, w[2], RESULT, RESULT);
        tm.finalize(taskId);

        assertEq(tm.getNode(w[2]).stake, STAKE, "honest loss 0");
        assertEq(tm.owed(w[0]), FEE / 3, "the pair earns its shares, no part of a stake");
        assertEq(tm.owed(TREASURY), 0, "nothing slashed");
    }

    function test_attack2_whoStartsAndWhenDoesNotChangeTheDraw() public {
        vm.prank(requester);
        uint256 taskId = tm.createTask{value: FEE}(params(3, 0, 0));
        vm.roll(block.number + 1);
        uint256 snapshot = vm.snapshotState();
        vm.prank(requester);
        tm.startTask(taskId);
        address[] memory first = replicasOf(taskId);

        vm.revertToState(snapshot);
        vm.roll(block.number + 7);
        vm.prank(makeAddr("keeper"));
        tm.startTask(taskId);
        address[] memory second = replicasOf(taskId);

        for (uint256 i = 0; i < 3; ++i) {
            assertEq(first[i], second[i], "the draw is fixed by blockhash(seedBlock)");
        }
    }

    function test_attack2_registeringOrSettlingStartsNothing() public {
        uint256 running = createExact(3);
        vm.prank(requester);
        uint256 pending = tm.createTask{value: FEE}(params(3, 0, 0));
        vm.roll(block.number + 1);
        registerNode("newcomer");
        address[] memory w = replicasOf(running);
        for (uint256 i = 0; i < 3; ++i) {
            doCommit(running, w[i], RESULT, RESULT);
        }
        for (uint256 i = 0; i < 3; ++i) {
            doReveal(running, w[i], RESULT, RESULT);
        }
        tm.finalize(running);

        assertEq(tm.getTask(pending).state, uint256(ITaskManager.TaskState.Pending), "no selection as a side effect");
    }

    // ---- 3. Queue jam ----

    function test_attack3_anUnstartableTaskHoldsUpNoOtherTask() public {
        address jammer = makeAddr("jammer");
        vm.deal(jammer, 100 ether);
        ITaskManager.TaskParams memory empty = params(3, 0, 0);
        empty.gpuClass = 99; // nobody serves it
        vm.prank(jammer);
        uint256 jam1 = tm.createTask{value: 3 * MIN_FEE}(empty);
        vm.prank(jammer);
        uint256 jam2 = tm.createTask{value: 16 * MIN_FEE}(params(16, 0, 0));
        // jam2 asks for more replicas than the class has free once the victim's task runs.
        uint256 victim = createExact(3);

        assertEq(tm.getTask(victim).state, uint256(ITaskManager.TaskState.Committing), "victim started");
        vm.expectRevert(abi.encodeWithSelector(ITaskManager.TaskManagerNotEnoughNodes.selector, jam2, GPU, 13, 16));
        tm.startTask(jam2);
        vm.prank(jammer);
        tm.cancelTask(jam1);
        vm.roll(block.number + START_WINDOW);
        tm.finalize(jam2);
        assertEq(tm.owed(jammer), 19 * MIN_FEE, "the jammer only gets its fees back");
        assertEq(address(tm).balance, books() + tm.owed(jammer), "books");
    }

    // ---- 4. Unbounded selection ----

    function test_attack4_departedNodesLeaveNoStaleEntriesToWadeThrough() public {
        uint256 cleanGas = startGas();
        for (uint256 i = 0; i < 400; ++i) {
            address node = registerNode(string.concat("departed", vm.toString(i)));
            vm.prank(node);
            tm.requestExit();
        }
        assertEq(tm.availableCount(GPU), 16, "exits left the set at once");
        uint256 afterGas = startGas();
        Console.log("attack4.startTaskGasClean", cleanGas);
        Console.log("attack4.startTaskGasAfter400Exits", afterGas);
        assertLe(afterGas, cleanGas + cleanGas / 10, "selection cost does not grow with departed nodes");
    }

    // ---- 6. Selective serving ----

    function test_attack6_withheldInputsMakeOthersAbstainNotSlashTheWorker() public {
        uint256 taskId = createExact(3);
        address[] memory w = replicasOf(taskId);
        // Only replica 0 got the inputs; the others find them unavailable and abstain late.
        doCommit(taskId, w[0], RESULT, RESULT);
        vm.roll(block.number + COMMIT_WINDOW / 2 + 1);
        vm.prank(w[1]);
        tm.abstain(taskId);
        vm.prank(w[2]);
        tm.abstain(taskId);
        doReveal(taskId, w[0], RESULT, RESULT);
        tm.finalize(taskId);
        // One result is no majority: the task escalates to 7 fresh replicas, which fetch the inputs
        // from replica 0's store by digest and confirm its result.
        vm.roll(block.number + 1);
        tm.startTask(taskId);
        address[] memory seats = replicasOf(taskId);
        for (uint256 i = 3; i < 10; ++i) {
            doCommit(taskId, seats[i], RESULT, RESULT);
        }
        for (uint256 i = 3; i < 10; ++i) {
            doReveal(taskId, seats[i], RESULT, RESULT);
        }
        tm.finalize(taskId);

        int256 gain = int256(tm.owed(requester)) - int256(FEE);
        Console.log("attack6.requesterGainWei", gain);
        assertEq(tm.getTask(taskId).state, uint256(ITaskManager.TaskState.Settled), "the escalation settles");
        assertTrue(gain < 0, "requester pays for the result it withheld its way to");
        assertEq(tm.owed(w[0]), FEE / 10, "the worker that did the work is paid");
        assertEq(stakeOf(seats), 10 * STAKE, "honest loss 0");
        assertEq(tm.owed(TREASURY), 0, "nobody penalised");
        assertEq(address(tm).balance, books(), "books");
    }

    // ---- 7. Smaller ones ----

    function test_attack7_quorumOfOneOutOfThreeIsRefused() public {
        ITaskManager.TaskParams memory p = params(3, 0, 0);
        p.quorum = 1;
        vm.expectRevert(abi.encodeWithSelector(ITaskManager.TaskManagerInvalidQuorum.selector, 1, 3));
        vm.prank(requester);
        tm.createTask{value: FEE}(p);
    }

    function test_attack7_aHugeFeeIsRefusedInsteadOfLockingTheTask() public {
        uint256 fee = uint256(type(uint88).max) + 1;
        vm.deal(requester, fee);
        vm.expectRevert(abi.encodeWithSelector(ITaskManager.TaskManagerInvalidFee.selector, fee));
        vm.prank(requester);
        tm.createTask{value: fee}(params(3, 0, 0));
        // The largest fee accepted settles and pays out.
        uint256 taskId = createAndStart(params(3, 0, 0), type(uint88).max);
        address[] memory w = replicasOf(taskId);
        for (uint256 i = 0; i < 3; ++i) {
            doCommit(taskId, w[i], RESULT, RESULT);
        }
        for (uint256 i = 0; i < 3; ++i) {
            doReveal(taskId, w[i], RESULT, RESULT);
        }
        tm.finalize(taskId);
        assertEq(tm.owed(w[0]), uint256(type(uint88).max) / 3, "paid");
    }

    function test_attack7_noConsensusIsNotAFreeResultNorPaidWork() public {
        uint256 taskId = createExact(3);
        address[] memory w = replicasOf(taskId);
        bytes32[3] memory results = [RESULT, keccak256("b"), keccak256("c")];
        for (uint256 i = 0; i < 3; ++i) {
            doCommit(taskId, w[i], results[i], results[i]);
        }
        for (uint256 i = 0; i < 3; ++i) {
            doReveal(taskId, w[i], results[i], results[i]);
        }
        tm.finalize(taskId);
        assertEq(tm.owed(requester), FEE % 3, "the requester pays for the results it can fetch");
        assertEq(tm.owed(w[0]), 0, "a liar that blocks consensus earns nothing either");
    }

    // ---- helpers ----

    /// @dev Gas of starting a fresh 3-replica task, on a snapshot that is thrown away.
    function startGas() internal returns (uint256 used) {
        uint256 snapshot = vm.snapshotState();
        vm.prank(requester);
        uint256 taskId = tm.createTask{value: FEE}(params(3, 0, 0));
        vm.roll(block.number + 1);
        uint256 before = gasleft();
        tm.startTask(taskId);
        used = before - gasleft();
        vm.revertToState(snapshot);
    }
}

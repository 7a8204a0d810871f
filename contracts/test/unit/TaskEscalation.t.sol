// SPDX-License-Identifier: Apache-2.0
pragma solidity 0.8.28;

import {TaskManagerFixture} from "../utils/TaskManagerFixture.sol";
import {ITaskManager} from "../../src/interfaces/ITaskManager.sol";

/// @notice A first round without consensus escalates once to 2r + 1 fresh replicas, whose strict
/// majority decides; the first round is judged against their verdict.
contract TaskEscalationTest is TaskManagerFixture {
    bytes32 internal constant GOOD = keccak256("good result");
    bytes32 internal constant BAD = keccak256("bad result");
    bytes32 internal constant OTHER = keccak256("other result");

    function setUp() public {
        setUpManager(12);
    }

    // ---- opening and starting the escalation ----

    function test_finalize_withoutConsensusOpensAnEscalationInsteadOfEnding() public {
        uint256 taskId = splitTask();
        uint256 balance = address(tm).balance;
        vm.expectEmit();
        emit ITaskManager.TaskEscalated(taskId, GPU, 7, block.number + COMMIT_WINDOW + REVEAL_WINDOW);
        tm.finalize(taskId);

        ITaskManager.TaskView memory t = tm.getTask(taskId);
        assertEq(t.state, uint256(ITaskManager.TaskState.Pending), "waits for its escalation");
        assertTrue(t.escalationPending, "escalation pending");
        assertEq(t.seedBlock, block.number, "fresh seed block");
        assertEq(t.escalationSeats, 0, "no seat drawn yet");
        address[] memory w = replicasOf(taskId);
        for (uint256 i = 0; i < 3; ++i) {
            assertEq(tm.getNode(w[i]).activeTask, taskId, "round one stays assigned");
        }
        assertEq(tm.owed(requester) + tm.owed(TREASURY), 0, "nothing paid out yet");
        assertEq(address(tm).balance, balance, "fee still escrowed");
        assertEq(address(tm).balance, books(), "books");
    }

    function test_startTask_drawsFreshSeatsAfterRoundOneWithTheLaterBlockHash() public {
        uint256 taskId = splitTask();
        tm.finalize(taskId);
        uint256 seedBlock = block.number;
        vm.roll(block.number + 1);
        bytes32 seed = keccak256(abi.encode(blockhash(seedBlock), taskId));
        vm.expectEmit(true, false, false, false);
        emit ITaskManager.TaskStarted(taskId, seed, seedBlock, 3, new address[](7), block.number + COMMIT_WINDOW);
        tm.startTask(taskId);

        ITaskManager.TaskView memory t = tm.getTask(taskId);
        assertEq(t.state, uint256(ITaskManager.TaskState.Committing), "committing");
        assertEq(t.escalationSeats, 7, "2r + 1 seats");
        assertTrue(!t.escalationPending, "started");
        address[] memory seats = replicasOf(taskId);
        assertEq(seats.length, 10, "round one, then the escalation");
        for (uint256 i = 3; i < 10; ++i) {
            for (uint256 j = 0; j < i; ++j) {
                assertTrue(seats[i] != seats[j], "fresh, distinct replicas");
            }
            assertEq(tm.getReplica(taskId, i).worker, seats[i], "seat index");
            assertEq(tm.getNode(seats[i]).activeTask, taskId, "assigned");
        }
        assertEq(tm.availableCount(GPU), 2, "12 nodes, 10 seats");
    }

    function test_startTask_ofAnEscalationAsksEverySeatForFeeOverAllSeats() public {
        // Nine of the twelve nodes leave; seven join that work for FEE / 9 per seat: enough for a
        // round-one seat (FEE / 3), not for an escalation seat (FEE / 10).
        for (uint256 i = 3; i < 12; ++i) {
            vm.prank(nodes[i]);
            tm.requestExit();
        }
        for (uint256 i = 0; i < 7; ++i) {
            address node = makeAddr(string.concat("pricey", vm.toString(i)));
            vm.deal(node, 100 ether);
            vm.prank(node);
            tm.register{value: STAKE}(GPU, 24576, ALL_EXECUTORS, uint128(FEE / 9), "http://127.0.0.1:9000");
        }
        uint256 taskId = splitTask();
        tm.finalize(taskId);
        vm.roll(block.number + 1);
        vm.expectRevert(abi.encodeWithSelector(ITaskManager.TaskManagerNotEnoughNodes.selector, taskId, GPU, 7, 7));
        tm.startTask(taskId);
    }

    function test_RevertWhen_cancellingATaskThatWaitsForItsEscalation() public {
        uint256 taskId = splitTask();
        tm.finalize(taskId);
        vm.expectRevert(
            abi.encodeWithSelector(
                ITaskManager.TaskManagerWrongState.selector, taskId, uint8(ITaskManager.TaskState.Pending)
            )
        );
        vm.prank(requester);
        tm.cancelTask(taskId);
    }

    function test_RevertWhen_roundOneActsDuringTheEscalation() public {
        uint256 taskId = createExact(3);
        address[] memory w = replicasOf(taskId);
        doCommit(taskId, w[0], GOOD, GOOD);
        doCommit(taskId, w[1], BAD, BAD);
        vm.roll(block.number + COMMIT_WINDOW + 1);
        doReveal(taskId, w[0], GOOD, GOOD);
        doReveal(taskId, w[1], BAD, BAD);
        vm.roll(block.number + REVEAL_WINDOW + 1);
        tm.finalize(taskId);
        vm.roll(block.number + 1);
        tm.startTask(taskId);

        // The no-show of round one can neither commit late, nor abstain its penalty away, nor
        // can a round-one committer reveal late.
        vm.expectRevert(abi.encodeWithSelector(ITaskManager.TaskManagerNotReplica.selector, taskId, w[2]));
        doCommit(taskId, w[2], GOOD, GOOD);
        vm.expectRevert(abi.encodeWithSelector(ITaskManager.TaskManagerNotReplica.selector, taskId, w[2]));
        vm.prank(w[2]);
        tm.abstain(taskId);
        vm.expectRevert(abi.encodeWithSelector(ITaskManager.TaskManagerNotReplica.selector, taskId, w[0]));
        doReveal(taskId, w[0], GOOD, GOOD);
    }

    // ---- the verdict of the escalation ----

    function test_finalize_escalationPaysTheAgreeingFirstRoundAndSlashesTheOthers() public {
        uint256 taskId = escalatedTask();
        address[] memory seats = replicasOf(taskId);
        for (uint256 i = 3; i < 10; ++i) {
            doCommit(taskId, seats[i], GOOD, GOOD);
        }
        for (uint256 i = 3; i < 10; ++i) {
            doReveal(taskId, seats[i], GOOD, GOOD);
        }
        tm.finalize(taskId);

        ITaskManager.TaskView memory t = tm.getTask(taskId);
        assertEq(t.state, uint256(ITaskManager.TaskState.Settled), "settled by the escalation");
        assertEq(t.groupMask, 0x3f9, "round-one replica 0 and the 7 seats");
        assertEq(t.verdictFingerprint, GOOD, "verdict");
        assertEq(t.payoutPerMember, FEE / 10, "fee over all seats");
        assertEq(tm.owed(seats[0]), FEE / 10, "the honest first-round replica is paid");
        for (uint256 i = 3; i < 10; ++i) {
            assertEq(tm.owed(seats[i]), FEE / 10, "escalation seat paid");
        }
        assertEq(tm.getNode(seats[1]).stake, STAKE - SLASH, "the liar is slashed");
        assertEq(tm.getNode(seats[2]).stake, STAKE - SLASH, "so is the other dissenter");
        assertEq(
            tm.getReplica(taskId, 1).outcome, uint256(ITaskManager.ReplicaOutcome.SlashedWrong), "outcome of a liar"
        );
        assertEq(tm.getReplica(taskId, 0).payout, FEE / 10, "payout view");
        assertEq(tm.owed(TREASURY), 2 * SLASH, "penalties to the treasury");
        assertEq(tm.owed(requester), FEE - 8 * (FEE / 10), "requester: only the unearned shares");
        assertEq(tm.availableCount(GPU), 10, "seats released; the slashed two wait for a top-up");
        assertEq(address(tm).balance, books(), "books");
    }

    function test_finalize_aBareEscalationMajorityPaysButSlashesNobodyForTheirResult() public {
        uint256 taskId = escalatedTask();
        address[] memory seats = replicasOf(taskId);
        // 4 of 7 agree with round-one replica 1 (BAD): a majority, not two thirds.
        for (uint256 i = 3; i < 10; ++i) {
            bytes32 r = i < 7 ? BAD : GOOD;
            doCommit(taskId, seats[i], r, r);
        }
        for (uint256 i = 3; i < 10; ++i) {
            bytes32 r = i < 7 ? BAD : GOOD;
            doReveal(taskId, seats[i], r, r);
        }
        tm.finalize(taskId);

        ITaskManager.TaskView memory t = tm.getTask(taskId);
        assertEq(t.state, uint256(ITaskManager.TaskState.Settled), "settled");
        assertEq(t.verdictFingerprint, BAD, "the majority's verdict");
        assertEq(tm.owed(seats[1]), FEE / 10, "round one agreeing with it is paid");
        assertEq(tm.owed(seats[0]), 0, "the others are unpaid");
        for (uint256 i = 0; i < 10; ++i) {
            assertEq(tm.getNode(seats[i]).stake, STAKE, "no stake lost under a bare majority");
        }
        assertEq(tm.owed(TREASURY), 0, "no penalty");
        assertEq(address(tm).balance, books(), "books");
    }

    function test_finalize_escalationWithoutConsensusEndsTheDispute() public {
        uint256 taskId = escalatedTask();
        address[] memory seats = replicasOf(taskId);
        for (uint256 i = 3; i < 10; ++i) {
            bytes32 r = i % 2 == 0 ? GOOD : BAD;
            doCommit(taskId, seats[i], r, r);
        }
        for (uint256 i = 3; i < 9; ++i) {
            bytes32 r = i % 2 == 0 ? GOOD : BAD;
            doReveal(taskId, seats[i], r, r);
        }
        vm.roll(block.number + REVEAL_WINDOW + 1);
        tm.finalize(taskId);

        ITaskManager.TaskView memory t = tm.getTask(taskId);
        assertEq(t.state, uint256(ITaskManager.TaskState.NoConsensus), "no second escalation");
        for (uint256 i = 0; i < 9; ++i) {
            assertEq(tm.getNode(seats[i]).stake, STAKE, "nobody slashed for a result");
            assertEq(tm.owed(seats[i]), 0, "nobody paid without a verdict");
        }
        assertEq(tm.getNode(seats[9]).stake, STAKE - NO_SHOW, "the seat that did not reveal");
        uint256 share = FEE / 10;
        assertEq(tm.owed(TREASURY), NO_SHOW + 9 * share, "penalty and the revealed shares");
        assertEq(tm.owed(requester), FEE - 9 * share, "the unrevealed share comes back");
        assertEq(address(tm).balance, books(), "books");
    }

    function test_finalize_anEscalationNobodyCommitsToIsNoConsensusNotARefund() public {
        uint256 taskId = escalatedTask();
        vm.roll(block.number + COMMIT_WINDOW + 1);
        tm.finalize(taskId);

        assertEq(tm.getTask(taskId).state, uint256(ITaskManager.TaskState.NoConsensus), "no consensus");
        uint256 share = FEE / 10;
        assertEq(tm.owed(requester), FEE - 3 * share, "round one's results are not refunded");
        assertEq(tm.owed(TREASURY), 7 * NO_SHOW + 3 * share, "no-shows and round one's shares");
        assertEq(address(tm).balance, books(), "books");
    }

    function test_finalize_escalationOpensRevealingOnceEverySeatIsIn() public {
        uint256 taskId = escalatedTask();
        address[] memory seats = replicasOf(taskId);
        for (uint256 i = 3; i < 9; ++i) {
            doCommit(taskId, seats[i], GOOD, GOOD);
        }
        assertEq(tm.getTask(taskId).state, uint256(ITaskManager.TaskState.Committing), "one seat missing");
        doCommit(taskId, seats[9], GOOD, GOOD);
        assertEq(tm.getTask(taskId).state, uint256(ITaskManager.TaskState.Revealing), "round one does not count");
        for (uint256 i = 3; i < 10; ++i) {
            doReveal(taskId, seats[i], GOOD, GOOD);
        }
        tm.finalize(taskId);
        assertEq(tm.getTask(taskId).state, uint256(ITaskManager.TaskState.Settled), "settles before its deadline");
    }

    function test_finalize_anUnstartedEscalationEndsInNoConsensusAtItsDeadline() public {
        uint256 taskId = splitTask();
        tm.finalize(taskId);
        ITaskManager.TaskView memory t = tm.getTask(taskId);
        vm.roll(t.startDeadline);
        vm.expectRevert(
            abi.encodeWithSelector(
                ITaskManager.TaskManagerNotFinalizable.selector,
                taskId,
                uint8(ITaskManager.TaskState.Pending),
                block.number
            )
        );
        tm.finalize(taskId);
        vm.roll(t.startDeadline + 1);
        tm.finalize(taskId);

        assertEq(tm.getTask(taskId).state, uint256(ITaskManager.TaskState.NoConsensus), "no consensus");
        assertEq(tm.owed(TREASURY), 3 * (FEE / 3), "round one's revealed shares");
        assertEq(tm.availableCount(GPU), 12, "round one released");
        assertEq(address(tm).balance, books(), "books");
    }

    function test_finalize_anEmptyFirstRoundDoesNotEscalate() public {
        uint256 taskId = createExact(3);
        address[] memory w = replicasOf(taskId);
        doCommit(taskId, w[0], GOOD, GOOD);
        vm.roll(block.number + COMMIT_WINDOW + REVEAL_WINDOW + 2);
        tm.finalize(taskId);
        assertEq(tm.getTask(taskId).state, uint256(ITaskManager.TaskState.NoConsensus), "nothing to dispute");
    }

    function test_escalationSeats_isTwoRPlusOneWhereItFitsAndZeroAboveSeven() public view {
        assertEq(tm.escalationSeats(1), 3, "1");
        assertEq(tm.escalationSeats(3), 7, "3");
        assertEq(tm.escalationSeats(5), 11, "5");
        assertEq(tm.escalationSeats(6), 10, "6");
        assertEq(tm.escalationSeats(7), 9, "7");
        assertEq(tm.escalationSeats(8), 0, "8");
        assertEq(tm.escalationSeats(16), 0, "16");
    }

    function test_finalize_aLargeTaskWithoutConsensusEndsWithoutEscalation() public {
        ITaskManager.TaskParams memory p = params(8, 0, 0);
        uint256 taskId = createAndStart(p, FEE);
        address[] memory w = replicasOf(taskId);
        for (uint256 i = 0; i < 8; ++i) {
            bytes32 r = i % 2 == 0 ? GOOD : BAD;
            doCommit(taskId, w[i], r, r);
        }
        for (uint256 i = 0; i < 8; ++i) {
            bytes32 r = i % 2 == 0 ? GOOD : BAD;
            doReveal(taskId, w[i], r, r);
        }
        tm.finalize(taskId);
        assertEq(tm.getTask(taskId).state, uint256(ITaskManager.TaskState.NoConsensus), "8 replicas: final");
    }

    // ---- fixtures ----

    /// @dev A 3-replica EXACT task whose three replicas revealed three different results.
    function splitTask() internal returns (uint256 taskId) {
        taskId = createExact(3);
        address[] memory w = replicasOf(taskId);
        doCommit(taskId, w[0], GOOD, GOOD);
        doCommit(taskId, w[1], BAD, BAD);
        doCommit(taskId, w[2], OTHER, OTHER);
        doReveal(taskId, w[0], GOOD, GOOD);
        doReveal(taskId, w[1], BAD, BAD);
        doReveal(taskId, w[2], OTHER, OTHER);
    }

    /// @dev splitTask, escalated and started: seats 3..9 are committing.
    function escalatedTask() internal returns (uint256 taskId) {
        taskId = splitTask();
        tm.finalize(taskId);
        vm.roll(block.number + 1);
        tm.startTask(taskId);
    }
}

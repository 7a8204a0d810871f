// SPDX-License-Identifier: Apache-2.0
pragma solidity 0.8.28;

import {TaskManagerFixture} from "../utils/TaskManagerFixture.sol";
import {ITaskManager} from "../../src/interfaces/ITaskManager.sol";
import {INodeRegistry} from "../../src/interfaces/INodeRegistry.sol";

contract TaskManagerTest is TaskManagerFixture {
    bytes32 internal constant GOOD = keccak256("good result");
    bytes32 internal constant BAD = keccak256("bad result");

    function setUp() public {
        setUpManager(3);
    }

    // ---- createTask ----

    function test_createTask_selectsDistinctReplicasAndEscrowsFee() public {
        uint256 taskId = createExact(3);

        address[] memory workers = replicasOf(taskId);
        assertEq(workers.length, 3, "replicas");
        assertTrue(workers[0] != workers[1] && workers[1] != workers[2] && workers[0] != workers[2], "distinct");
        ITaskManager.TaskView memory t = tm.getTask(taskId);
        assertEq(t.state, uint256(ITaskManager.TaskState.Committing), "state");
        assertEq(t.fee, FEE, "fee");
        assertEq(t.quorum, 2, "default quorum");
        assertEq(t.commitDeadline, block.number + COMMIT_WINDOW, "deadline");
        assertEq(tm.availableCount(GPU), 0, "all busy");
        assertEq(tm.getNode(workers[0]).activeTask, taskId, "assigned");
        assertEq(address(tm).balance, 3 * STAKE + FEE, "escrow");
    }

    function test_createTask_packsMoreThanEightReplicas() public {
        for (uint256 i = 3; i < 12; ++i) {
            nodes.push(registerNode(string.concat("node", vm.toString(i))));
        }
        vm.prank(requester);
        uint256 taskId = tm.createTask{value: FEE}(params(12, 0, 0));

        address[] memory workers = replicasOf(taskId);
        assertEq(workers.length, 12, "replicas");
        for (uint256 i = 0; i < workers.length; ++i) {
            assertEq(tm.getNode(workers[i]).activeTask, taskId, "worker is assigned");
            assertEq(tm.getReplica(taskId, i).worker, workers[i], "replica view");
            for (uint256 j = 0; j < i; ++j) {
                assertTrue(workers[i] != workers[j], "distinct");
            }
        }
    }

    function test_createTask_queuesWhenTooFewNodesAndStartsOnRegistration() public {
        vm.prank(requester);
        vm.expectEmit();
        emit ITaskManager.TaskQueued(1, 1);
        uint256 taskId = tm.createTask{value: FEE}(params(4, 0, 0));
        assertEq(tm.getTask(taskId).state, uint256(ITaskManager.TaskState.Queued), "queued");
        assertEq(tm.queueLength(), 1, "queue");
        assertEq(replicasOf(taskId).length, 0, "no replicas yet");

        registerNode("late");

        assertEq(tm.getTask(taskId).state, uint256(ITaskManager.TaskState.Committing), "started");
        assertEq(tm.queueLength(), 0, "queue drained");
    }

    function test_RevertWhen_createTaskWithoutFee() public {
        vm.expectRevert(abi.encodeWithSelector(ITaskManager.TaskManagerInvalidFee.selector, 0));
        vm.prank(requester);
        tm.createTask(params(3, 0, 0));
    }

    function test_RevertWhen_createTaskWithTooManyReplicas() public {
        vm.expectRevert(abi.encodeWithSelector(ITaskManager.TaskManagerInvalidReplicas.selector, 17, 16));
        vm.prank(requester);
        tm.createTask{value: FEE}(params(17, 0, 0));
    }

    function test_RevertWhen_createTaskWithQuorumAboveReplicas() public {
        ITaskManager.TaskParams memory p = params(3, 0, 0);
        p.quorum = 4;
        vm.expectRevert(abi.encodeWithSelector(ITaskManager.TaskManagerInvalidQuorum.selector, 4, 3));
        vm.prank(requester);
        tm.createTask{value: FEE}(p);
    }

    function test_RevertWhen_createTaskWithEmptyWindow() public {
        ITaskManager.TaskParams memory p = params(3, 0, 0);
        p.revealWindow = 0;
        vm.expectRevert(abi.encodeWithSelector(ITaskManager.TaskManagerInvalidWindow.selector, COMMIT_WINDOW, 0));
        vm.prank(requester);
        tm.createTask{value: FEE}(p);
    }

    function test_RevertWhen_createTaskExactWithDistance() public {
        vm.expectRevert(abi.encodeWithSelector(ITaskManager.TaskManagerInvalidMode.selector, 0, 3));
        vm.prank(requester);
        tm.createTask{value: FEE}(params(3, 0, 3));
    }

    function test_RevertWhen_createTaskWithUnknownMode() public {
        vm.expectRevert(abi.encodeWithSelector(ITaskManager.TaskManagerInvalidMode.selector, 2, 0));
        vm.prank(requester);
        tm.createTask{value: FEE}(params(3, 2, 0));
    }

    // ---- commit ----

    function test_commit_lastCommitOpensRevealWindow() public {
        uint256 taskId = createExact(3);
        address[] memory w = replicasOf(taskId);
        doCommit(taskId, w[0], GOOD, GOOD);
        doCommit(taskId, w[1], GOOD, GOOD);
        vm.expectEmit();
        emit ITaskManager.RevealOpened(taskId, block.number + REVEAL_WINDOW);
        doCommit(taskId, w[2], GOOD, GOOD);

        ITaskManager.TaskView memory t = tm.getTask(taskId);
        assertEq(t.state, uint256(ITaskManager.TaskState.Revealing), "revealing");
        assertEq(t.committedMask, 7, "mask");
    }

    function test_RevertWhen_commitByNonReplica() public {
        uint256 taskId = createExact(3);
        address stranger = makeAddr("stranger");
        vm.expectRevert(abi.encodeWithSelector(ITaskManager.TaskManagerNotReplica.selector, taskId, stranger));
        vm.prank(stranger);
        tm.commit(taskId, bytes32(uint256(1)));
    }

    function test_RevertWhen_commitTwice() public {
        uint256 taskId = createExact(3);
        address w = replicasOf(taskId)[0];
        doCommit(taskId, w, GOOD, GOOD);
        vm.expectRevert(abi.encodeWithSelector(ITaskManager.TaskManagerAlreadyCommitted.selector, taskId, w));
        vm.prank(w);
        tm.commit(taskId, bytes32(uint256(2)));
    }

    function test_RevertWhen_commitAfterDeadline() public {
        uint256 taskId = createExact(3);
        address w = replicasOf(taskId)[0];
        uint256 deadline = block.number + COMMIT_WINDOW;
        vm.roll(deadline + 1);
        vm.expectRevert(
            abi.encodeWithSelector(ITaskManager.TaskManagerCommitClosed.selector, taskId, deadline, deadline + 1)
        );
        vm.prank(w);
        tm.commit(taskId, bytes32(uint256(1)));
    }

    // ---- reveal ----

    function test_reveal_acceptsMatchingCommitmentAndEmitsSalt() public {
        (uint256 taskId, address[] memory w) = committedTask(GOOD, GOOD, GOOD);
        vm.expectEmit();
        emit ITaskManager.Revealed(taskId, w[0], GOOD, GOOD, saltOf(w[0]), "http://127.0.0.1:9000/result");
        doReveal(taskId, w[0], GOOD, GOOD);

        ITaskManager.ReplicaView memory r = tm.getReplica(taskId, 0);
        assertTrue(r.revealed && r.committed, "flags");
        assertEq(r.fingerprint, GOOD, "fingerprint stored");
    }

    function test_RevertWhen_revealDoesNotMatchCommitment() public {
        (uint256 taskId, address[] memory w) = committedTask(GOOD, GOOD, GOOD);
        bytes32 committed = commitmentOf(taskId, w[0], GOOD, GOOD, saltOf(w[0]));
        bytes32 computed = commitmentOf(taskId, w[0], BAD, BAD, saltOf(w[0]));
        vm.expectRevert(
            abi.encodeWithSelector(
                ITaskManager.TaskManagerCommitmentMismatch.selector, taskId, w[0], committed, computed
            )
        );
        doReveal(taskId, w[0], BAD, BAD);
    }

    function test_RevertWhen_revealCopiesAnotherReplicasCommitment() public {
        uint256 taskId = createExact(3);
        address[] memory w = replicasOf(taskId);
        doCommit(taskId, w[0], GOOD, GOOD);
        // The copycat replays replica 0's commitment; the binding includes the worker's address.
        vm.prank(w[1]);
        tm.commit(taskId, commitmentOf(taskId, w[0], GOOD, GOOD, saltOf(w[0])));
        doCommit(taskId, w[2], GOOD, GOOD);
        vm.expectRevert();
        vm.prank(w[1]);
        tm.reveal(taskId, GOOD, GOOD, saltOf(w[0]), "");
    }

    function test_RevertWhen_exactFingerprintIsNotDigest() public {
        (uint256 taskId, address[] memory w) = committedTask(GOOD, GOOD, GOOD);
        vm.expectRevert(
            abi.encodeWithSelector(ITaskManager.TaskManagerFingerprintNotDigest.selector, taskId, GOOD, BAD)
        );
        doReveal(taskId, w[0], GOOD, BAD);
    }

    function test_RevertWhen_revealBeforeRevealOpens() public {
        uint256 taskId = createExact(3);
        address w = replicasOf(taskId)[0];
        doCommit(taskId, w, GOOD, GOOD);
        vm.expectRevert(
            abi.encodeWithSelector(
                ITaskManager.TaskManagerWrongState.selector, taskId, uint8(ITaskManager.TaskState.Committing)
            )
        );
        doReveal(taskId, w, GOOD, GOOD);
    }

    function test_RevertWhen_revealTwice() public {
        (uint256 taskId, address[] memory w) = committedTask(GOOD, GOOD, GOOD);
        doReveal(taskId, w[0], GOOD, GOOD);
        vm.expectRevert(abi.encodeWithSelector(ITaskManager.TaskManagerAlreadyRevealed.selector, taskId, w[0]));
        doReveal(taskId, w[0], GOOD, GOOD);
    }

    function test_RevertWhen_revealWithoutCommit() public {
        uint256 taskId = createExact(3);
        address[] memory w = replicasOf(taskId);
        doCommit(taskId, w[0], GOOD, GOOD);
        doCommit(taskId, w[1], GOOD, GOOD);
        vm.roll(block.number + COMMIT_WINDOW + 1);
        vm.expectRevert(abi.encodeWithSelector(ITaskManager.TaskManagerNotCommitted.selector, taskId, w[2]));
        doReveal(taskId, w[2], GOOD, GOOD);
    }

    function test_RevertWhen_revealAfterWindow() public {
        (uint256 taskId, address[] memory w) = committedTask(GOOD, GOOD, GOOD);
        uint256 deadline = tm.getTask(taskId).revealDeadline;
        vm.roll(deadline + 1);
        vm.expectRevert(
            abi.encodeWithSelector(ITaskManager.TaskManagerRevealClosed.selector, taskId, deadline, deadline + 1)
        );
        doReveal(taskId, w[0], GOOD, GOOD);
    }

    // ---- finalize ----

    function test_finalize_paysAgreeingReplicasEqually() public {
        uint256 taskId = fullyRevealedTask(GOOD, GOOD, GOOD);
        tm.finalize(taskId);

        ITaskManager.TaskView memory t = tm.getTask(taskId);
        assertEq(t.state, uint256(ITaskManager.TaskState.Settled), "settled");
        assertEq(t.groupSize, 3, "group");
        assertEq(t.verdictFingerprint, GOOD, "verdict");
        address[] memory w = replicasOf(taskId);
        for (uint256 i = 0; i < 3; ++i) {
            assertEq(tm.owed(w[i]), FEE / 3, "paid");
            assertEq(tm.getNode(w[i]).activeTask, 0, "released");
        }
        assertEq(tm.availableCount(GPU), 3, "back in the set");
        assertEq(address(tm).balance, books(), "books");
    }

    function test_finalize_slashesWrongReplicaAndCompensatesRequester() public {
        uint256 taskId = fullyRevealedTask(GOOD, BAD, GOOD);
        address[] memory w = replicasOf(taskId);
        vm.expectEmit();
        emit ITaskManager.ReplicaSlashed(taskId, w[1], SLASH, uint8(ITaskManager.SlashReason.WrongResult));
        tm.finalize(taskId);

        assertEq(tm.owed(w[0]), FEE / 2, "member paid");
        assertEq(tm.owed(w[1]), 0, "liar unpaid");
        assertEq(tm.getNode(w[1]).stake, STAKE - SLASH, "liar slashed");
        assertEq(tm.getNode(w[1]).status, uint256(INodeRegistry.NodeStatus.Deactivated), "deactivated");
        assertEq(tm.owed(requester), SLASH, "requester compensated");
        assertEq(tm.getReplica(taskId, 1).outcome, uint256(ITaskManager.ReplicaOutcome.SlashedWrong), "outcome");
        assertEq(address(tm).balance, books(), "books");
    }

    function test_finalize_penalisesNoShowMoreThanWrongResult() public {
        uint256 taskId = createExact(3);
        address[] memory w = replicasOf(taskId);
        doCommit(taskId, w[0], GOOD, GOOD);
        doCommit(taskId, w[1], GOOD, GOOD);
        vm.roll(block.number + COMMIT_WINDOW + 1);
        doReveal(taskId, w[0], GOOD, GOOD);
        doReveal(taskId, w[1], GOOD, GOOD);
        tm.finalize(taskId);

        assertEq(tm.getNode(w[2]).stake, STAKE - NO_SHOW, "no-show slashed");
        assertEq(tm.getReplica(taskId, 2).outcome, uint256(ITaskManager.ReplicaOutcome.SlashedNoShow), "outcome");
        assertTrue(NO_SHOW >= SLASH, "no-show >= wrong");
        assertEq(tm.owed(w[0]), FEE / 2, "paid");
        assertEq(address(tm).balance, books(), "books");
    }

    function test_finalize_refundsWithoutConsensus() public {
        uint256 taskId = fullyRevealedTask(GOOD, BAD, keccak256("third"));
        tm.finalize(taskId);

        assertEq(tm.getTask(taskId).state, uint256(ITaskManager.TaskState.NoConsensus), "no consensus");
        assertEq(tm.owed(requester), FEE, "refund");
        address[] memory w = replicasOf(taskId);
        for (uint256 i = 0; i < 3; ++i) {
            assertEq(tm.getNode(w[i]).stake, STAKE, "nobody slashed");
            assertEq(tm.owed(w[i]), 0, "nobody paid");
        }
    }

    function test_finalize_expiresWhenTooFewCommit() public {
        uint256 taskId = createExact(3);
        address[] memory w = replicasOf(taskId);
        doCommit(taskId, w[0], GOOD, GOOD);
        vm.roll(block.number + COMMIT_WINDOW + 1);
        tm.finalize(taskId);

        assertEq(tm.getTask(taskId).state, uint256(ITaskManager.TaskState.Expired), "expired");
        assertEq(tm.getNode(w[0]).stake, STAKE, "committer kept stake");
        assertEq(tm.getNode(w[1]).stake, STAKE - NO_SHOW, "no-show slashed");
        assertEq(tm.owed(requester), FEE + 2 * NO_SHOW, "refund and compensation");
        assertEq(address(tm).balance, books(), "books");
    }

    function test_finalize_similarModeAgreesWithinDistance() public {
        vm.prank(requester);
        uint256 taskId = tm.createTask{value: FEE}(params(3, 1, 2));
        address[] memory w = replicasOf(taskId);
        bytes32 base = keccak256("vector");
        bytes32 near = base ^ bytes32(uint256(3)); // 2 bits away
        bytes32 far = ~base;
        doCommit(taskId, w[0], GOOD, base);
        doCommit(taskId, w[1], GOOD, near);
        doCommit(taskId, w[2], GOOD, far);
        doReveal(taskId, w[0], GOOD, base);
        doReveal(taskId, w[1], GOOD, near);
        doReveal(taskId, w[2], GOOD, far);
        tm.finalize(taskId);

        ITaskManager.TaskView memory t = tm.getTask(taskId);
        assertEq(t.state, uint256(ITaskManager.TaskState.Settled), "settled");
        assertEq(t.groupMask, 3, "first two agree");
        assertEq(tm.getNode(w[2]).stake, STAKE - SLASH, "far slashed");
    }

    function test_RevertWhen_finalizeBeforeDeadlines() public {
        uint256 taskId = createExact(3);
        vm.expectRevert(
            abi.encodeWithSelector(
                ITaskManager.TaskManagerNotFinalizable.selector,
                taskId,
                uint8(ITaskManager.TaskState.Committing),
                block.number
            )
        );
        tm.finalize(taskId);
    }

    function test_RevertWhen_finalizeTwice() public {
        uint256 taskId = fullyRevealedTask(GOOD, GOOD, GOOD);
        tm.finalize(taskId);
        vm.expectRevert(
            abi.encodeWithSelector(
                ITaskManager.TaskManagerNotFinalizable.selector,
                taskId,
                uint8(ITaskManager.TaskState.Settled),
                block.number
            )
        );
        tm.finalize(taskId);
    }

    function test_RevertWhen_finalizeUnknownTask() public {
        vm.expectRevert(abi.encodeWithSelector(ITaskManager.TaskManagerUnknownTask.selector, 42));
        tm.finalize(42);
    }

    function test_finalize_startsQueuedTask() public {
        uint256 first = createExact(3);
        uint256 second = createExact(3);
        assertEq(tm.getTask(second).state, uint256(ITaskManager.TaskState.Queued), "queued");
        address[] memory w = replicasOf(first);
        for (uint256 i = 0; i < 3; ++i) {
            doCommit(first, w[i], GOOD, GOOD);
        }
        for (uint256 i = 0; i < 3; ++i) {
            doReveal(first, w[i], GOOD, GOOD);
        }
        tm.finalize(first);

        assertEq(tm.getTask(second).state, uint256(ITaskManager.TaskState.Committing), "drained");
        assertEq(tm.queueLength(), 0, "empty queue");
    }

    // ---- withdraw ----

    function test_withdraw_paysEverythingOwed() public {
        uint256 taskId = fullyRevealedTask(GOOD, GOOD, GOOD);
        tm.finalize(taskId);
        address w = replicasOf(taskId)[0];
        uint256 before = w.balance;
        vm.expectEmit();
        emit ITaskManager.Withdrawn(w, FEE / 3);
        vm.prank(w);
        tm.withdraw();

        assertEq(w.balance, before + FEE / 3, "paid out");
        assertEq(tm.owed(w), 0, "nothing left");
        assertEq(address(tm).balance, books(), "books");
    }

    function test_RevertWhen_withdrawWithNothingOwed() public {
        vm.expectRevert(abi.encodeWithSelector(ITaskManager.TaskManagerNothingToWithdraw.selector, requester));
        vm.prank(requester);
        tm.withdraw();
    }

    function test_RevertWhen_getReplicaOutOfRange() public {
        uint256 taskId = createExact(3);
        vm.expectRevert(abi.encodeWithSelector(ITaskManager.TaskManagerInvalidReplicaIndex.selector, taskId, 3));
        tm.getReplica(taskId, 3);
    }

    // ---- helpers ----

    function committedTask(bytes32 a, bytes32 b, bytes32 c) internal returns (uint256 taskId, address[] memory w) {
        taskId = createExact(3);
        w = replicasOf(taskId);
        doCommit(taskId, w[0], a, a);
        doCommit(taskId, w[1], b, b);
        doCommit(taskId, w[2], c, c);
    }

    function fullyRevealedTask(bytes32 a, bytes32 b, bytes32 c) internal returns (uint256 taskId) {
        address[] memory w;
        (taskId, w) = committedTask(a, b, c);
        doReveal(taskId, w[0], a, a);
        doReveal(taskId, w[1], b, b);
        doReveal(taskId, w[2], c, c);
    }
}

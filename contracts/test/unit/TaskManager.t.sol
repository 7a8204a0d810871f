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

    // ---- createTask and startTask ----

    function test_createTask_escrowsFeeAndPicksNobody() public {
        vm.expectEmit();
        emit ITaskManager.TaskPending(1, block.number, block.number + START_WINDOW);
        vm.prank(requester);
        uint256 taskId = tm.createTask{value: FEE}(params(3, 0, 0));

        ITaskManager.TaskView memory t = tm.getTask(taskId);
        assertEq(t.state, uint256(ITaskManager.TaskState.Pending), "pending");
        assertEq(t.seedBlock, block.number, "seed block");
        assertEq(t.quorum, 2, "default quorum");
        assertEq(replicasOf(taskId).length, 0, "nobody picked in the creating transaction");
        assertEq(tm.availableCount(GPU), 3, "all free");
        assertEq(address(tm).balance, 3 * STAKE + FEE, "escrow");
    }

    function test_startTask_selectsDistinctReplicasWithTheLaterBlockHash() public {
        vm.prank(requester);
        uint256 taskId = tm.createTask{value: FEE}(params(3, 0, 0));
        uint256 seedBlock = block.number;
        vm.roll(block.number + 1);
        bytes32 seed = keccak256(abi.encode(blockhash(seedBlock), taskId));
        vm.expectEmit(true, false, false, false);
        emit ITaskManager.TaskStarted(taskId, seed, seedBlock, 0, new address[](3), block.number + COMMIT_WINDOW);
        tm.startTask(taskId);

        address[] memory workers = replicasOf(taskId);
        assertEq(workers.length, 3, "replicas");
        assertTrue(workers[0] != workers[1] && workers[1] != workers[2] && workers[0] != workers[2], "distinct");
        ITaskManager.TaskView memory t = tm.getTask(taskId);
        assertEq(t.state, uint256(ITaskManager.TaskState.Committing), "state");
        assertEq(t.commitDeadline, block.number + COMMIT_WINDOW, "deadline");
        assertEq(tm.availableCount(GPU), 0, "all busy");
        assertEq(tm.getNode(workers[0]).activeTask, taskId, "assigned");
    }

    function test_startTask_packsMoreThanEightReplicas() public {
        for (uint256 i = 3; i < 12; ++i) {
            nodes.push(registerNode(string.concat("node", vm.toString(i))));
        }
        uint256 taskId = createAndStart(params(12, 0, 0), FEE * 4);

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

    function test_RevertWhen_startTaskInItsCreationBlock() public {
        vm.prank(requester);
        uint256 taskId = tm.createTask{value: FEE}(params(3, 0, 0));
        vm.expectRevert(abi.encodeWithSelector(ITaskManager.TaskManagerSeedNotReady.selector, taskId, block.number + 1));
        tm.startTask(taskId);
    }

    function test_RevertWhen_startTaskWithTooFewNodes() public {
        vm.prank(requester);
        uint256 taskId = tm.createTask{value: FEE * 2}(params(4, 0, 0));
        vm.roll(block.number + 1);
        vm.expectRevert(abi.encodeWithSelector(ITaskManager.TaskManagerNotEnoughNodes.selector, taskId, GPU, 3, 4));
        tm.startTask(taskId);

        registerNode("late");
        tm.startTask(taskId);
        assertEq(tm.getTask(taskId).state, uint256(ITaskManager.TaskState.Committing), "started once a node came");
    }

    function test_startTask_renewsAnAgedOutSeedBlock() public {
        vm.prank(requester);
        ITaskManager.TaskParams memory p = params(3, 0, 0);
        p.startWindow = 1000;
        uint256 taskId = tm.createTask{value: FEE}(p);
        vm.roll(block.number + 300);
        vm.expectEmit();
        emit ITaskManager.TaskPending(taskId, block.number, tm.getTask(taskId).startDeadline);
        tm.startTask(taskId);
        assertEq(tm.getTask(taskId).state, uint256(ITaskManager.TaskState.Pending), "still pending");
        assertEq(tm.getTask(taskId).seedBlock, block.number, "new seed block");

        vm.roll(block.number + 1);
        tm.startTask(taskId);
        assertEq(tm.getTask(taskId).state, uint256(ITaskManager.TaskState.Committing), "started");
    }

    function test_RevertWhen_startTaskTwice() public {
        uint256 taskId = createExact(3);
        vm.expectRevert(
            abi.encodeWithSelector(
                ITaskManager.TaskManagerWrongState.selector, taskId, uint8(ITaskManager.TaskState.Committing)
            )
        );
        tm.startTask(taskId);
    }

    function test_RevertWhen_createTaskWithoutFee() public {
        vm.expectRevert(abi.encodeWithSelector(ITaskManager.TaskManagerInvalidFee.selector, 0));
        vm.prank(requester);
        tm.createTask(params(3, 0, 0));
    }

    function test_RevertWhen_createTaskWithFeeAboveItsType() public {
        uint256 fee = uint256(type(uint88).max) + 1;
        vm.deal(requester, fee);
        vm.expectRevert(abi.encodeWithSelector(ITaskManager.TaskManagerInvalidFee.selector, fee));
        vm.prank(requester);
        tm.createTask{value: fee}(params(3, 0, 0));
    }

    function test_RevertWhen_createTaskBelowMinimumFeePerReplica() public {
        uint256 fee = 3 * MIN_FEE - 1;
        vm.expectRevert(abi.encodeWithSelector(ITaskManager.TaskManagerFeeTooLow.selector, fee / 3, MIN_FEE));
        vm.prank(requester);
        tm.createTask{value: fee}(params(3, 0, 0));
    }

    function test_RevertWhen_createTaskWithTooManyReplicas() public {
        vm.expectRevert(abi.encodeWithSelector(ITaskManager.TaskManagerInvalidReplicas.selector, 17, 16));
        vm.prank(requester);
        tm.createTask{value: FEE * 10}(params(17, 0, 0));
    }

    function test_RevertWhen_createTaskWithQuorumAboveReplicas() public {
        ITaskManager.TaskParams memory p = params(3, 0, 0);
        p.quorum = 4;
        vm.expectRevert(abi.encodeWithSelector(ITaskManager.TaskManagerInvalidQuorum.selector, 4, 3));
        vm.prank(requester);
        tm.createTask{value: FEE}(p);
    }

    function test_RevertWhen_createTaskWithQuorumNotAStrictMajority() public {
        ITaskManager.TaskParams memory p = params(4, 0, 0);
        p.quorum = 2;
        vm.expectRevert(abi.encodeWithSelector(ITaskManager.TaskManagerInvalidQuorum.selector, 2, 4));
        vm.prank(requester);
        tm.createTask{value: FEE}(p);
    }

    function test_RevertWhen_createTaskWithWindowBelowMinimum() public {
        ITaskManager.TaskParams memory p = params(3, 0, 0);
        p.revealWindow = uint32(MIN_WINDOW - 1);
        vm.expectRevert(
            abi.encodeWithSelector(
                ITaskManager.TaskManagerInvalidWindow.selector, COMMIT_WINDOW, MIN_WINDOW - 1, START_WINDOW
            )
        );
        vm.prank(requester);
        tm.createTask{value: FEE}(p);
    }

    function test_RevertWhen_createTaskWithoutStartWindow() public {
        ITaskManager.TaskParams memory p = params(3, 0, 0);
        p.startWindow = 0;
        vm.expectRevert(
            abi.encodeWithSelector(ITaskManager.TaskManagerInvalidWindow.selector, COMMIT_WINDOW, REVEAL_WINDOW, 0)
        );
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

    // ---- cancelTask and pending expiry ----

    function test_cancelTask_refundsAPendingTask() public {
        vm.prank(requester);
        uint256 taskId = tm.createTask{value: FEE}(params(3, 0, 0));
        vm.expectEmit();
        emit ITaskManager.RequesterCredited(taskId, requester, FEE);
        vm.prank(requester);
        tm.cancelTask(taskId);

        assertEq(tm.getTask(taskId).state, uint256(ITaskManager.TaskState.Cancelled), "cancelled");
        assertEq(tm.owed(requester), FEE, "refund");
        assertEq(address(tm).balance, books(), "books");
        vm.roll(block.number + 1);
        vm.expectRevert(
            abi.encodeWithSelector(
                ITaskManager.TaskManagerWrongState.selector, taskId, uint8(ITaskManager.TaskState.Cancelled)
            )
        );
        tm.startTask(taskId);
    }

    function test_RevertWhen_cancelTaskByStranger() public {
        vm.prank(requester);
        uint256 taskId = tm.createTask{value: FEE}(params(3, 0, 0));
        address stranger = makeAddr("stranger");
        vm.expectRevert(abi.encodeWithSelector(ITaskManager.TaskManagerNotRequester.selector, taskId, stranger));
        vm.prank(stranger);
        tm.cancelTask(taskId);
    }

    function test_RevertWhen_cancelTaskOnceStarted() public {
        uint256 taskId = createExact(3);
        vm.expectRevert(
            abi.encodeWithSelector(
                ITaskManager.TaskManagerWrongState.selector, taskId, uint8(ITaskManager.TaskState.Committing)
            )
        );
        vm.prank(requester);
        tm.cancelTask(taskId);
    }

    function test_finalize_expiresAPendingTaskAfterItsStartWindow() public {
        vm.prank(requester);
        uint256 taskId = tm.createTask{value: FEE * 2}(params(4, 0, 0));
        vm.roll(block.number + START_WINDOW + 1);
        vm.expectRevert(abi.encodeWithSelector(ITaskManager.TaskManagerStartClosed.selector, taskId, block.number - 1));
        tm.startTask(taskId);
        vm.roll(block.number - 1);
        vm.expectRevert(
            abi.encodeWithSelector(
                ITaskManager.TaskManagerNotFinalizable.selector,
                taskId,
                uint8(ITaskManager.TaskState.Pending),
                block.number
            )
        );
        tm.finalize(taskId);
        vm.roll(block.number + 1);
        tm.finalize(taskId);

        assertEq(tm.getTask(taskId).state, uint256(ITaskManager.TaskState.Expired), "expired");
        assertEq(tm.owed(requester), FEE * 2, "whole fee back");
        vm.expectRevert(
            abi.encodeWithSelector(
                ITaskManager.TaskManagerWrongState.selector, taskId, uint8(ITaskManager.TaskState.Expired)
            )
        );
        tm.startTask(taskId);
        assertEq(address(tm).balance, books(), "books");
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
        bytes32 copied = commitmentOf(taskId, w[0], GOOD, GOOD, saltOf(w[0]));
        bytes32 computed = commitmentOf(taskId, w[1], GOOD, GOOD, saltOf(w[0]));
        vm.expectRevert(
            abi.encodeWithSelector(ITaskManager.TaskManagerCommitmentMismatch.selector, taskId, w[1], copied, computed)
        );
        vm.prank(w[1]);
        tm.reveal(taskId, GOOD, GOOD, saltOf(w[0]), "");
    }

    function test_reveal_exactAcceptsAFingerprintThatIsNotTheDigest() public {
        uint256 taskId = createExact(3);
        address w = replicasOf(taskId)[0];
        doCommit(taskId, w, GOOD, BAD);
        for (uint256 i = 1; i < 3; ++i) {
            doCommit(taskId, replicasOf(taskId)[i], GOOD, GOOD);
        }
        vm.expectEmit();
        emit ITaskManager.Revealed(taskId, w, GOOD, BAD, saltOf(w), "http://127.0.0.1:9000/result");
        doReveal(taskId, w, GOOD, BAD);
        assertEq(tm.getReplica(taskId, 0).fingerprint, BAD, "the fingerprint, not the digest, is stored");
    }

    function test_finalize_exactModeAgreesOnFingerprintsNotDigests() public {
        // Label forms: the result bytes (raw logits) differ in their last bits, the labels do not.
        uint256 taskId = createExact(3);
        address[] memory w = replicasOf(taskId);
        bytes32 labels = keccak256("labels");
        for (uint256 i = 0; i < 3; ++i) {
            doCommit(taskId, w[i], keccak256(abi.encode("logits", i)), i == 2 ? BAD : labels);
        }
        for (uint256 i = 0; i < 3; ++i) {
            doReveal(taskId, w[i], keccak256(abi.encode("logits", i)), i == 2 ? BAD : labels);
        }
        tm.finalize(taskId);

        ITaskManager.TaskView memory t = tm.getTask(taskId);
        assertEq(t.state, uint256(ITaskManager.TaskState.Settled), "settled");
        assertEq(t.verdictFingerprint, labels, "verdict is the agreed fingerprint");
        assertEq(t.groupMask, 3, "equal fingerprints agree whatever their digests");
        assertEq(tm.getReplica(taskId, 2).outcome, uint256(ITaskManager.ReplicaOutcome.Unpaid), "other labels");
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

    // ---- abstain ----

    function test_abstain_drawsAReplacementEarlyInTheWindow() public {
        address spare = registerNode("spare");
        nodes.push(spare);
        uint256 taskId = createExact(3);
        address[] memory before = replicasOf(taskId);
        address out = before[1];
        vm.expectEmit(true, true, false, false);
        emit ITaskManager.ReplicaAbstained(taskId, out, 1, address(0));
        vm.prank(out);
        tm.abstain(taskId);

        address[] memory w = replicasOf(taskId);
        assertTrue(w[1] != out, "replaced");
        assertEq(tm.getNode(w[1]).activeTask, taskId, "replacement assigned");
        assertEq(tm.getNode(out).activeTask, 0, "abstainer released");
        assertEq(tm.getTask(taskId).abstainedMask, 0, "no gap left");
        assertEq(tm.availableCount(GPU), 1, "abstainer back in the set");
        // The replacement works as replica 1 and is paid like the others.
        for (uint256 i = 0; i < 3; ++i) {
            doCommit(taskId, w[i], GOOD, GOOD);
        }
        for (uint256 i = 0; i < 3; ++i) {
            doReveal(taskId, w[i], GOOD, GOOD);
        }
        tm.finalize(taskId);
        assertEq(tm.owed(w[1]), FEE / 3, "replacement paid");
        assertEq(tm.owed(out), 0, "abstainer unpaid");
        assertEq(tm.getNode(out).stake, STAKE, "abstainer not slashed");
    }

    function test_abstain_lateLeavesAGapThatIsNeitherPaidNorSlashed() public {
        uint256 taskId = createExact(3);
        address[] memory w = replicasOf(taskId);
        doCommit(taskId, w[0], GOOD, GOOD);
        doCommit(taskId, w[2], GOOD, GOOD);
        vm.roll(block.number + COMMIT_WINDOW / 2 + 1);
        vm.prank(w[1]);
        tm.abstain(taskId);

        ITaskManager.TaskView memory t = tm.getTask(taskId);
        assertEq(t.abstainedMask, 2, "gap");
        assertEq(t.state, uint256(ITaskManager.TaskState.Revealing), "everyone else is in: reveal opens");
        doReveal(taskId, w[0], GOOD, GOOD);
        doReveal(taskId, w[2], GOOD, GOOD);
        tm.finalize(taskId);

        assertEq(tm.getTask(taskId).state, uint256(ITaskManager.TaskState.Settled), "settled");
        assertEq(tm.getReplica(taskId, 1).outcome, uint256(ITaskManager.ReplicaOutcome.Abstained), "outcome");
        assertEq(tm.getNode(w[1]).stake, STAKE, "not slashed");
        assertEq(tm.owed(w[1]), 0, "not paid");
        assertEq(tm.owed(requester), FEE / 3, "its share goes back to the requester");
        assertEq(address(tm).balance, books(), "books");
    }

    function test_abstain_byEveryReplicaEndsTheTaskWithAFullRefund() public {
        uint256 taskId = createExact(3);
        address[] memory w = replicasOf(taskId);
        vm.roll(block.number + COMMIT_WINDOW / 2 + 1); // too late for replacements
        for (uint256 i = 0; i < 3; ++i) {
            vm.prank(w[i]);
            tm.abstain(taskId);
        }
        tm.finalize(taskId);

        assertEq(tm.getTask(taskId).state, uint256(ITaskManager.TaskState.Expired), "expired");
        assertEq(tm.owed(requester), FEE, "refund");
        assertEq(tm.owed(TREASURY), 0, "nobody penalised");
        assertEq(address(tm).balance, books(), "books");
    }

    function test_abstain_anAbstainerMayBeDrawnAgainForAnotherIndex() public {
        uint256 taskId = createExact(3);
        address[] memory w = replicasOf(taskId);
        vm.prank(w[0]);
        tm.abstain(taskId);
        assertEq(tm.getTask(taskId).abstainedMask, 1, "no free node: a gap");
        vm.prank(w[1]);
        tm.abstain(taskId);

        assertEq(replicasOf(taskId)[1], w[0], "the only free node replaces replica 1");
        doCommit(taskId, w[0], GOOD, GOOD);
        assertTrue(tm.getReplica(taskId, 1).committed, "it commits at its new index");
    }

    function test_RevertWhen_abstainAfterCommitting() public {
        uint256 taskId = createExact(3);
        address w = replicasOf(taskId)[0];
        doCommit(taskId, w, GOOD, GOOD);
        vm.expectRevert(abi.encodeWithSelector(ITaskManager.TaskManagerAlreadyCommitted.selector, taskId, w));
        vm.prank(w);
        tm.abstain(taskId);
    }

    function test_RevertWhen_abstainByNonReplica() public {
        uint256 taskId = createExact(3);
        address stranger = makeAddr("stranger");
        vm.expectRevert(abi.encodeWithSelector(ITaskManager.TaskManagerNotReplica.selector, taskId, stranger));
        vm.prank(stranger);
        tm.abstain(taskId);
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

    function test_finalize_aTwoThirdsGroupSlashesTheLiarForTheTreasuryNotTheRequesterOrGroup() public {
        for (uint256 i = 3; i < 5; ++i) {
            nodes.push(registerNode(string.concat("node", vm.toString(i))));
        }
        uint256 fee = 5 ether;
        uint256 taskId = createAndStart(params(5, 0, 0), fee);
        address[] memory w = replicasOf(taskId);
        for (uint256 i = 0; i < 5; ++i) {
            doCommit(taskId, w[i], i == 1 ? BAD : GOOD, i == 1 ? BAD : GOOD);
        }
        for (uint256 i = 0; i < 5; ++i) {
            doReveal(taskId, w[i], i == 1 ? BAD : GOOD, i == 1 ? BAD : GOOD);
        }
        vm.expectEmit();
        emit ITaskManager.ReplicaSlashed(taskId, w[1], SLASH, uint8(ITaskManager.SlashReason.WrongResult));
        tm.finalize(taskId);

        assertEq(tm.owed(w[0]), fee / 5, "member paid its share, no more");
        assertEq(tm.owed(w[1]), 0, "liar unpaid");
        assertEq(tm.getNode(w[1]).stake, STAKE - SLASH, "liar slashed");
        assertEq(tm.getNode(w[1]).status, uint256(INodeRegistry.NodeStatus.Deactivated), "deactivated");
        assertEq(tm.owed(requester), fee / 5, "requester gets the unearned share only");
        assertEq(tm.owed(TREASURY), SLASH, "penalty to the treasury");
        assertEq(tm.getReplica(taskId, 1).outcome, uint256(ITaskManager.ReplicaOutcome.SlashedWrong), "outcome");
        assertEq(address(tm).balance, books(), "books");
    }

    function test_finalize_aBareMajorityLeavesTheDissenterUnpaidButUnslashed() public {
        uint256 taskId = fullyRevealedTask(GOOD, BAD, GOOD);
        address[] memory w = replicasOf(taskId);
        tm.finalize(taskId);

        assertEq(tm.getTask(taskId).state, uint256(ITaskManager.TaskState.Settled), "settled");
        assertEq(tm.owed(w[1]), 0, "dissenter unpaid");
        assertEq(tm.getNode(w[1]).stake, STAKE, "2 of 3 cannot take a stake");
        assertEq(tm.getReplica(taskId, 1).outcome, uint256(ITaskManager.ReplicaOutcome.Unpaid), "outcome");
        assertEq(tm.owed(requester), FEE / 3, "requester gets the unearned share");
        assertEq(tm.owed(TREASURY), 0, "no penalty");
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
        assertEq(tm.owed(w[0]), FEE / 3, "paid");
        assertEq(tm.owed(TREASURY), NO_SHOW, "treasury");
        assertEq(address(tm).balance, books(), "books");
    }

    function test_finalize_withoutConsensusOrEscalationSpendsTheRevealedSharesForTheTreasury() public {
        uint256 taskId = fullyRevealedTask(GOOD, BAD, keccak256("third"));
        tm.finalize(taskId);
        expireEscalation(taskId);

        assertEq(tm.getTask(taskId).state, uint256(ITaskManager.TaskState.NoConsensus), "no consensus");
        assertEq(tm.owed(requester), FEE - 3 * (FEE / 3), "no refund for results it can fetch");
        assertEq(tm.owed(TREASURY), 3 * (FEE / 3), "nobody earned them: the treasury");
        address[] memory w = replicasOf(taskId);
        for (uint256 i = 0; i < 3; ++i) {
            assertEq(tm.getNode(w[i]).stake, STAKE, "nobody slashed");
            assertEq(tm.owed(w[i]), 0, "nobody paid without a verdict");
            assertEq(tm.getReplica(taskId, i).outcome, uint256(ITaskManager.ReplicaOutcome.Unpaid), "outcome");
        }
        assertEq(address(tm).balance, books(), "books");
    }

    function test_finalize_withTooFewCommitsAndNoEscalationPenalisesNoShowsForTheTreasury() public {
        uint256 taskId = createExact(3);
        address[] memory w = replicasOf(taskId);
        doCommit(taskId, w[0], GOOD, GOOD);
        vm.roll(block.number + COMMIT_WINDOW + 1);
        doReveal(taskId, w[0], GOOD, GOOD);
        vm.roll(block.number + REVEAL_WINDOW + 1);
        tm.finalize(taskId);
        expireEscalation(taskId);

        assertEq(tm.getTask(taskId).state, uint256(ITaskManager.TaskState.NoConsensus), "no consensus");
        assertEq(tm.getNode(w[0]).stake, STAKE, "committer kept stake");
        assertEq(tm.owed(w[0]), 0, "no verdict, no pay");
        assertEq(tm.getNode(w[1]).stake, STAKE - NO_SHOW, "no-show slashed");
        assertEq(tm.owed(requester), FEE - FEE / 3, "requester gets the unrevealed shares, nothing more");
        assertEq(tm.owed(TREASURY), 2 * NO_SHOW + FEE / 3, "penalties and the revealed share to the treasury");
        assertEq(address(tm).balance, books(), "books");
    }

    function test_finalize_expiresWhenNobodyCommits() public {
        uint256 taskId = createExact(3);
        vm.roll(block.number + COMMIT_WINDOW + 1);
        tm.finalize(taskId);

        assertEq(tm.getTask(taskId).state, uint256(ITaskManager.TaskState.Expired), "expired");
        assertEq(tm.owed(requester), FEE, "fee back, no penalty");
        assertEq(tm.owed(TREASURY), 3 * NO_SHOW, "penalties to the treasury");
        assertEq(address(tm).balance, books(), "books");
    }

    function test_finalize_similarModeAgreesWithinDistance() public {
        uint256 taskId = createAndStart(params(3, 1, 2), FEE);
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
        assertEq(tm.getReplica(taskId, 2).outcome, uint256(ITaskManager.ReplicaOutcome.Unpaid), "far unpaid");
    }

    function test_finalize_rivalGroupsOfEqualSizeGiveNoConsensus() public {
        for (uint256 i = 3; i < 5; ++i) {
            nodes.push(registerNode(string.concat("node", vm.toString(i))));
        }
        // 5 replicas on a line, distance 1: fingerprint i has its first i bits flipped, so replica
        // 1's group {0,1,2} and replica 2's group {1,2,3} both have 3 members: only the order of
        // the replicas would pick one, and that order is known before anyone commits.
        uint256 taskId = createAndStart(params(5, 1, 1), FEE * 2);
        address[] memory w = replicasOf(taskId);
        bytes32 base = keccak256("vector");
        bytes32[5] memory fp;
        for (uint256 i = 0; i < 5; ++i) {
            fp[i] = base ^ bytes32((uint256(1) << i) - 1);
        }
        for (uint256 i = 0; i < 5; ++i) {
            doCommit(taskId, w[i], GOOD, fp[i]);
        }
        for (uint256 i = 0; i < 5; ++i) {
            doReveal(taskId, w[i], GOOD, fp[i]);
        }
        tm.finalize(taskId);
        expireEscalation(taskId);

        assertEq(tm.getTask(taskId).state, uint256(ITaskManager.TaskState.NoConsensus), "rivalled verdict");
        for (uint256 i = 0; i < 5; ++i) {
            assertEq(tm.getNode(w[i]).stake, STAKE, "nobody slashed on replica order");
        }
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

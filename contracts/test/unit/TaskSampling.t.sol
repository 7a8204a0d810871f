// SPDX-License-Identifier: Apache-2.0
pragma solidity 0.8.28;

import {TaskManagerFixture} from "../utils/TaskManagerFixture.sol";
import {ITaskManager} from "../../src/interfaces/ITaskManager.sol";
import {Sampling} from "../../src/libraries/Sampling.sol";
import {Vm} from "../utils/Vm.sol";

/// @notice Sampled validation: one executor, checked by replicas - 1 validators with probability
/// sampleRateBps (decided by the hash of the block after its commitment), or open to a bonded
/// challenge when unchecked.
contract TaskSamplingTest is TaskManagerFixture {
    bytes32 internal constant GOOD = keccak256("good result");
    bytes32 internal constant BAD = keccak256("bad result");
    bytes32 internal constant OTHER = keccak256("other result");
    /// @dev fee / replicas = 1 ether, slash 1 ether: the bound is 5000 basis points.
    uint16 internal constant RATE = 5000;

    address internal challenger;

    function setUp() public {
        setUpManager(14);
        challenger = makeAddr("challenger");
        vm.deal(challenger, 100 ether);
    }

    // ---- the decision ----

    function test_decision_usesTheHashOfTheBlockAfterTheExecutorCommitted() public {
        uint256 taskId = createSampled(3, RATE);
        address executor = replicasOf(taskId)[0];
        uint256 commitBlock = block.number;
        vm.expectEmit();
        emit ITaskManager.TaskPending(taskId, commitBlock + 1, commitBlock + 1 + COMMIT_WINDOW);
        doCommit(taskId, executor, GOOD, GOOD);
        ITaskManager.TaskView memory t = tm.getTask(taskId);
        assertEq(t.state, uint256(ITaskManager.TaskState.Pending), "pending its decision");
        assertEq(t.seedBlock, commitBlock + 1, "decided by the next block");
        assertTrue(!t.escalationPending, "not an escalation");
        assertEq(tm.getNode(executor).activeTask, taskId, "executor stays assigned");

        vm.roll(commitBlock + 1);
        vm.expectRevert(abi.encodeWithSelector(ITaskManager.TaskManagerSeedNotReady.selector, taskId, commitBlock + 2));
        tm.startTask(taskId);

        vm.roll(commitBlock + 2);
        bytes32 hash = keccak256("some block hash");
        vm.setBlockhash(commitBlock + 1, hash);
        (bytes32 seed, bool checked) = Sampling.decide(hash, taskId, RATE);
        vm.expectEmit(true, false, false, false);
        emit ITaskManager.TaskSampled(taskId, seed, commitBlock + 1, checked, 0);
        tm.startTask(taskId);
        ITaskManager.SamplingView memory s = tm.getSampling(taskId);
        assertEq(s.decisionBlock, commitBlock + 1, "decision block");
        assertEq(
            s.stage,
            uint256(checked ? ITaskManager.SamplingStage.Checked : ITaskManager.SamplingStage.Unchecked),
            "stage"
        );
    }

    function test_decision_theRequesterCannotChangeTheRateAfterCreation() public {
        uint256 taskId = createSampled(3, RATE);
        ITaskManager.SamplingView memory s = tm.getSampling(taskId);
        assertEq(s.sampleRateBps, RATE, "rate stored");
        assertEq(s.stage, uint256(ITaskManager.SamplingStage.Executing), "executing");
        assertEq(s.validators, 2, "validators");
        assertEq(tm.getTask(taskId).quorum, 3, "unanimity");
        // The requester's only call on a started task fails; nothing else takes its parameters.
        vm.prank(requester);
        vm.expectRevert(
            abi.encodeWithSelector(
                ITaskManager.TaskManagerWrongState.selector, taskId, uint8(ITaskManager.TaskState.Committing)
            )
        );
        tm.cancelTask(taskId);
    }

    function test_startTask_drawsOnlyTheExecutorAtTheFeeOfOneSeat() public {
        uint256 taskId = createSampled(3, RATE);
        address[] memory w = replicasOf(taskId);
        assertEq(w.length, 1, "executor only");
        assertEq(tm.availableCount(GPU), 13, "others stay free");
    }

    // ---- the bound ----

    function test_createTask_belowTheBoundReverts_atTheBoundIsAccepted() public {
        assertEq(tm.minSampleRateBps(1 ether), 5000, "bound");
        vm.prank(requester);
        vm.expectRevert(abi.encodeWithSelector(ITaskManager.TaskManagerSampleRateBelowBound.selector, 4999, 5000));
        tm.createTask{value: FEE}(sampledParams(3, 4999));
        vm.prank(requester);
        tm.createTask{value: FEE}(sampledParams(3, 5000));
    }

    function test_createTask_refusesInvalidSampling() public {
        ITaskManager.TaskParams memory p = sampledParams(1, RATE);
        vm.prank(requester);
        vm.expectRevert(abi.encodeWithSelector(ITaskManager.TaskManagerInvalidSampling.selector, RATE, 1, 0));
        tm.createTask{value: FEE}(p);
        p = sampledParams(6, RATE);
        vm.prank(requester);
        vm.expectRevert(abi.encodeWithSelector(ITaskManager.TaskManagerInvalidSampling.selector, RATE, 6, 0));
        tm.createTask{value: FEE}(p);
        p = sampledParams(3, RATE);
        p.quorum = 2;
        vm.prank(requester);
        vm.expectRevert(abi.encodeWithSelector(ITaskManager.TaskManagerInvalidSampling.selector, RATE, 3, 2));
        tm.createTask{value: FEE}(p);
        p = sampledParams(3, 10_001);
        vm.prank(requester);
        vm.expectRevert(abi.encodeWithSelector(ITaskManager.TaskManagerInvalidSampling.selector, 10_001, 3, 0));
        tm.createTask{value: FEE}(p);
    }

    function testFuzz_createTask_enforcesTheBound(uint256 fee, uint16 rate, uint8 replicas) public {
        replicas = uint8(bound(replicas, 2, 5));
        fee = bound(fee, replicas * MIN_FEE, 100 ether);
        rate = uint16(bound(rate, 1, 10_000));
        uint256 minRate = Sampling.minRateBps(fee / replicas, SLASH);
        assertEq(tm.minSampleRateBps(fee / replicas), minRate, "view");
        // A cheat that saves its share loses share + slash when checked: no gain at the bound.
        if (rate >= minRate) assertGe(rate * (fee / replicas + SLASH), 10_000 * (fee / replicas), "unprofitable");
        vm.prank(requester);
        if (rate < minRate) {
            vm.expectRevert(
                abi.encodeWithSelector(ITaskManager.TaskManagerSampleRateBelowBound.selector, rate, minRate)
            );
        }
        tm.createTask{value: fee}(sampledParams(replicas, rate));
    }

    // ---- unchecked ----

    function test_unchecked_paysTheExecutorItsShareAndCreditsTheRestAfterTheChallengeWindow() public {
        (uint256 taskId, address executor) = executed(GOOD, false);
        ITaskManager.SamplingView memory s = tm.getSampling(taskId);
        ITaskManager.TaskView memory t = tm.getTask(taskId);
        assertEq(t.state, uint256(ITaskManager.TaskState.Revealing), "revealing");
        assertEq(s.challengeDeadline, t.revealDeadline + REVEAL_WINDOW, "challenge window");
        doReveal(taskId, executor, GOOD, GOOD);
        vm.expectRevert(
            abi.encodeWithSelector(
                ITaskManager.TaskManagerNotFinalizable.selector,
                taskId,
                uint8(ITaskManager.TaskState.Revealing),
                block.number
            )
        );
        tm.finalize(taskId);
        vm.roll(s.challengeDeadline);
        vm.expectRevert(
            abi.encodeWithSelector(
                ITaskManager.TaskManagerNotFinalizable.selector,
                taskId,
                uint8(ITaskManager.TaskState.Revealing),
                block.number
            )
        );
        tm.finalize(taskId);
        vm.roll(s.challengeDeadline + 1);
        tm.finalize(taskId);
        assertEq(tm.getTask(taskId).state, uint256(ITaskManager.TaskState.Settled), "settled");
        assertEq(tm.owed(executor), 1 ether, "fee / replicas");
        assertEq(tm.owed(requester), 2 ether, "the rest");
        assertEq(tm.getNode(executor).activeTask, 0, "released");
        assertEq(address(tm).balance, books(), "books");
    }

    function test_unchecked_anExecutorThatDoesNotRevealIsANoShow() public {
        (uint256 taskId, address executor) = executed(GOOD, false);
        vm.roll(tm.getTask(taskId).revealDeadline + 1);
        tm.finalize(taskId);
        assertEq(tm.getNode(executor).stake, STAKE - NO_SHOW, "no-show");
        assertEq(tm.owed(requester), FEE, "refund");
        assertEq(address(tm).balance, books(), "books");
    }

    function test_pendingDecision_nobodyMakesIt_theExecutorIsANoShow() public {
        uint256 taskId = createSampled(3, RATE);
        address executor = replicasOf(taskId)[0];
        doCommit(taskId, executor, BAD, BAD);
        // The executor could decide at any block up to startDeadline, so not deciding is its miss.
        uint256 startDeadline = tm.getTask(taskId).startDeadline;
        vm.roll(startDeadline);
        vm.setBlockhash(tm.getTask(taskId).seedBlock, keccak256("decision"));
        uint256 snapshot = vm.snapshotState();
        tm.startTask(taskId); // still possible on the last block
        vm.revertToState(snapshot);
        vm.roll(startDeadline + 1);
        vm.expectEmit();
        emit ITaskManager.ReplicaSlashed(taskId, executor, NO_SHOW, uint8(ITaskManager.SlashReason.NoShow));
        tm.finalize(taskId);
        assertEq(tm.getTask(taskId).state, uint256(ITaskManager.TaskState.NoConsensus), "no consensus");
        assertEq(tm.getSampling(taskId).stage, uint256(ITaskManager.SamplingStage.Executing), "never decided");
        assertEq(tm.getReplica(taskId, 0).outcome, uint256(ITaskManager.ReplicaOutcome.SlashedNoShow), "no-show");
        assertEq(tm.getNode(executor).stake, STAKE - NO_SHOW, "slashed noShowAmount");
        assertEq(tm.owed(executor), 0, "unpaid");
        assertEq(tm.owed(requester), FEE, "whole fee back");
        assertEq(tm.owed(TREASURY), NO_SHOW, "penalty");
        assertEq(tm.getNode(executor).activeTask, 0, "released");
        assertEq(address(tm).balance, books(), "books");
    }

    function test_decision_agedOutDecisionBlock_decidesChecked_andIsNeverRerolled() public {
        // fee / replicas = MIN_FEE: the bound is 100 basis points, and the zero hash alone would
        // decide unchecked at that rate.
        ITaskManager.TaskParams memory p = sampledParams(3, 100);
        p.commitWindow = 400;
        uint256 taskId = createAndStart(p, 3 * MIN_FEE);
        (bytes32 zeroSeed, bool zeroChecked) = Sampling.decide(bytes32(0), taskId, 100);
        assertTrue(!zeroChecked, "precondition: the zero hash's own draw is unchecked");
        address executor = replicasOf(taskId)[0];
        doCommit(taskId, executor, GOOD, GOOD);
        uint256 decisionBlock = tm.getTask(taskId).seedBlock;
        vm.roll(decisionBlock + 257); // blockhash(decisionBlock) is 0 from here on
        assertEq(blockhash(decisionBlock), bytes32(0), "aged out");
        vm.expectEmit();
        emit ITaskManager.TaskSampled(taskId, zeroSeed, decisionBlock, true, 0);
        vm.expectEmit();
        emit ITaskManager.TaskPending(taskId, block.number, block.number + 400);
        tm.startTask(taskId);
        ITaskManager.SamplingView memory s = tm.getSampling(taskId);
        assertEq(s.stage, uint256(ITaskManager.SamplingStage.Checked), "checked");
        assertEq(s.decisionBlock, decisionBlock, "the aged-out block is recorded as the decision block");
        ITaskManager.TaskView memory t = tm.getTask(taskId);
        assertEq(t.state, uint256(ITaskManager.TaskState.Pending), "validators still to draw");
        assertTrue(!t.escalationPending, "not an escalation");
        assertEq(replicasOf(taskId).length, 1, "executor only so far");
        // The validators come from a block nobody knew at the decision.
        vm.roll(block.number + 1);
        tm.startTask(taskId);
        assertEq(replicasOf(taskId).length, 3, "validators drawn");
        assertEq(tm.getSampling(taskId).decisionBlock, decisionBlock, "decision unchanged");
    }

    function test_checked_noValidatorsFree_decisionKept_aLaterStartDrawsThem() public {
        (uint256 taskId, address executor, address[] memory blockers) = checkedWithoutFreeValidators();
        vm.expectRevert(abi.encodeWithSelector(ITaskManager.TaskManagerNotEnoughNodes.selector, taskId, GPU, 0, 2));
        tm.startTask(taskId);
        // Late in their commit window, two blockers abstain without replacement and are free.
        uint256 blocking = tm.taskCount();
        vm.roll(tm.getTask(blocking).commitDeadline);
        assertLe(block.number, tm.getTask(taskId).startDeadline, "before the validators' start deadline");
        vm.prank(blockers[0]);
        tm.abstain(blocking);
        vm.prank(blockers[1]);
        tm.abstain(blocking);
        assertEq(tm.availableCount(GPU), 2, "two free");
        vm.recordLogs();
        tm.startTask(taskId);
        Vm.Log[] memory logs = vm.getRecordedLogs();
        assertEq(countLogs(logs, ITaskManager.TaskSampled.selector), 0, "decided once");
        assertEq(countLogs(logs, ITaskManager.TaskStarted.selector), 1, "validators drawn");
        address[] memory w = checkRound(taskId, GOOD, GOOD, GOOD);
        assertEq(w[0], executor, "executor keeps seat 0");
        tm.finalize(taskId);
        assertEq(tm.getTask(taskId).state, uint256(ITaskManager.TaskState.Settled), "settled");
        assertEq(tm.owed(executor), 1 ether, "executor paid");
        assertEq(tm.owed(w[1]), 1 ether, "validator paid");
        assertEq(address(tm).balance, books(), "books");
    }

    function test_checked_nobodyCanDrawTheValidators_endsWithoutConsensusUnslashed() public {
        (uint256 taskId, address executor,) = checkedWithoutFreeValidators();
        uint256 free = tm.availableCount(GPU);
        vm.roll(tm.getTask(taskId).startDeadline + 1);
        vm.expectEmit();
        emit ITaskManager.TaskFinalized(taskId, uint8(ITaskManager.TaskState.NoConsensus), bytes32(0), 0);
        tm.finalize(taskId);
        assertEq(tm.getTask(taskId).state, uint256(ITaskManager.TaskState.NoConsensus), "no consensus");
        assertEq(tm.getReplicas(taskId).length, 1, "executor only");
        ITaskManager.ReplicaView memory r = tm.getReplica(taskId, 0);
        assertEq(r.outcome, uint256(ITaskManager.ReplicaOutcome.Unpaid), "unpaid, not a no-show");
        assertEq(r.slashed, 0, "not slashed");
        assertEq(tm.getNode(executor).stake, STAKE, "stake kept");
        assertEq(tm.owed(executor), 0, "unpaid");
        assertEq(tm.owed(TREASURY), 0, "no penalty");
        assertEq(tm.owed(requester), FEE, "whole fee back");
        assertEq(tm.getNode(executor).activeTask, 0, "released");
        assertEq(tm.availableCount(GPU), free + 1, "free again");
        assertEq(address(tm).balance, books(), "books");
    }

    // ---- checked ----

    function test_checked_allAgree_everyonePaid() public {
        (uint256 taskId, address executor) = executed(GOOD, true);
        address[] memory w = replicasOf(taskId);
        assertEq(w.length, 3, "validators drawn");
        assertEq(w[0], executor, "executor keeps seat 0");
        doCommit(taskId, w[1], GOOD, GOOD);
        doCommit(taskId, w[2], GOOD, GOOD);
        assertEq(tm.getTask(taskId).state, uint256(ITaskManager.TaskState.Revealing), "reveal opened");
        for (uint256 i = 0; i < 3; ++i) {
            doReveal(taskId, w[i], GOOD, GOOD);
        }
        tm.finalize(taskId);
        assertEq(tm.getTask(taskId).state, uint256(ITaskManager.TaskState.Settled), "settled");
        for (uint256 i = 0; i < 3; ++i) {
            assertEq(tm.owed(w[i]), 1 ether, "paid");
        }
        assertEq(tm.owed(requester), 0, "fee spent");
        assertEq(address(tm).balance, books(), "books");
    }

    function test_checked_cheatingExecutor_escalates_andIsSlashed() public {
        (uint256 taskId, address executor) = executed(BAD, true);
        address[] memory w = checkRound(taskId, BAD, GOOD, GOOD);
        tm.finalize(taskId);
        assertTrue(tm.getTask(taskId).escalationPending, "escalated");
        address[] memory e = escalate(taskId, 0);
        tm.finalize(taskId);
        assertEq(tm.getTask(taskId).state, uint256(ITaskManager.TaskState.Settled), "settled");
        assertEq(tm.getNode(executor).stake, STAKE - SLASH, "executor slashed");
        assertEq(tm.owed(executor), 0, "executor unpaid");
        assertEq(tm.owed(w[1]), FEE / 10, "validator paid");
        assertEq(tm.owed(w[2]), FEE / 10, "validator paid");
        assertEq(tm.owed(e[0]), FEE / 10, "escalation seat paid");
        assertEq(tm.owed(TREASURY), SLASH, "penalty");
        assertEq(tm.owed(requester), FEE - 9 * (FEE / 10), "executor's share back");
        assertEq(address(tm).balance, books(), "books");
    }

    function test_checked_lazyValidator_isSlashedThroughTheEscalation() public {
        (uint256 taskId, address executor) = executed(GOOD, true);
        address[] memory w = checkRound(taskId, GOOD, GOOD, BAD);
        tm.finalize(taskId);
        escalate(taskId, 0);
        tm.finalize(taskId);
        assertEq(tm.getNode(w[2]).stake, STAKE - SLASH, "lazy validator slashed");
        assertEq(tm.getNode(executor).stake, STAKE, "executor kept its stake");
        assertEq(tm.owed(executor), FEE / 10, "executor paid");
        assertEq(tm.owed(w[1]), FEE / 10, "honest validator paid");
        assertEq(address(tm).balance, books(), "books");
    }

    // ---- challenges ----

    function test_challenge_upheld_challengerGetsBondPlusThePenalty() public {
        uint256 taskId = challenged(BAD);
        address executor = replicasOf(taskId)[0];
        startChallenge(taskId);
        checkRound(taskId, BAD, GOOD, GOOD);
        tm.finalize(taskId);
        escalate(taskId, 0);
        vm.expectEmit();
        emit ITaskManager.ChallengeResolved(taskId, challenger, true, 2 ether + SLASH, 0);
        tm.finalize(taskId);
        assertEq(tm.getNode(executor).stake, STAKE - SLASH, "executor slashed");
        assertEq(tm.owed(challenger), 2 ether + SLASH, "bond + min(penalty, bond)");
        assertEq(tm.owed(TREASURY), 0, "penalty went to the challenger");
        assertEq(tm.owed(requester), FEE - 9 * (FEE / 10), "executor's share back");
        assertEq(address(tm).balance, books() + tm.owed(challenger), "books");
    }

    function test_challenge_rejected_bondGoesToTheRequester() public {
        uint256 taskId = challenged(GOOD);
        address executor = replicasOf(taskId)[0];
        startChallenge(taskId);
        address[] memory w = checkRound(taskId, GOOD, GOOD, GOOD);
        assertEq(address(tm).balance, books() + tm.owed(challenger), "books while open");
        vm.expectEmit();
        emit ITaskManager.ChallengeResolved(taskId, challenger, false, 0, 2 ether);
        tm.finalize(taskId);
        assertEq(tm.owed(executor), 1 ether, "executor paid");
        assertEq(tm.owed(w[1]), 1 ether, "validator paid");
        assertEq(tm.owed(requester), 2 ether, "the bond pays back the validators");
        assertEq(tm.owed(challenger), 0, "bond lost");
        assertEq(address(tm).balance, books(), "books");
    }

    function test_challenge_noConsensus_bondGoesBack() public {
        uint256 taskId = challenged(GOOD);
        startChallenge(taskId);
        checkRound(taskId, GOOD, BAD, BAD);
        tm.finalize(taskId);
        escalate(taskId, 1); // split escalation
        vm.expectEmit();
        emit ITaskManager.ChallengeResolved(taskId, challenger, false, 2 ether, 0);
        tm.finalize(taskId);
        assertEq(tm.getTask(taskId).state, uint256(ITaskManager.TaskState.NoConsensus), "no consensus");
        assertEq(tm.owed(challenger), 2 ether, "bond back");
        assertEq(address(tm).balance, books() + tm.owed(challenger), "books");
    }

    function test_challenge_withoutValidatorsSettlesUnchecked_andReturnsTheBond() public {
        uint256 taskId = challenged(GOOD);
        address executor = replicasOf(taskId)[0];
        assertTrue(!tm.getTask(taskId).escalationPending, "not an escalation");
        vm.roll(tm.getTask(taskId).startDeadline + 1);
        tm.finalize(taskId);
        assertEq(tm.getTask(taskId).state, uint256(ITaskManager.TaskState.Settled), "settled unchecked");
        assertEq(tm.owed(executor), 1 ether, "executor paid");
        assertEq(tm.owed(requester), 2 ether, "the rest");
        assertEq(tm.owed(challenger), 2 ether, "bond back");
        assertEq(address(tm).balance, books() + tm.owed(challenger), "books");
    }

    function test_challenge_wrongBondAndLateChallengeRevert() public {
        (uint256 taskId, address executor) = executed(GOOD, false);
        uint256 bond = tm.challengeBond(taskId);
        assertEq(bond, 2 ether, "(replicas - 1) * fee / replicas");
        uint256 deadline = tm.getSampling(taskId).challengeDeadline;
        vm.prank(challenger);
        vm.expectRevert(
            abi.encodeWithSelector(
                ITaskManager.TaskManagerNotChallengeable.selector,
                taskId,
                uint8(ITaskManager.SamplingStage.Unchecked),
                deadline
            )
        );
        tm.challenge{value: bond}(taskId); // nothing revealed yet
        doReveal(taskId, executor, GOOD, GOOD);
        vm.prank(challenger);
        vm.expectRevert(abi.encodeWithSelector(ITaskManager.TaskManagerWrongBond.selector, bond - 1, bond));
        tm.challenge{value: bond - 1}(taskId);
        vm.roll(deadline + 1);
        vm.prank(challenger);
        vm.expectRevert(
            abi.encodeWithSelector(
                ITaskManager.TaskManagerNotChallengeable.selector,
                taskId,
                uint8(ITaskManager.SamplingStage.Unchecked),
                deadline
            )
        );
        tm.challenge{value: bond}(taskId);
    }

    function test_challenge_aFullyReplicatedTaskIsNotChallengeable() public {
        uint256 taskId = createExact(3);
        vm.prank(challenger);
        vm.expectRevert(
            abi.encodeWithSelector(ITaskManager.TaskManagerNotChallengeable.selector, taskId, 0, REVEAL_WINDOW)
        );
        tm.challenge{value: 0}(taskId);
    }

    // ---- books ----

    /// @dev Sampled and replicated tasks side by side, in every path: the contract holds exactly
    /// the stakes, the escrows, the open bonds and what it owes.
    function testFuzz_books_balanceAcrossSampledAndReplicatedTasks(uint256 seed) public {
        uint256 replicated = createExact(3);
        address[] memory r = replicasOf(replicated);
        uint256 path = seed % 4;
        (uint256 taskId,) = executed(path == 0 ? BAD : GOOD, path != 3);
        doCommit(replicated, r[0], GOOD, GOOD);
        assertEq(address(tm).balance, books(), "books, both open");
        if (path == 3) {
            doReveal(taskId, replicasOf(taskId)[0], GOOD, GOOD);
            if (seed % 8 < 4) {
                uint256 bond = tm.challengeBond(taskId);
                vm.prank(challenger);
                tm.challenge{value: bond}(taskId);
                assertEq(address(tm).balance, books(), "books, bond open");
                assertEq(tm.getSampling(taskId).challenger, challenger, "challenger");
                startChallenge(taskId);
                checkRound(taskId, GOOD, GOOD, (seed >> 8) % 2 == 0 ? GOOD : BAD);
            } else {
                vm.roll(tm.getSampling(taskId).challengeDeadline + 1);
            }
        } else {
            checkRound(taskId, path == 0 ? BAD : GOOD, GOOD, path == 1 ? BAD : GOOD);
        }
        tm.finalize(taskId);
        if (tm.getTask(taskId).escalationPending) {
            escalate(taskId, seed % 3 == 0 ? 1 : 0);
            tm.finalize(taskId);
        }
        vm.roll(block.number + 100);
        tm.finalize(replicated);
        assertEq(address(tm).balance, books() + tm.owed(challenger), "books, both ended");
    }

    // ---- helpers ----

    /// @dev A checked sampled task whose validators could not be drawn: another task holds every
    /// other node. Returns the blockers (that task's replicas).
    function checkedWithoutFreeValidators()
        internal
        returns (uint256 taskId, address executor, address[] memory blockers)
    {
        taskId = createSampled(3, RATE);
        executor = replicasOf(taskId)[0];
        blockers = replicasOf(createExact(13));
        assertEq(tm.availableCount(GPU), 0, "nobody free");
        doCommit(taskId, executor, GOOD, GOOD);
        uint256 seedBlock = tm.getTask(taskId).seedBlock;
        vm.roll(seedBlock + 1);
        vm.setBlockhash(seedBlock, hashDeciding(taskId, true));
        vm.expectEmit(true, false, false, false);
        emit ITaskManager.TaskSampled(taskId, 0, seedBlock, true, 0);
        vm.expectEmit();
        emit ITaskManager.TaskPending(taskId, block.number, block.number + COMMIT_WINDOW);
        tm.startTask(taskId);
        ITaskManager.SamplingView memory s = tm.getSampling(taskId);
        assertEq(s.stage, uint256(ITaskManager.SamplingStage.Checked), "checked");
        assertEq(s.decisionBlock, seedBlock, "decision recorded");
        ITaskManager.TaskView memory t = tm.getTask(taskId);
        assertEq(t.state, uint256(ITaskManager.TaskState.Pending), "pending its validators");
        assertTrue(!t.escalationPending, "not an escalation");
        assertEq(replicasOf(taskId).length, 1, "executor only");
        assertEq(tm.getNode(executor).activeTask, taskId, "executor stays assigned");
        assertEq(address(tm).balance, books(), "books");
        vm.roll(block.number + 1);
    }

    /// @dev A block hash that decides `taskId` as `checked` at RATE.
    function hashDeciding(uint256 taskId, bool checked) internal pure returns (bytes32 hash) {
        for (uint256 i = 0;; ++i) {
            hash = keccak256(abi.encode("hash", i));
            (, bool c) = Sampling.decide(hash, taskId, RATE);
            if (c == checked) return hash;
        }
    }

    /// @dev How many of `logs` are TaskManager's and carry `topic0`.
    function countLogs(Vm.Log[] memory logs, bytes32 topic0) internal view returns (uint256 n) {
        for (uint256 i = 0; i < logs.length; ++i) {
            if (logs[i].emitter == address(tm) && logs[i].topics[0] == topic0) ++n;
        }
    }

    function sampledParams(uint8 replicas, uint16 rate) internal pure returns (ITaskManager.TaskParams memory p) {
        p = params(replicas, 0, 0);
        p.sampleRateBps = rate;
    }

    function createSampled(uint8 replicas, uint16 rate) internal returns (uint256 taskId) {
        taskId = createAndStart(sampledParams(replicas, rate), FEE);
    }

    /// @dev A 3-replica sampled task whose executor committed `result` and whose decision came out
    /// `checked` (the decision block's hash is set to one that decides so).
    function executed(bytes32 result, bool checked) internal returns (uint256 taskId, address executor) {
        taskId = createSampled(3, RATE);
        executor = replicasOf(taskId)[0];
        doCommit(taskId, executor, result, result);
        uint256 seedBlock = tm.getTask(taskId).seedBlock;
        vm.roll(seedBlock + 1);
        vm.setBlockhash(seedBlock, hashDeciding(taskId, checked));
        tm.startTask(taskId);
    }

    /// @dev An unchecked task whose executor revealed `result` and that `challenger` challenged.
    function challenged(bytes32 result) internal returns (uint256 taskId) {
        address executor;
        (taskId, executor) = executed(result, false);
        doReveal(taskId, executor, result, result);
        uint256 bond = tm.challengeBond(taskId);
        vm.expectEmit();
        emit ITaskManager.TaskChallenged(taskId, challenger, bond);
        vm.prank(challenger);
        tm.challenge{value: bond}(taskId);
        ITaskManager.SamplingView memory s = tm.getSampling(taskId);
        assertEq(s.stage, uint256(ITaskManager.SamplingStage.Challenged), "challenged");
        assertEq(s.challenger, challenger, "challenger");
        assertEq(s.bond, bond, "bond");
        assertEq(tm.getTask(taskId).state, uint256(ITaskManager.TaskState.Pending), "pending its validators");
    }

    function startChallenge(uint256 taskId) internal {
        vm.roll(block.number + 1);
        tm.startTask(taskId);
        assertEq(tm.getSampling(taskId).stage, uint256(ITaskManager.SamplingStage.ChallengeChecked), "stage");
        assertEq(replicasOf(taskId).length, 3, "validators drawn");
    }

    /// @dev The validators commit and every seat that has not yet revealed reveals.
    function checkRound(uint256 taskId, bytes32 executorResult, bytes32 first, bytes32 second)
        internal
        returns (address[] memory w)
    {
        w = replicasOf(taskId);
        doCommit(taskId, w[1], first, first);
        doCommit(taskId, w[2], second, second);
        if (!tm.getReplica(taskId, 0).revealed) doReveal(taskId, w[0], executorResult, executorResult);
        doReveal(taskId, w[1], first, first);
        doReveal(taskId, w[2], second, second);
    }

    /// @dev Starts the escalation and lets its 7 seats commit and reveal: kind 0 all GOOD, kind 1 a
    /// split without a majority.
    function escalate(uint256 taskId, uint256 kind) internal returns (address[] memory e) {
        vm.roll(block.number + 1);
        tm.startTask(taskId);
        address[] memory w = replicasOf(taskId);
        e = new address[](w.length - 3);
        for (uint256 i = 3; i < w.length; ++i) {
            e[i - 3] = w[i];
            bytes32 result = kind == 0 ? GOOD : i < 6 ? GOOD : i < 9 ? BAD : OTHER;
            doCommit(taskId, w[i], result, result);
        }
        for (uint256 i = 3; i < w.length; ++i) {
            bytes32 result = kind == 0 ? GOOD : i < 6 ? GOOD : i < 9 ? BAD : OTHER;
            doReveal(taskId, w[i], result, result);
        }
    }
}

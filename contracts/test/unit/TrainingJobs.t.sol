// SPDX-License-Identifier: Apache-2.0
pragma solidity 0.8.28;

import {TrainingJobsFixture} from "../utils/TrainingJobsFixture.sol";
import {ITrainingJobs} from "../../src/interfaces/ITrainingJobs.sol";
import {INodeRegistry} from "../../src/interfaces/INodeRegistry.sol";

contract TrainingJobsTest is TrainingJobsFixture {
    bytes32 internal constant MODEL_A = keccak256("model a");
    bytes32 internal constant MODEL_B = keccak256("model b");
    bytes32 internal constant MODEL_C = keccak256("model c");

    /// @dev Expected credit per account, accumulated by the happy path.
    mapping(address account => uint256) internal expectedOwed;

    function setUp() public {
        setUpJobs(4, 3);
    }

    // ---- createJob ----

    function test_createJob_selectsTrainersAndCommitteeAndEscrows() public {
        uint256 jobId = createJob(2, 4, 3);

        assertEq(jobId, 1, "first id");
        assertEq(jobs.jobCount(), 1, "count");
        ITrainingJobs.JobView memory j = jobs.getJob(jobId);
        assertEq(j.requester, requester, "requester");
        assertEq(j.state, uint256(ITrainingJobs.JobState.Running), "running");
        assertEq(j.round, 0, "round");
        assertEq(j.quorum, 2, "default quorum");
        assertEq(j.escrow, 2 * (uint256(POOL) + FEE), "escrow");
        assertEq(j.modelDigest, INITIAL_MODEL, "initial model");
        ITrainingJobs.RoundView memory r = jobs.getRound(jobId, 0);
        assertEq(r.stage, uint256(ITrainingJobs.Stage.TrainCommit), "stage");
        assertEq(r.deadline, block.number + COMMIT_WINDOW, "deadline");
        assertEq(r.trainers.length, 4, "trainers");
        assertEq(r.committee.length, 3, "committee");
        for (uint256 i = 0; i < 4; ++i) {
            assertEq(jobs.getNode(r.trainers[i]).gpuClass, TRAINER_CLASS, "trainer class");
            assertEq(jobs.getNode(r.trainers[i]).activeTask, jobId, "trainer assigned");
            for (uint256 k = 0; k < i; ++k) {
                assertTrue(r.trainers[i] != r.trainers[k], "distinct trainers");
            }
        }
        for (uint256 i = 0; i < 3; ++i) {
            assertEq(jobs.getNode(r.committee[i]).gpuClass, AGGREGATOR_CLASS, "member class");
            assertEq(jobs.getNode(r.committee[i]).activeTask, jobId, "member assigned");
        }
        assertEq(jobs.availableCount(TRAINER_CLASS), 0, "trainers busy");
        assertEq(jobs.availableCount(AGGREGATOR_CLASS), 0, "aggregators busy");
        assertEq(address(jobs).balance, books(), "books");
    }

    function test_RevertWhen_createJobEscrowMismatch() public {
        ITrainingJobs.JobParams memory p = jobParams(2, 4, 3);
        uint256 required = escrowOf(p);
        vm.expectRevert(
            abi.encodeWithSelector(ITrainingJobs.TrainingJobsInvalidEscrow.selector, required - 1, required)
        );
        vm.prank(requester);
        jobs.createJob{value: required - 1}(p);
    }

    function test_RevertWhen_createJobWithZeroEscrow() public {
        ITrainingJobs.JobParams memory p = jobParams(2, 4, 3);
        p.poolPerRound = 0;
        p.committeeFeePerRound = 0;
        vm.expectRevert(abi.encodeWithSelector(ITrainingJobs.TrainingJobsInvalidEscrow.selector, 0, 0));
        vm.prank(requester);
        jobs.createJob(p);
    }

    function test_RevertWhen_createJobWithZeroRounds() public {
        ITrainingJobs.JobParams memory p = jobParams(0, 4, 3);
        vm.expectRevert(abi.encodeWithSelector(ITrainingJobs.TrainingJobsInvalidShape.selector, 0, 4, 3, 0));
        vm.prank(requester);
        jobs.createJob{value: 1 ether}(p);
    }

    function test_RevertWhen_createJobWithTooManyRounds() public {
        ITrainingJobs.JobParams memory p = jobParams(1001, 4, 3);
        vm.expectRevert(abi.encodeWithSelector(ITrainingJobs.TrainingJobsInvalidShape.selector, 1001, 4, 3, 0));
        vm.prank(requester);
        jobs.createJob{value: escrowOf(p)}(p);
    }

    function test_RevertWhen_createJobWithTooManyTrainers() public {
        ITrainingJobs.JobParams memory p = jobParams(1, 33, 3);
        vm.expectRevert(abi.encodeWithSelector(ITrainingJobs.TrainingJobsInvalidShape.selector, 1, 33, 3, 0));
        vm.prank(requester);
        jobs.createJob{value: escrowOf(p)}(p);
    }

    function test_RevertWhen_createJobWithoutTrainersOrCommittee() public {
        ITrainingJobs.JobParams memory p = jobParams(1, 0, 3);
        vm.expectRevert(abi.encodeWithSelector(ITrainingJobs.TrainingJobsInvalidShape.selector, 1, 0, 3, 0));
        vm.prank(requester);
        jobs.createJob{value: escrowOf(p)}(p);

        p = jobParams(1, 4, 0);
        vm.expectRevert(abi.encodeWithSelector(ITrainingJobs.TrainingJobsInvalidShape.selector, 1, 4, 0, 0));
        vm.prank(requester);
        jobs.createJob{value: escrowOf(p)}(p);
    }

    function test_RevertWhen_createJobWithTooLargeCommittee() public {
        ITrainingJobs.JobParams memory p = jobParams(1, 4, 17);
        vm.expectRevert(abi.encodeWithSelector(ITrainingJobs.TrainingJobsInvalidShape.selector, 1, 4, 17, 0));
        vm.prank(requester);
        jobs.createJob{value: escrowOf(p)}(p);
    }

    function test_RevertWhen_createJobWithQuorumAboveCommittee() public {
        ITrainingJobs.JobParams memory p = jobParams(1, 4, 3);
        p.quorum = 4;
        vm.expectRevert(abi.encodeWithSelector(ITrainingJobs.TrainingJobsInvalidShape.selector, 1, 4, 3, 4));
        vm.prank(requester);
        jobs.createJob{value: escrowOf(p)}(p);
    }

    function test_RevertWhen_createJobWithZeroWindow() public {
        ITrainingJobs.JobParams memory p = jobParams(1, 4, 3);
        p.commitWindow = 0;
        vm.expectRevert(
            abi.encodeWithSelector(ITrainingJobs.TrainingJobsInvalidWindow.selector, 0, uint256(REVEAL_WINDOW))
        );
        vm.prank(requester);
        jobs.createJob{value: escrowOf(p)}(p);

        p = jobParams(1, 4, 3);
        p.revealWindow = 0;
        vm.expectRevert(
            abi.encodeWithSelector(ITrainingJobs.TrainingJobsInvalidWindow.selector, uint256(COMMIT_WINDOW), 0)
        );
        vm.prank(requester);
        jobs.createJob{value: escrowOf(p)}(p);
    }

    // ---- the happy path ----

    function test_happyPath_twoRoundsPayByScoreAndFinish() public {
        ITrainingJobs.JobParams memory p = jobParams(2, 4, 3);
        p.poolPerRound = POOL + 3; // leaves dust
        uint256 pool = p.poolPerRound;
        uint256 jobId = createJob(p);
        uint256 requesterOwed;

        // Round 0: scores [3, 1, 0, -2] (fixed point): payouts 3/4 and 1/4 of the pool.
        int64[] memory scores = scores4(3e9, 1e9, 0, -2e9);
        address[] memory t = trainersOf(jobId);
        address[] memory c = committeeOf(jobId);
        trainAll(jobId);
        assertEq(stageOf(jobId), uint256(ITrainingJobs.Stage.AggregateCommit), "training closed early");
        ITrainingJobs.RoundView memory r = jobs.getRound(jobId, 0);
        for (uint256 i = 0; i < 4; ++i) {
            assertEq(r.updateDigests[i], updateOf(jobId, 0, t[i]), "update digest recorded");
        }
        aggregateAll(jobId, MODEL_A, scores, 0);
        assertEq(stageOf(jobId), uint256(ITrainingJobs.Stage.AggregateReveal), "reveals open");
        vm.expectEmit();
        emit ITrainingJobs.RoundDecided(jobId, 0, MODEL_A, scoresDigestOf(scores), 0, block.number + REVEAL_WINDOW);
        decide(jobId, MODEL_A, 0, scores);
        assertEq(stageOf(jobId), uint256(ITrainingJobs.Stage.Challenge), "challengeable");
        assertEq(jobs.owed(t[0]), 0, "nothing paid during the challenge window");
        vm.expectEmit();
        emit ITrainingJobs.RoundSettled(
            jobId, 0, uint8(ITrainingJobs.RoundOutcome.Agreed), MODEL_A, scoresDigestOf(scores), 0, scores, 7
        );
        payOut(jobId, scores);

        assertEq(jobs.owed(t[0]), pool * 3 / 4, "trainer 0 paid 3/4");
        assertEq(jobs.owed(t[0]), 7_500_000_000_000_000_002, "trainer 0 exact");
        assertEq(jobs.owed(t[1]), pool / 4, "trainer 1 paid 1/4");
        assertEq(jobs.owed(t[1]), 2_500_000_000_000_000_000, "trainer 1 exact");
        assertEq(jobs.owed(t[2]), 0, "zero score unpaid");
        assertEq(jobs.owed(t[3]), 0, "negative score unpaid");
        for (uint256 i = 0; i < 4; ++i) {
            assertEq(stakeOf(t[i]), STAKE, "trainer stake intact");
            expectedOwed[t[i]] += jobs.owed(t[i]);
        }
        for (uint256 i = 0; i < 3; ++i) {
            assertEq(jobs.owed(c[i]), uint256(FEE) / 3, "member share");
            assertEq(stakeOf(c[i]), STAKE, "member stake intact");
            expectedOwed[c[i]] += uint256(FEE) / 3;
        }
        uint256 dust = pool - pool * 3 / 4 - pool / 4;
        assertEq(dust, 1, "pool dust");
        requesterOwed += dust + (uint256(FEE) - 3 * (uint256(FEE) / 3));
        assertEq(jobs.owed(requester), requesterOwed, "dust and fee remainder to requester");
        assertEq(requesterOwed, 2, "two wei");

        r = jobs.getRound(jobId, 0);
        assertEq(r.stage, uint256(ITrainingJobs.Stage.Settled), "settled");
        assertEq(r.outcome, uint256(ITrainingJobs.RoundOutcome.Agreed), "agreed");
        assertEq(r.groupMask, 7, "group");
        assertEq(r.modelDigest, MODEL_A, "round model");
        assertEq(r.scoresDigest, scoresDigestOf(scores), "round scores");

        // Round 1 started by itself.
        ITrainingJobs.JobView memory j = jobs.getJob(jobId);
        assertEq(j.modelDigest, MODEL_A, "model advanced");
        assertEq(j.round, 1, "round 1");
        assertEq(j.state, uint256(ITrainingJobs.JobState.Running), "running");
        assertEq(j.escrow, pool + FEE, "one round left in escrow");
        assertEq(trainersOf(jobId).length, 4, "round 1 trainers");
        assertEq(committeeOf(jobId).length, 3, "round 1 committee");
        assertEq(stageOf(jobId), uint256(ITrainingJobs.Stage.TrainCommit), "round 1 training");
        assertEq(address(jobs).balance, books(), "books after round 0");

        // Round 1: three equal positive scores.
        scores = scores4(1e9, 1e9, 0, 1e9);
        t = trainersOf(jobId);
        c = committeeOf(jobId);
        honestRound(jobId, MODEL_B, scores, 0);
        expectedOwed[t[0]] += pool / 3;
        expectedOwed[t[1]] += pool / 3;
        expectedOwed[t[3]] += pool / 3;
        for (uint256 i = 0; i < 3; ++i) {
            expectedOwed[c[i]] += uint256(FEE) / 3;
        }
        requesterOwed += (pool - 3 * (pool / 3)) + (uint256(FEE) - 3 * (uint256(FEE) / 3));
        for (uint256 i = 0; i < trainerNodes.length; ++i) {
            assertEq(jobs.owed(trainerNodes[i]), expectedOwed[trainerNodes[i]], "trainer total");
        }
        for (uint256 i = 0; i < aggregatorNodes.length; ++i) {
            assertEq(jobs.owed(aggregatorNodes[i]), expectedOwed[aggregatorNodes[i]], "member total");
        }
        assertEq(jobs.owed(requester), requesterOwed, "requester total");

        j = jobs.getJob(jobId);
        assertEq(j.state, uint256(ITrainingJobs.JobState.Finished), "finished");
        assertEq(j.round, 2, "rounds done");
        assertEq(j.escrow, 0, "escrow spent");
        assertEq(j.modelDigest, MODEL_B, "final model");
        assertEq(jobs.getRound(jobId, 1).modelDigest, MODEL_B, "round 1 model");
        assertEq(jobs.availableCount(TRAINER_CLASS), 4, "trainers free");
        assertEq(jobs.availableCount(AGGREGATOR_CLASS), 3, "aggregators free");
        assertEq(address(jobs).balance, books(), "books after round 1");

        // Everyone pulls their credit; only the stakes stay.
        for (uint256 i = 0; i < allNodes.length; ++i) {
            address node = allNodes[i];
            uint256 amount = jobs.owed(node);
            if (amount == 0) continue;
            uint256 before = node.balance;
            vm.expectEmit();
            emit ITrainingJobs.Withdrawn(node, amount);
            vm.prank(node);
            jobs.withdraw();
            assertEq(node.balance, before + amount, "node paid");
            assertEq(jobs.owed(node), 0, "node settled");
        }
        uint256 requesterBefore = requester.balance;
        vm.prank(requester);
        jobs.withdraw();
        assertEq(requester.balance, requesterBefore + requesterOwed, "requester paid");
        assertEq(address(jobs).balance, allNodes.length * STAKE, "only stakes left");
        assertEq(address(jobs).balance, books(), "books at the end");
    }

    // ---- trainer penalties ----

    function test_settle_flaggedTrainerIsSlashedAndUnpaid() public {
        uint256 jobId = createJob(1, 4, 3);
        address[] memory t = trainersOf(jobId);
        int64[] memory scores = scores4(1e9, 5e9, 1e9, 1e9);
        uint32 flagged = 1 << 1;
        trainAll(jobId);
        aggregateAll(jobId, MODEL_A, scores, flagged);
        decide(jobId, MODEL_A, flagged, scores);
        vm.expectEmit();
        emit ITrainingJobs.NodePenalised(jobId, 0, t[1], SLASH, uint8(ITrainingJobs.PenaltyReason.Flagged));
        payOut(jobId, scores);

        assertEq(stakeOf(t[1]), STAKE - SLASH, "flagged trainer slashed exactly slashAmount");
        assertEq(jobs.owed(t[1]), 0, "flagged trainer unpaid despite its score");
        assertEq(jobs.getNode(t[1]).slashCount, 1, "slash counted");
        uint256 share = uint256(POOL) / 3;
        for (uint256 i = 0; i < 4; ++i) {
            if (i == 1) continue;
            assertEq(jobs.owed(t[i]), share, "others share the pool");
            assertEq(stakeOf(t[i]), STAKE, "others keep their stake");
        }
        uint256 dust = POOL - 3 * share;
        uint256 feeRemainder = uint256(FEE) - 3 * (uint256(FEE) / 3);
        assertEq(jobs.owed(requester), dust + feeRemainder, "the requester gets no part of the slash");
        assertEq(jobs.owed(TREASURY), SLASH, "slash goes to the treasury");
        assertEq(jobs.getRound(jobId, 0).flaggedMask, flagged, "flags recorded");
        assertEq(address(jobs).balance, books(), "books");
    }

    function test_settle_penalisesTrainerNoShowAndUnrevealed() public {
        uint256 jobId = createJob(1, 4, 3);
        address[] memory t = trainersOf(jobId);
        // t[0] never commits, t[1] commits but never reveals.
        commitUpdateAs(jobId, t[1]);
        commitUpdateAs(jobId, t[2]);
        commitUpdateAs(jobId, t[3]);
        ITrainingJobs.RoundView memory r = roundOf(jobId);
        assertEq(r.stage, uint256(ITrainingJobs.Stage.TrainCommit), "still committing");
        assertEq(r.trainCommitted, 14, "commit mask");
        uint256 commitDeadline = r.deadline;
        vm.roll(commitDeadline);
        assertEq(stageOf(jobId), uint256(ITrainingJobs.Stage.TrainCommit), "open through its deadline");
        vm.roll(commitDeadline + 1);
        r = roundOf(jobId);
        assertEq(r.stage, uint256(ITrainingJobs.Stage.TrainReveal), "deadline opened reveals");
        assertEq(r.deadline, commitDeadline + REVEAL_WINDOW, "reveal window counted from the deadline");
        revealUpdateAs(jobId, t[2]);
        revealUpdateAs(jobId, t[3]);
        assertEq(stageOf(jobId), uint256(ITrainingJobs.Stage.TrainReveal), "waits for the last committer");
        vm.roll(uint256(r.deadline) + 1);
        assertEq(stageOf(jobId), uint256(ITrainingJobs.Stage.AggregateCommit), "deadline opened aggregation");

        int64[] memory scores = scores4(5e9, 5e9, 1e9, 3e9);
        aggregateAll(jobId, MODEL_A, scores, 0);
        settle(jobId, MODEL_A, 0, scores);

        assertEq(stakeOf(t[0]), STAKE - NO_SHOW, "no commit: no-show");
        assertEq(stakeOf(t[1]), STAKE - NO_SHOW, "no reveal: no-show");
        assertEq(jobs.owed(t[0]), 0, "no-show unpaid");
        assertEq(jobs.owed(t[1]), 0, "unrevealed unpaid");
        assertEq(jobs.owed(t[2]), uint256(POOL) / 4, "1 of 4");
        assertEq(jobs.owed(t[3]), uint256(POOL) * 3 / 4, "3 of 4");
        assertEq(statusOf(t[0]), uint256(INodeRegistry.NodeStatus.Deactivated), "deactivated");
        uint256 feeRemainder = uint256(FEE) - 3 * (uint256(FEE) / 3);
        assertEq(jobs.owed(requester), feeRemainder, "no penalty to the requester");
        assertEq(jobs.owed(TREASURY), 2 * NO_SHOW, "penalties to the treasury");
        assertEq(address(jobs).balance, books(), "books");
    }

    function test_stages_moveOnByDeadlineWhenNobodyActs() public {
        uint256 jobId = createJob(1, 4, 3);
        uint256 d = roundOf(jobId).deadline;
        vm.roll(d + 1);
        assertEq(stageOf(jobId), uint256(ITrainingJobs.Stage.TrainReveal), "reveal");
        vm.roll(d + REVEAL_WINDOW + 1);
        assertEq(stageOf(jobId), uint256(ITrainingJobs.Stage.AggregateCommit), "aggregate commit");
        vm.roll(d + REVEAL_WINDOW + COMMIT_WINDOW + 1);
        assertEq(stageOf(jobId), uint256(ITrainingJobs.Stage.AggregateReveal), "aggregate reveal");
        // Nobody committed, so nobody can still reveal: settle right away, everyone a no-show.
        settle(jobId, MODEL_A, 0, new int64[](0));

        ITrainingJobs.RoundView memory r = jobs.getRound(jobId, 0);
        assertEq(r.outcome, uint256(ITrainingJobs.RoundOutcome.NoConsensus), "no consensus");
        for (uint256 i = 0; i < 4; ++i) {
            assertEq(stakeOf(r.trainers[i]), STAKE - NO_SHOW, "trainer no-show");
        }
        for (uint256 i = 0; i < 3; ++i) {
            assertEq(stakeOf(r.committee[i]), STAKE - NO_SHOW, "member no-show");
        }
        assertEq(jobs.owed(requester), uint256(POOL) + FEE, "refund only");
        assertEq(jobs.owed(TREASURY), 7 * NO_SHOW, "penalties to the treasury");
        assertEq(jobs.getJob(jobId).state, uint256(ITrainingJobs.JobState.Finished), "finished");
        assertEq(jobs.getJob(jobId).modelDigest, INITIAL_MODEL, "model unchanged");
        assertEq(address(jobs).balance, books(), "books");
    }

    // ---- committee ----

    function test_settle_slashesMemberWithDifferentAggregate() public {
        uint256 jobId = createJob(1, 4, 3);
        address[] memory c = committeeOf(jobId);
        int64[] memory scores = scores4(1e9, 1e9, 1e9, 1e9);
        trainAll(jobId);
        commitAggregateAs(jobId, c[0], MODEL_A, scores, 0);
        commitAggregateAs(jobId, c[1], MODEL_B, scores, 0);
        commitAggregateAs(jobId, c[2], MODEL_A, scores, 0);
        revealAggregateAs(jobId, c[0], MODEL_A, scores, 0);
        revealAggregateAs(jobId, c[1], MODEL_B, scores, 0);
        revealAggregateAs(jobId, c[2], MODEL_A, scores, 0);
        settle(jobId, MODEL_A, 0, scores);

        assertEq(jobs.getRound(jobId, 0).groupMask, 5, "members 0 and 2 agree");
        assertEq(stakeOf(c[1]), STAKE, "a bare majority does not slash the dissenter");
        assertEq(jobs.owed(c[1]), 0, "dissenter unpaid");
        assertEq(jobs.owed(c[0]), uint256(FEE) / 3, "member 0 paid its share, not the dissenter's");
        assertEq(jobs.owed(c[2]), uint256(FEE) / 3, "member 2 paid its share, not the dissenter's");
        assertEq(jobs.getJob(jobId).modelDigest, MODEL_A, "agreed model");
        assertEq(jobs.owed(requester), uint256(FEE) - 2 * (uint256(FEE) / 3), "unearned share back to the requester");
        assertEq(jobs.owed(TREASURY), 0, "no penalty");
        assertEq(address(jobs).balance, books(), "books");
    }

    function test_settle_penalisesMemberNoShow() public {
        uint256 jobId = createJob(1, 4, 3);
        address[] memory c = committeeOf(jobId);
        int64[] memory scores = scores4(1e9, 1e9, 1e9, 1e9);
        trainAll(jobId);
        commitAggregateAs(jobId, c[0], MODEL_A, scores, 0);
        commitAggregateAs(jobId, c[1], MODEL_A, scores, 0);
        commitAggregateAs(jobId, c[2], MODEL_A, scores, 0);
        revealAggregateAs(jobId, c[0], MODEL_A, scores, 0);
        revealAggregateAs(jobId, c[2], MODEL_A, scores, 0);
        vm.roll(uint256(roundOf(jobId).deadline) + 1);
        settle(jobId, MODEL_A, 0, scores);

        assertEq(stakeOf(c[1]), STAKE - NO_SHOW, "unrevealed member: no-show");
        assertEq(jobs.owed(c[1]), 0, "no-show unpaid");
        assertEq(jobs.owed(c[0]), uint256(FEE) / 3, "member 0 paid its share");
        assertEq(jobs.owed(c[2]), uint256(FEE) / 3, "member 2 paid its share");
        assertEq(jobs.getRound(jobId, 0).outcome, uint256(ITrainingJobs.RoundOutcome.Agreed), "agreed");
        assertEq(address(jobs).balance, books(), "books");
    }

    function test_settle_noConsensusWhenAllMembersDiffer() public {
        uint256 jobId = createJob(1, 4, 3);
        address[] memory t = trainersOf(jobId);
        address[] memory c = committeeOf(jobId);
        int64[] memory scores = scores4(1e9, 1e9, 1e9, 1e9);
        trainAll(jobId);
        commitAggregateAs(jobId, c[0], MODEL_A, scores, 0);
        commitAggregateAs(jobId, c[1], MODEL_B, scores, 0);
        commitAggregateAs(jobId, c[2], MODEL_C, scores, 0);
        revealAggregateAs(jobId, c[0], MODEL_A, scores, 0);
        revealAggregateAs(jobId, c[1], MODEL_B, scores, 0);
        revealAggregateAs(jobId, c[2], MODEL_C, scores, 0);
        settle(jobId, MODEL_A, 0, scores);

        ITrainingJobs.RoundView memory r = jobs.getRound(jobId, 0);
        assertEq(r.outcome, uint256(ITrainingJobs.RoundOutcome.NoConsensus), "no consensus");
        assertEq(r.groupMask, 0, "no group");
        assertEq(r.modelDigest, bytes32(0), "no round model");
        assertEq(jobs.getJob(jobId).modelDigest, INITIAL_MODEL, "model unchanged");
        assertEq(jobs.owed(requester), uint256(POOL) + FEE, "pool and fee refunded");
        for (uint256 i = 0; i < 4; ++i) {
            assertEq(stakeOf(t[i]), STAKE, "trainers keep stake");
            assertEq(jobs.owed(t[i]), 0, "trainers unpaid");
        }
        for (uint256 i = 0; i < 3; ++i) {
            assertEq(stakeOf(c[i]), STAKE, "members keep stake");
            assertEq(jobs.owed(c[i]), 0, "members unpaid");
        }
        assertEq(jobs.getJob(jobId).escrow, 0, "escrow spent");
        assertEq(address(jobs).balance, books(), "books");
    }

    function test_settle_noConsensusBelowQuorumPenalisesOnlyNoShows() public {
        ITrainingJobs.JobParams memory p = jobParams(1, 4, 3);
        p.quorum = 3;
        uint256 jobId = createJob(p);
        address[] memory t = trainersOf(jobId);
        address[] memory c = committeeOf(jobId);
        int64[] memory scores = scores4(1e9, 1e9, 1e9, 1e9);
        // t[3] is a no-show; c[0] and c[1] agree (2 < quorum 3), c[2] differs.
        commitUpdateAs(jobId, t[0]);
        commitUpdateAs(jobId, t[1]);
        commitUpdateAs(jobId, t[2]);
        advanceTo(jobId, ITrainingJobs.Stage.TrainReveal);
        revealUpdateAs(jobId, t[0]);
        revealUpdateAs(jobId, t[1]);
        revealUpdateAs(jobId, t[2]);
        assertEq(stageOf(jobId), uint256(ITrainingJobs.Stage.AggregateCommit), "all committers revealed");
        commitAggregateAs(jobId, c[0], MODEL_A, scores, 1);
        commitAggregateAs(jobId, c[1], MODEL_A, scores, 1);
        commitAggregateAs(jobId, c[2], MODEL_B, scores, 0);
        revealAggregateAs(jobId, c[0], MODEL_A, scores, 1);
        revealAggregateAs(jobId, c[1], MODEL_A, scores, 1);
        revealAggregateAs(jobId, c[2], MODEL_B, scores, 0);
        settle(jobId, MODEL_A, 1, scores);

        ITrainingJobs.RoundView memory r = jobs.getRound(jobId, 0);
        assertEq(r.outcome, uint256(ITrainingJobs.RoundOutcome.NoConsensus), "no consensus");
        assertEq(r.flaggedMask, 0, "flags ignored");
        assertEq(stakeOf(t[0]), STAKE, "flag ignored without agreement");
        assertEq(stakeOf(t[3]), STAKE - NO_SHOW, "trainer no-show penalised");
        assertEq(stakeOf(c[2]), STAKE, "minority not slashed");
        assertEq(jobs.owed(c[0]), 0, "no fee without agreement");
        assertEq(jobs.owed(requester), uint256(POOL) + FEE, "refund, no penalty");
        assertEq(jobs.owed(TREASURY), NO_SHOW, "no-show to the treasury");
        assertEq(jobs.getJob(jobId).modelDigest, INITIAL_MODEL, "model unchanged");
        assertEq(address(jobs).balance, books(), "books");
    }

    function test_settle_noConsensusWhenFewerThanQuorumReveal() public {
        uint256 jobId = createJob(1, 4, 3);
        address[] memory c = committeeOf(jobId);
        int64[] memory scores = scores4(1e9, 1e9, 1e9, 1e9);
        trainAll(jobId);
        commitAggregateAs(jobId, c[0], MODEL_A, scores, 0);
        commitAggregateAs(jobId, c[1], MODEL_A, scores, 0);
        advanceTo(jobId, ITrainingJobs.Stage.AggregateReveal);
        revealAggregateAs(jobId, c[0], MODEL_A, scores, 0);
        vm.roll(uint256(roundOf(jobId).deadline) + 1);
        settle(jobId, MODEL_A, 0, scores);

        assertEq(jobs.getRound(jobId, 0).outcome, uint256(ITrainingJobs.RoundOutcome.NoConsensus), "1 < quorum 2");
        assertEq(stakeOf(c[0]), STAKE, "revealer kept stake");
        assertEq(stakeOf(c[1]), STAKE - NO_SHOW, "unrevealed member");
        assertEq(stakeOf(c[2]), STAKE - NO_SHOW, "uncommitted member");
        assertEq(jobs.owed(requester), uint256(POOL) + FEE, "refund, no penalties");
        assertEq(jobs.owed(TREASURY), 2 * NO_SHOW, "no-shows to the treasury");
        assertEq(address(jobs).balance, books(), "books");
    }

    // ---- settle ----

    function test_RevertWhen_settleWithWrongScores() public {
        uint256 jobId = createJob(1, 4, 3);
        int64[] memory scores = scores4(1e9, 2e9, 3e9, 4e9);
        trainAll(jobId);
        aggregateAll(jobId, MODEL_A, scores, 0);
        int64[] memory wrong = scores4(4e9, 3e9, 2e9, 1e9);
        vm.expectRevert(
            abi.encodeWithSelector(
                ITrainingJobs.TrainingJobsWrongScores.selector,
                jobId,
                0,
                fingerprintOf(MODEL_A, scores, 0),
                fingerprintOf(MODEL_A, wrong, 0)
            )
        );
        settle(jobId, MODEL_A, 0, wrong);
        // A wrong model or flag mask is just as wrong.
        vm.expectRevert(
            abi.encodeWithSelector(
                ITrainingJobs.TrainingJobsWrongScores.selector,
                jobId,
                0,
                fingerprintOf(MODEL_A, scores, 0),
                fingerprintOf(MODEL_A, scores, 2)
            )
        );
        settle(jobId, MODEL_A, 2, scores);
    }

    function test_settle_wrongScoresEndNoConsensusAfterOneMoreRevealWindow() public {
        uint256 jobId = createJob(1, 4, 3);
        int64[] memory scores = scores4(1e9, 2e9, 3e9, 4e9);
        int64[] memory wrong = scores4(4e9, 3e9, 2e9, 1e9);
        trainAll(jobId);
        aggregateAll(jobId, MODEL_A, scores, 0);
        uint256 deadline = roundOf(jobId).deadline;

        vm.roll(deadline + REVEAL_WINDOW);
        vm.expectRevert(
            abi.encodeWithSelector(
                ITrainingJobs.TrainingJobsWrongScores.selector,
                jobId,
                0,
                fingerprintOf(MODEL_A, scores, 0),
                fingerprintOf(MODEL_A, wrong, 0)
            )
        );
        settle(jobId, MODEL_A, 0, wrong);

        vm.roll(deadline + REVEAL_WINDOW + 1);
        settle(jobId, MODEL_A, 0, wrong);
        ITrainingJobs.RoundView memory r = jobs.getRound(jobId, 0);
        assertEq(r.outcome, uint256(ITrainingJobs.RoundOutcome.NoConsensus), "no consensus");
        assertEq(jobs.owed(requester), uint256(POOL) + FEE, "full refund");
        assertEq(jobs.getJob(jobId).modelDigest, INITIAL_MODEL, "model unchanged");
        for (uint256 i = 0; i < 3; ++i) {
            assertEq(stakeOf(r.committee[i]), STAKE, "agreeing members not slashed");
            assertEq(jobs.owed(r.committee[i]), 0, "members unpaid");
        }
        assertEq(address(jobs).balance, books(), "books");
    }

    function test_settle_rightScoresStillAcceptedInTheExtraWindow() public {
        uint256 jobId = createJob(1, 4, 3);
        int64[] memory scores = scores4(1e9, 2e9, 3e9, 4e9);
        trainAll(jobId);
        aggregateAll(jobId, MODEL_A, scores, 0);
        vm.roll(uint256(roundOf(jobId).deadline) + REVEAL_WINDOW);
        settle(jobId, MODEL_A, 0, scores);
        assertEq(jobs.getRound(jobId, 0).outcome, uint256(ITrainingJobs.RoundOutcome.Agreed), "agreed");
    }

    function test_RevertWhen_settleBeforeRevealsOver() public {
        uint256 jobId = createJob(1, 4, 3);
        address[] memory c = committeeOf(jobId);
        int64[] memory scores = scores4(1e9, 1e9, 1e9, 1e9);
        trainAll(jobId);
        for (uint256 i = 0; i < 3; ++i) {
            commitAggregateAs(jobId, c[i], MODEL_A, scores, 0);
        }
        revealAggregateAs(jobId, c[0], MODEL_A, scores, 0);
        revealAggregateAs(jobId, c[1], MODEL_A, scores, 0);
        uint256 deadline = roundOf(jobId).deadline;
        vm.roll(deadline);
        vm.expectRevert(abi.encodeWithSelector(ITrainingJobs.TrainingJobsNotSettleable.selector, jobId, 0, deadline));
        settle(jobId, MODEL_A, 0, scores);
        vm.roll(deadline + 1);
        settle(jobId, MODEL_A, 0, scores);
        assertEq(jobs.getRound(jobId, 0).outcome, uint256(ITrainingJobs.RoundOutcome.Agreed), "agreed");
    }

    function test_RevertWhen_settleDuringTraining() public {
        uint256 jobId = createJob(1, 4, 3);
        vm.expectRevert(
            abi.encodeWithSelector(
                ITrainingJobs.TrainingJobsWrongStage.selector, jobId, 0, uint8(ITrainingJobs.Stage.TrainCommit)
            )
        );
        settle(jobId, MODEL_A, 0, new int64[](0));
    }

    function test_RevertWhen_settleAgreedScoresOfWrongLength() public {
        uint256 jobId = createJob(1, 4, 3);
        int64[] memory three = new int64[](3);
        three[0] = 1e9;
        trainAll(jobId);
        aggregateAll(jobId, MODEL_A, three, 0);
        bytes32 digest = scoresDigestOf(three);
        vm.expectRevert(
            abi.encodeWithSelector(ITrainingJobs.TrainingJobsWrongScores.selector, jobId, 0, digest, digest)
        );
        settle(jobId, MODEL_A, 0, three);
    }

    function test_RevertWhen_settleFinishedJob() public {
        uint256 jobId = createJob(1, 4, 3);
        int64[] memory scores = scores4(1e9, 1e9, 1e9, 1e9);
        honestRound(jobId, MODEL_A, scores, 0);
        vm.expectRevert(
            abi.encodeWithSelector(
                ITrainingJobs.TrainingJobsWrongState.selector, jobId, uint8(ITrainingJobs.JobState.Finished)
            )
        );
        settle(jobId, MODEL_A, 0, scores);
    }

    // ---- stages, roles and commitments ----

    function test_RevertWhen_commitUpdateAfterCommitStage() public {
        uint256 jobId = createJob(1, 4, 3);
        address[] memory t = trainersOf(jobId);
        vm.roll(uint256(roundOf(jobId).deadline) + 1);
        vm.expectRevert(
            abi.encodeWithSelector(
                ITrainingJobs.TrainingJobsWrongStage.selector, jobId, 0, uint8(ITrainingJobs.Stage.TrainReveal)
            )
        );
        commitUpdateAt(jobId, 0, t[0]);
    }

    function test_RevertWhen_revealUpdateDuringCommitStage() public {
        uint256 jobId = createJob(1, 4, 3);
        address[] memory t = trainersOf(jobId);
        commitUpdateAs(jobId, t[0]);
        vm.expectRevert(
            abi.encodeWithSelector(
                ITrainingJobs.TrainingJobsWrongStage.selector, jobId, 0, uint8(ITrainingJobs.Stage.TrainCommit)
            )
        );
        revealUpdateAt(jobId, 0, t[0]);
    }

    function test_RevertWhen_commitAggregateDuringTraining() public {
        uint256 jobId = createJob(1, 4, 3);
        address[] memory c = committeeOf(jobId);
        vm.expectRevert(
            abi.encodeWithSelector(
                ITrainingJobs.TrainingJobsWrongStage.selector, jobId, 0, uint8(ITrainingJobs.Stage.TrainCommit)
            )
        );
        commitAggregateAt(jobId, 0, c[0], MODEL_A, scores4(0, 0, 0, 0), 0);
    }

    function test_RevertWhen_revealAggregateDuringAggregateCommit() public {
        uint256 jobId = createJob(1, 4, 3);
        address[] memory c = committeeOf(jobId);
        int64[] memory scores = scores4(1, 1, 1, 1);
        trainAll(jobId);
        commitAggregateAs(jobId, c[0], MODEL_A, scores, 0);
        vm.expectRevert(
            abi.encodeWithSelector(
                ITrainingJobs.TrainingJobsWrongStage.selector, jobId, 0, uint8(ITrainingJobs.Stage.AggregateCommit)
            )
        );
        revealAggregateAs(jobId, c[0], MODEL_A, scores, 0);
    }

    function test_RevertWhen_notSelected() public {
        uint256 jobId = createJob(1, 4, 3);
        address stranger = makeAddr("stranger");
        address member = committeeOf(jobId)[0];
        address trainer = trainersOf(jobId)[0];

        vm.expectRevert(abi.encodeWithSelector(ITrainingJobs.TrainingJobsNotSelected.selector, jobId, stranger));
        vm.prank(stranger);
        jobs.commitUpdate(jobId, bytes32(uint256(1)));

        vm.expectRevert(abi.encodeWithSelector(ITrainingJobs.TrainingJobsNotSelected.selector, jobId, member));
        vm.prank(member);
        jobs.commitUpdate(jobId, bytes32(uint256(1)));

        vm.expectRevert(abi.encodeWithSelector(ITrainingJobs.TrainingJobsNotSelected.selector, jobId, trainer));
        vm.prank(trainer);
        jobs.commitAggregate(jobId, bytes32(uint256(1)));

        vm.expectRevert(abi.encodeWithSelector(ITrainingJobs.TrainingJobsNotSelected.selector, jobId, stranger));
        vm.prank(stranger);
        jobs.revealAggregate(jobId, MODEL_A, bytes32(0), 0, bytes32(0), "");
    }

    function test_RevertWhen_nodeOfAnotherJob() public {
        registerTrainer("extra0");
        registerTrainer("extra1");
        registerTrainer("extra2");
        registerTrainer("extra3");
        registerAggregator("extraAgg0");
        registerAggregator("extraAgg1");
        registerAggregator("extraAgg2");
        uint256 first = createJob(1, 4, 3);
        uint256 second = createJob(1, 4, 3);
        address other = trainersOf(second)[0];
        vm.expectRevert(abi.encodeWithSelector(ITrainingJobs.TrainingJobsNotSelected.selector, first, other));
        vm.prank(other);
        jobs.commitUpdate(first, bytes32(uint256(1)));
    }

    function test_RevertWhen_trainerRevealDoesNotMatchCommitment() public {
        uint256 jobId = createJob(1, 4, 3);
        address[] memory t = trainersOf(jobId);
        trainAllCommitOnly(jobId, t);
        bytes32 committed = trainerCommitment(jobId, 0, t[0], updateOf(jobId, 0, t[0]), saltOf(t[0]));
        bytes32 computed = trainerCommitment(jobId, 0, t[0], MODEL_C, saltOf(t[0]));
        vm.expectRevert(
            abi.encodeWithSelector(
                ITrainingJobs.TrainingJobsCommitmentMismatch.selector, jobId, t[0], committed, computed
            )
        );
        vm.prank(t[0]);
        jobs.revealUpdate(jobId, MODEL_C, saltOf(t[0]), "");
    }

    function test_RevertWhen_memberRevealDoesNotMatchCommitment() public {
        uint256 jobId = createJob(1, 4, 3);
        address[] memory c = committeeOf(jobId);
        int64[] memory scores = scores4(1e9, 1e9, 1e9, 1e9);
        trainAll(jobId);
        for (uint256 i = 0; i < 3; ++i) {
            commitAggregateAs(jobId, c[i], MODEL_A, scores, 0);
        }
        bytes32 committed = memberCommitment(jobId, 0, c[0], MODEL_A, scores, 0, saltOf(c[0]));
        bytes32 computed = memberCommitment(jobId, 0, c[0], MODEL_A, scores, 1, saltOf(c[0]));
        vm.expectRevert(
            abi.encodeWithSelector(
                ITrainingJobs.TrainingJobsCommitmentMismatch.selector, jobId, c[0], committed, computed
            )
        );
        revealAggregateAs(jobId, c[0], MODEL_A, scores, 1);
    }

    function test_RevertWhen_commitmentReplayedInNextRound() public {
        uint256 jobId = createJob(2, 4, 3);
        int64[] memory scores = scores4(1e9, 1e9, 1e9, 1e9);
        honestRound(jobId, MODEL_A, scores, 0);
        address[] memory t = trainersOf(jobId);
        // The round-0 commitment binds round 0: reusing it in round 1 cannot be revealed.
        bytes32 old = trainerCommitment(jobId, 0, t[0], updateOf(jobId, 1, t[0]), saltOf(t[0]));
        vm.prank(t[0]);
        jobs.commitUpdate(jobId, old);
        for (uint256 i = 1; i < 4; ++i) {
            commitUpdateAs(jobId, t[i]);
        }
        vm.expectRevert(
            abi.encodeWithSelector(
                ITrainingJobs.TrainingJobsCommitmentMismatch.selector,
                jobId,
                t[0],
                old,
                trainerCommitment(jobId, 1, t[0], updateOf(jobId, 1, t[0]), saltOf(t[0]))
            )
        );
        revealUpdateAt(jobId, 1, t[0]);
    }

    function test_RevertWhen_commitUpdateTwice() public {
        uint256 jobId = createJob(1, 4, 3);
        address t0 = trainersOf(jobId)[0];
        commitUpdateAs(jobId, t0);
        vm.expectRevert(abi.encodeWithSelector(ITrainingJobs.TrainingJobsAlreadyCommitted.selector, jobId, t0));
        commitUpdateAt(jobId, 0, t0);
    }

    function test_RevertWhen_revealUpdateTwice() public {
        uint256 jobId = createJob(1, 4, 3);
        address[] memory t = trainersOf(jobId);
        trainAllCommitOnly(jobId, t);
        revealUpdateAs(jobId, t[0]);
        vm.expectRevert(abi.encodeWithSelector(ITrainingJobs.TrainingJobsAlreadyRevealed.selector, jobId, t[0]));
        revealUpdateAt(jobId, 0, t[0]);
    }

    function test_RevertWhen_revealUpdateWithoutCommit() public {
        uint256 jobId = createJob(1, 4, 3);
        address[] memory t = trainersOf(jobId);
        commitUpdateAs(jobId, t[0]);
        advanceTo(jobId, ITrainingJobs.Stage.TrainReveal);
        vm.expectRevert(abi.encodeWithSelector(ITrainingJobs.TrainingJobsNotCommitted.selector, jobId, t[1]));
        revealUpdateAt(jobId, 0, t[1]);
    }

    function test_RevertWhen_commitAggregateTwice() public {
        uint256 jobId = createJob(1, 4, 3);
        address c0 = committeeOf(jobId)[0];
        int64[] memory scores = scores4(1, 1, 1, 1);
        trainAll(jobId);
        commitAggregateAs(jobId, c0, MODEL_A, scores, 0);
        vm.expectRevert(abi.encodeWithSelector(ITrainingJobs.TrainingJobsAlreadyCommitted.selector, jobId, c0));
        commitAggregateAt(jobId, 0, c0, MODEL_B, scores, 0);
    }

    function test_RevertWhen_revealAggregateTwice() public {
        uint256 jobId = createJob(1, 4, 3);
        address[] memory c = committeeOf(jobId);
        int64[] memory scores = scores4(1, 1, 1, 1);
        trainAll(jobId);
        for (uint256 i = 0; i < 3; ++i) {
            commitAggregateAs(jobId, c[i], MODEL_A, scores, 0);
        }
        revealAggregateAs(jobId, c[0], MODEL_A, scores, 0);
        vm.expectRevert(abi.encodeWithSelector(ITrainingJobs.TrainingJobsAlreadyRevealed.selector, jobId, c[0]));
        revealAggregateAs(jobId, c[0], MODEL_A, scores, 0);
    }

    function test_RevertWhen_revealAggregateWithoutCommit() public {
        uint256 jobId = createJob(1, 4, 3);
        address[] memory c = committeeOf(jobId);
        int64[] memory scores = scores4(1, 1, 1, 1);
        trainAll(jobId);
        commitAggregateAs(jobId, c[0], MODEL_A, scores, 0);
        advanceTo(jobId, ITrainingJobs.Stage.AggregateReveal);
        vm.expectRevert(abi.encodeWithSelector(ITrainingJobs.TrainingJobsNotCommitted.selector, jobId, c[1]));
        revealAggregateAs(jobId, c[1], MODEL_A, scores, 0);
    }

    // ---- waiting, starting and cancelling ----

    function test_createJob_waitsWhenFewerThanHalfTheTrainersAreFree() public {
        // 8 trainers wanted, at least 8 / 2 + 1 = 5 needed, 4 free.
        vm.expectEmit();
        emit ITrainingJobs.JobWaiting(1, 0, block.number);
        uint256 jobId = createJob(1, 8, 3);

        ITrainingJobs.JobView memory j = jobs.getJob(jobId);
        assertEq(j.state, uint256(ITrainingJobs.JobState.Waiting), "waiting");
        assertEq(j.escrow, uint256(POOL) + FEE, "escrow held");
        ITrainingJobs.RoundView memory r = jobs.getRound(jobId, 0);
        assertEq(r.trainers.length, 0, "no trainers");
        assertEq(r.committee.length, 0, "no committee");
        for (uint256 i = 0; i < allNodes.length; ++i) {
            assertEq(jobs.getNode(allNodes[i]).activeTask, 0, "nobody assigned");
        }
        assertEq(jobs.availableCount(TRAINER_CLASS), 4, "trainers free");
        assertEq(jobs.availableCount(AGGREGATOR_CLASS), 3, "aggregators free");

        vm.expectRevert(abi.encodeWithSelector(ITrainingJobs.TrainingJobsNotEnoughNodes.selector, jobId, 4, 3));
        jobs.startRound(jobId);
        vm.expectRevert(
            abi.encodeWithSelector(
                ITrainingJobs.TrainingJobsWrongState.selector, jobId, uint8(ITrainingJobs.JobState.Waiting)
            )
        );
        commitUpdateAt(jobId, 0, trainerNodes[0]);

        registerTrainer("late");
        assertEq(jobs.getJob(jobId).state, uint256(ITrainingJobs.JobState.Waiting), "registration does not start");
        jobs.startRound(jobId);

        j = jobs.getJob(jobId);
        assertEq(j.state, uint256(ITrainingJobs.JobState.Running), "running");
        assertEq(j.trainers, 8, "shape unchanged");
        assertEq(trainersOf(jobId).length, 5, "all five free trainers picked");
        assertEq(committeeOf(jobId).length, 3, "committee picked");
        assertEq(roundOf(jobId).deadline, block.number + COMMIT_WINDOW, "deadline");
        honestRound(jobId, MODEL_A, new int64[](5), 0);
        assertEq(jobs.getJob(jobId).state, uint256(ITrainingJobs.JobState.Finished), "finished");
        // Nobody scored above zero: no trainer is paid and the pool goes back to the requester
        // (the committee scores each payable trainer 1 when none is positive, so all-zero scores
        // mean that nobody was payable).
        assertEq(jobs.owed(requester), uint256(POOL) + FEE % 3, "the pool back");
        for (uint256 i = 0; i < 5; ++i) {
            assertEq(jobs.owed(jobs.getRound(jobId, 0).trainers[i]), 0, "no trainer paid");
        }
        assertEq(address(jobs).balance, books(), "books");
    }

    function test_createJob_startsWithFewerTrainersWhenHalfAreFree() public {
        // 5 trainers wanted, at least 3 needed, 4 free: the round runs with 4.
        uint256 jobId = createJob(1, 5, 3);
        address[] memory t = trainersOf(jobId);
        assertEq(jobs.getJob(jobId).state, uint256(ITrainingJobs.JobState.Running), "running");
        assertEq(t.length, 4, "four trainers");
        assertEq(jobs.availableCount(TRAINER_CLASS), 0, "all free trainers picked");

        // All four committing opens reveals early; all four revealing opens aggregation.
        for (uint256 i = 0; i < 4; ++i) {
            commitUpdateAs(jobId, t[i]);
        }
        assertEq(stageOf(jobId), uint256(ITrainingJobs.Stage.TrainReveal), "reveals open after four commits");
        for (uint256 i = 0; i < 4; ++i) {
            revealUpdateAs(jobId, t[i]);
        }
        assertEq(stageOf(jobId), uint256(ITrainingJobs.Stage.AggregateCommit), "aggregation open");

        int64[] memory scores = scores4(1e9, 1e9, 1e9, 1e9);
        aggregateAll(jobId, MODEL_A, scores, 0);
        settle(jobId, MODEL_A, 0, scores);
        for (uint256 i = 0; i < 4; ++i) {
            assertEq(jobs.owed(t[i]), uint256(POOL) / 4, "pool shared by the four");
        }
        assertEq(address(jobs).balance, books(), "books");
    }

    function test_RevertWhen_settleScoresForTheJobsTrainerCountInAShortRound() public {
        uint256 jobId = createJob(1, 5, 3);
        int64[] memory five = new int64[](5);
        five[0] = 1e9;
        trainAll(jobId);
        aggregateAll(jobId, MODEL_A, five, 0);
        bytes32 digest = scoresDigestOf(five);
        vm.expectRevert(
            abi.encodeWithSelector(ITrainingJobs.TrainingJobsWrongScores.selector, jobId, 0, digest, digest)
        );
        settle(jobId, MODEL_A, 0, five);
    }

    function test_nextRound_startsWithFewerTrainersAfterASlash() public {
        uint256 jobId = createJob(2, 4, 3);
        address[] memory t = trainersOf(jobId);
        honestRound(jobId, MODEL_A, scores4(1e9, 1e9, 1e9, 1e9), 1);

        assertEq(statusOf(t[0]), uint256(INodeRegistry.NodeStatus.Deactivated), "flagged trainer deactivated");
        ITrainingJobs.JobView memory j = jobs.getJob(jobId);
        assertEq(j.state, uint256(ITrainingJobs.JobState.Running), "round 1 started");
        assertEq(j.round, 1, "round 1");
        address[] memory t1 = trainersOf(jobId);
        assertEq(t1.length, 3, "three trainers left");
        for (uint256 i = 0; i < 3; ++i) {
            assertTrue(t1[i] != t[0], "flagged trainer not picked");
        }
        int64[] memory three = new int64[](3);
        (three[0], three[1], three[2]) = (2e9, 1e9, 1e9);
        honestRound(jobId, MODEL_B, three, 0);
        assertEq(jobs.owed(t1[0]), uint256(POOL) / 3 + uint256(POOL) / 2, "round 0 share plus half of round 1");
        assertEq(jobs.getJob(jobId).state, uint256(ITrainingJobs.JobState.Finished), "finished");
        assertEq(address(jobs).balance, books(), "books");
    }

    function test_startRound_picksFewerTrainersWhenNodesLeft() public {
        // Only 3 aggregators for a committee of 4: the job waits.
        uint256 jobId = createJob(1, 4, 4);
        assertEq(jobs.getJob(jobId).state, uint256(ITrainingJobs.JobState.Waiting), "waiting");
        // A trainer leaves: it leaves the available set at once.
        vm.prank(trainerNodes[0]);
        jobs.requestExit();
        registerAggregator("lateAggregator");
        assertEq(jobs.availableCount(TRAINER_CLASS), 3, "the leaver is out of the set");

        // 3 trainers are free, 4 / 2 + 1 = 3 suffice.
        jobs.startRound(jobId);
        address[] memory t = trainersOf(jobId);
        assertEq(jobs.getJob(jobId).state, uint256(ITrainingJobs.JobState.Running), "running");
        assertEq(t.length, 3, "the three free trainers");
        for (uint256 i = 0; i < 3; ++i) {
            assertTrue(t[i] != trainerNodes[0], "leaver not picked");
        }
        assertEq(jobs.availableCount(TRAINER_CLASS), 0, "all picked");
    }

    function test_createJob_waitingForCommitteeReleasesTrainers() public {
        uint256 jobId = createJob(1, 4, 4);

        assertEq(jobs.getJob(jobId).state, uint256(ITrainingJobs.JobState.Waiting), "waiting");
        for (uint256 i = 0; i < trainerNodes.length; ++i) {
            assertEq(jobs.getNode(trainerNodes[i]).activeTask, 0, "trainer released");
        }
        assertEq(jobs.availableCount(TRAINER_CLASS), 4, "trainers back");
        assertEq(jobs.availableCount(AGGREGATOR_CLASS), 3, "aggregators untouched");
        vm.expectRevert(abi.encodeWithSelector(ITrainingJobs.TrainingJobsNotEnoughNodes.selector, jobId, 4, 3));
        jobs.startRound(jobId);

        registerAggregator("lateAggregator");
        jobs.startRound(jobId);
        assertEq(jobs.getJob(jobId).state, uint256(ITrainingJobs.JobState.Running), "running");
        assertEq(committeeOf(jobId).length, 4, "committee");
        assertEq(jobs.getJob(jobId).quorum, 3, "default quorum of 4");
    }

    function test_RevertWhen_startRoundOnRunningJob() public {
        uint256 jobId = createJob(1, 4, 3);
        vm.expectRevert(
            abi.encodeWithSelector(
                ITrainingJobs.TrainingJobsWrongState.selector, jobId, uint8(ITrainingJobs.JobState.Running)
            )
        );
        jobs.startRound(jobId);
    }

    function test_cancelJob_refundsWholeEscrowOfWaitingJob() public {
        uint256 jobId = createJob(3, 8, 3);
        uint256 escrow = 3 * (uint256(POOL) + FEE);
        address stranger = makeAddr("stranger");
        vm.expectRevert(abi.encodeWithSelector(ITrainingJobs.TrainingJobsNotRequester.selector, jobId, stranger));
        vm.prank(stranger);
        jobs.cancelJob(jobId);

        vm.expectEmit();
        emit ITrainingJobs.JobEnded(jobId, uint8(ITrainingJobs.JobState.Cancelled));
        vm.prank(requester);
        jobs.cancelJob(jobId);

        ITrainingJobs.JobView memory j = jobs.getJob(jobId);
        assertEq(j.state, uint256(ITrainingJobs.JobState.Cancelled), "cancelled");
        assertEq(j.escrow, 0, "escrow released");
        assertEq(jobs.owed(requester), escrow, "whole escrow refunded");
        assertEq(address(jobs).balance, books(), "books");

        vm.expectRevert(
            abi.encodeWithSelector(
                ITrainingJobs.TrainingJobsWrongState.selector, jobId, uint8(ITrainingJobs.JobState.Cancelled)
            )
        );
        jobs.startRound(jobId);
        vm.expectRevert(
            abi.encodeWithSelector(
                ITrainingJobs.TrainingJobsWrongState.selector, jobId, uint8(ITrainingJobs.JobState.Cancelled)
            )
        );
        vm.prank(requester);
        jobs.cancelJob(jobId);
    }

    function test_cancelJob_refundsWhatIsLeftBetweenRounds() public {
        uint256 jobId = createJob(3, 4, 3);
        address[] memory c = committeeOf(jobId);
        int64[] memory scores = scores4(1e9, 1e9, 1e9, 1e9);
        // Member 2 never reveals, is penalised and deactivated, and round 1 has no committee.
        trainAll(jobId);
        commitAggregateAs(jobId, c[0], MODEL_A, scores, 0);
        commitAggregateAs(jobId, c[1], MODEL_A, scores, 0);
        commitAggregateAs(jobId, c[2], MODEL_B, scores, 0);
        revealAggregateAs(jobId, c[0], MODEL_A, scores, 0);
        revealAggregateAs(jobId, c[1], MODEL_A, scores, 0);
        vm.roll(uint256(roundOf(jobId).deadline) + 1);
        jobs.settleRound(jobId, MODEL_A, 0, scores);
        payOutOnly(jobId, scores);
        assertEq(jobs.getJob(jobId).state, uint256(ITrainingJobs.JobState.Waiting), "waiting for round 1");
        assertEq(jobs.getJob(jobId).round, 1, "round 1 next");
        uint256 before = jobs.owed(requester);
        vm.prank(requester);
        jobs.cancelJob(jobId);
        assertEq(jobs.owed(requester), before + 2 * (uint256(POOL) + FEE), "two rounds refunded");
        assertEq(stakeOf(c[2]), STAKE - NO_SHOW, "no-show penalised");
        assertEq(jobs.getJob(jobId).escrow, 0, "escrow released");
        assertEq(address(jobs).balance, books(), "books");
    }

    function test_RevertWhen_cancelRunningJob() public {
        uint256 jobId = createJob(1, 4, 3);
        vm.expectRevert(
            abi.encodeWithSelector(
                ITrainingJobs.TrainingJobsWrongState.selector, jobId, uint8(ITrainingJobs.JobState.Running)
            )
        );
        vm.prank(requester);
        jobs.cancelJob(jobId);
    }

    // ---- deactivation ----

    function test_penalisedNodeIsDeactivatedAndNotSelectedAgain() public {
        uint256 jobId = createJob(2, 4, 3);
        address[] memory t = trainersOf(jobId);
        address[] memory c = committeeOf(jobId);
        int64[] memory scores = scores4(1e9, 1e9, 1e9, 1e9);
        trainAll(jobId);
        // Two members flag trainer 2 and agree; the third never reveals and is penalised. A group
        // of 2 cannot slash (it takes at least 3 and two thirds), so trainer 2 is only unpaid.
        commitAggregateAs(jobId, c[0], MODEL_A, scores, 1 << 2);
        commitAggregateAs(jobId, c[1], MODEL_A, scores, 1 << 2);
        commitAggregateAs(jobId, c[2], MODEL_B, scores, 1 << 2);
        revealAggregateAs(jobId, c[0], MODEL_A, scores, 1 << 2);
        revealAggregateAs(jobId, c[1], MODEL_A, scores, 1 << 2);
        vm.roll(uint256(roundOf(jobId).deadline) + 1);
        settle(jobId, MODEL_A, 1 << 2, scores);

        address badMember = c[2];
        assertEq(statusOf(t[2]), uint256(INodeRegistry.NodeStatus.Active), "a majority flag does not slash");
        assertEq(jobs.owed(t[2]), 0, "but the flagged trainer is unpaid");
        assertEq(statusOf(badMember), uint256(INodeRegistry.NodeStatus.Deactivated), "member deactivated");
        assertEq(jobs.availableCount(AGGREGATOR_CLASS), 2, "member not put back");
        assertEq(jobs.getJob(jobId).state, uint256(ITrainingJobs.JobState.Waiting), "too few for round 1");

        registerAggregator("replacementAggregator");
        jobs.startRound(jobId);
        address[] memory c1 = committeeOf(jobId);
        for (uint256 i = 0; i < c1.length; ++i) {
            assertTrue(c1[i] != badMember, "deactivated member not selected");
        }
        // Round 1: the whole committee flags trainer 0 of the round, which costs it its stake.
        address[] memory t1 = trainersOf(jobId);
        trainAll(jobId);
        aggregateAll(jobId, MODEL_B, scores, 1);
        settle(jobId, MODEL_B, 1, scores);
        assertEq(statusOf(t1[0]), uint256(INodeRegistry.NodeStatus.Deactivated), "unanimous flag slashes");
        assertEq(jobs.getJob(jobId).state, uint256(ITrainingJobs.JobState.Finished), "finished");

        // The deactivated node may still leave with what is left of its stake.
        vm.prank(t1[0]);
        jobs.requestExit();
        vm.roll(block.number + UNBONDING);
        uint256 before = t1[0].balance;
        vm.prank(t1[0]);
        jobs.withdrawStake();
        assertEq(t1[0].balance, before + STAKE - SLASH, "rest of stake returned");
        assertEq(address(jobs).balance, books(), "books");
    }

    function test_requestExit_byAnAssignedTrainerWaitsForTheRoundToEnd() public {
        uint256 jobId = createJob(2, 4, 3);
        address t0 = trainersOf(jobId)[0];
        vm.prank(t0);
        jobs.requestExit();
        assertEq(jobs.getNode(t0).exitBlock, 0, "unbonding starts when the round ends");
        trainAll(jobId);
        aggregateAll(jobId, MODEL_A, scores4(1e9, 1e9, 1e9, 1e9), 0);
        jobs.settleRound(jobId, MODEL_A, 0, scores4(1e9, 1e9, 1e9, 1e9));
        payOutOnly(jobId, scores4(1e9, 1e9, 1e9, 1e9));

        assertEq(jobs.getNode(t0).exitBlock, block.number + UNBONDING, "unbonding started");
        assertTrue(jobs.owed(t0) > 0, "its round was paid");
        startNextRound(jobId);
        address[] memory next = trainersOf(jobId);
        for (uint256 i = 0; i < next.length; ++i) {
            assertTrue(next[i] != t0, "not picked for the next round");
        }
    }

    // ---- withdraw and views ----

    function test_RevertWhen_withdrawWithNothingOwed() public {
        vm.expectRevert(abi.encodeWithSelector(ITrainingJobs.TrainingJobsNothingToWithdraw.selector, requester));
        vm.prank(requester);
        jobs.withdraw();
    }

    function test_RevertWhen_unknownJob() public {
        vm.expectRevert(abi.encodeWithSelector(ITrainingJobs.TrainingJobsUnknownJob.selector, 7));
        jobs.getJob(7);
        vm.expectRevert(abi.encodeWithSelector(ITrainingJobs.TrainingJobsUnknownJob.selector, 7));
        jobs.startRound(7);
        vm.expectRevert(abi.encodeWithSelector(ITrainingJobs.TrainingJobsUnknownJob.selector, 7));
        jobs.settleRound(7, MODEL_A, 0, new int64[](0));
    }

    // ---- helpers ----

    function trainAllCommitOnly(uint256 jobId, address[] memory t) internal {
        for (uint256 i = 0; i < t.length; ++i) {
            commitUpdateAs(jobId, t[i]);
        }
    }
}

// SPDX-License-Identifier: Apache-2.0
pragma solidity 0.8.28;

import {TrainingJobsFixture} from "../utils/TrainingJobsFixture.sol";
import {ITrainingJobs} from "../../src/interfaces/ITrainingJobs.sol";
import {INodeRegistry} from "../../src/interfaces/INodeRegistry.sol";

/// @notice The protocol review's attacks on TrainingJobs replayed against v2: the attacker gains
/// nothing and honest trainers lose no stake. (A captured committee majority can still choose how
/// the pool is split among the round's trainers; the challenge window and escalation that close
/// that are not built yet, see docs/protocol.md.)
contract JobAttacksTest is TrainingJobsFixture {
    bytes32 internal constant MODEL_A = keccak256("model A");
    bytes32 internal constant LIE = keccak256("the cartel's model");

    function setUp() public {
        setUpJobs(4, 3);
    }

    // ---- 1. The requester harvests no-shows across rounds ----

    function test_attack1_jobWindowsBelowTheMinimumAreRefused() public {
        ITrainingJobs.JobParams memory p = jobParams(14, 4, 3);
        p.commitWindow = 1;
        p.revealWindow = 1;
        vm.expectRevert(abi.encodeWithSelector(ITrainingJobs.TrainingJobsInvalidWindow.selector, 1, 1));
        vm.prank(requester);
        jobs.createJob{value: escrowOf(p)}(p);
    }

    function test_attack1_noShowsInARoundCreditTheTreasuryNotTheRequester() public {
        uint256 jobId = createJob(1, 4, 3);
        ITrainingJobs.RoundView memory r = roundOf(jobId);
        vm.roll(uint256(r.deadline) + 2 * (COMMIT_WINDOW + REVEAL_WINDOW));
        settle(jobId, MODEL_A, 0, new int64[](0));

        assertEq(jobs.owed(requester), uint256(POOL) + FEE, "only its escrow back: gain 0");
        assertEq(jobs.owed(TREASURY), 7 * NO_SHOW, "penalties to the treasury");
        assertEq(address(jobs).balance, books(), "books");
    }

    // ---- 2. Grinding who trains or aggregates next ----

    function test_attack2_creatingOrSettlingPicksNobody() public {
        ITrainingJobs.JobParams memory p = jobParams(2, 4, 3);
        vm.prank(requester);
        uint256 jobId = jobs.createJob{value: escrowOf(p)}(p);
        assertEq(roundOf(jobId).trainers.length, 0, "nobody picked in the creating transaction");
        vm.expectRevert(
            abi.encodeWithSelector(ITrainingJobs.TrainingJobsSeedNotReady.selector, jobId, block.number + 1)
        );
        jobs.startRound(jobId);

        startNextRound(jobId);
        trainAll(jobId);
        int64[] memory scores = scores4(1e9, 1e9, 1e9, 1e9);
        aggregateAll(jobId, MODEL_A, scores, 0);
        jobs.settleRound(jobId, MODEL_A, 0, scores);
        payOutOnly(jobId, scores);
        assertEq(jobs.getJob(jobId).state, uint256(ITrainingJobs.JobState.Waiting), "settling picks nobody");
        assertEq(jobs.getRound(jobId, 1).trainers.length, 0, "round 1 not drawn yet");
    }

    // ---- 5. Committee capture ----

    function test_attack5_aCapturedMajorityCannotSlashHonestTrainers() public {
        uint256 jobId = createJob(1, 4, 3);
        address[] memory t = trainersOf(jobId);
        address[] memory c = committeeOf(jobId);
        trainAll(jobId);
        int64[] memory scores = scores4(0, 0, 0, 4e9);
        uint32 flagged = 0x7; // the cartel flags three honest trainers and pays the fourth
        commitAggregateAs(jobId, c[0], LIE, scores, flagged);
        commitAggregateAs(jobId, c[1], LIE, scores, flagged);
        commitAggregateAs(jobId, c[2], MODEL_A, scores4(1e9, 1e9, 1e9, 1e9), 0);
        revealAggregateAs(jobId, c[0], LIE, scores, flagged);
        revealAggregateAs(jobId, c[1], LIE, scores, flagged);
        revealAggregateAs(jobId, c[2], MODEL_A, scores4(1e9, 1e9, 1e9, 1e9), 0);
        settle(jobId, LIE, flagged, scores);

        for (uint256 i = 0; i < 3; ++i) {
            assertEq(stakeOf(t[i]), STAKE, "honest trainer keeps its stake");
        }
        assertEq(stakeOf(c[2]), STAKE, "the outvoted honest member keeps its stake");
        assertEq(jobs.owed(c[0]), uint256(FEE) / 3, "the cartel earns its share, nothing from the outvoted member");
        assertEq(jobs.owed(TREASURY), 0, "nothing was slashed");
    }

    function test_attack5_allZeroScoresPayNoTrainerAndRefundThePool() public {
        // All-zero scores mean that no trainer was payable (the committee scores each payable
        // trainer 1 when none is positive), so an equal split would pay excluded and
        // against-progress trainers, i.e. the attackers. A captured committee that zeroes honest
        // scores is answered by a challenge (RoundChallenge.t.sol), not by paying everyone.
        uint256 jobId = createJob(1, 4, 3);
        address[] memory t = trainersOf(jobId);
        honestRound(jobId, MODEL_A, scores4(0, -1e9, 0, -5e8), 0);

        assertEq(jobs.owed(requester), uint256(POOL) + FEE % 3, "the whole pool goes back");
        for (uint256 i = 0; i < 4; ++i) {
            assertEq(jobs.owed(t[i]), 0, "no trainer is paid");
        }
        assertEq(address(jobs).balance, books(), "books");
    }

    function test_attack5_onePayableTrainerTakesThePoolFromTheExcluded() public {
        // The committee's rule when one trainer is payable but none scores above 0: it scores 1.
        uint256 jobId = createJob(1, 4, 3);
        address[] memory t = trainersOf(jobId);
        honestRound(jobId, MODEL_A, scores4(0, 0, 1, 0), 0);

        assertEq(jobs.owed(t[2]), uint256(POOL), "the payable trainer gets the pool");
        for (uint256 i = 0; i < 4; ++i) {
            if (i != 2) assertEq(jobs.owed(t[i]), 0, "excluded trainers get nothing");
        }
    }

    // ---- 7. Smaller ones ----

    function test_attack7_aggregateRevealsCloseAtTheirDeadline() public {
        uint256 jobId = createJob(1, 4, 3);
        address[] memory c = committeeOf(jobId);
        int64[] memory scores = scores4(1e9, 1e9, 1e9, 1e9);
        trainAll(jobId);
        for (uint256 i = 0; i < 3; ++i) {
            commitAggregateAs(jobId, c[i], MODEL_A, scores, 0);
        }
        revealAggregateAs(jobId, c[0], MODEL_A, scores, 0);
        revealAggregateAs(jobId, c[1], MODEL_A, scores, 0);
        vm.roll(uint256(roundOf(jobId).deadline) + 1);
        vm.expectRevert(
            abi.encodeWithSelector(
                ITrainingJobs.TrainingJobsWrongStage.selector, jobId, 0, uint8(ITrainingJobs.Stage.Settled)
            )
        );
        revealAggregateAs(jobId, c[2], MODEL_A, scores, 0);
        settle(jobId, MODEL_A, 0, scores);
        assertEq(statusOf(c[2]), uint256(INodeRegistry.NodeStatus.Deactivated), "late revealer is a no-show");
    }

    function test_attack7_quorumBelowAStrictMajorityIsRefused() public {
        ITrainingJobs.JobParams memory p = jobParams(1, 4, 4);
        p.quorum = 2;
        vm.expectRevert(abi.encodeWithSelector(ITrainingJobs.TrainingJobsInvalidShape.selector, 1, 4, 4, 2));
        vm.prank(requester);
        jobs.createJob{value: escrowOf(p)}(p);
    }
}

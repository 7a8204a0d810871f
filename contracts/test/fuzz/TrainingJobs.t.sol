// SPDX-License-Identifier: Apache-2.0
pragma solidity 0.8.28;

import {TrainingJobsFixture} from "../utils/TrainingJobsFixture.sol";
import {ITrainingJobs} from "../../src/interfaces/ITrainingJobs.sol";

contract TrainingJobsFuzzTest is TrainingJobsFixture {
    bytes32 internal constant MODEL_A = keccak256("model a");
    bytes32 internal constant MODEL_B = keccak256("model b");
    bytes32 internal constant MODEL_C = keccak256("model c");

    struct Case {
        uint256 jobId;
        uint256 n;
        uint256 pool;
        uint256 fee;
        uint32 flagged;
        uint32 committed;
        uint32 revealed;
        uint256 memberMode;
        int64[] scores;
        address[] trainers;
        address[] committee;
    }

    function setUp() public {
        setUpJobs(8, 3);
    }

    /// @dev One round with fuzzed pool, fee, trainer count, scores, flags and no-shows; the committee
    /// agrees (all three, or two with the third dissenting or not revealing). Every wei is accounted
    /// for and every payout follows floor(pool · max(0, s) / Σ max(0, s)) over eligible trainers.
    function testFuzz_settle_conservesAndPaysByFormula(
        uint256 poolSeed,
        uint256 feeSeed,
        uint256 trainerSeed,
        int64[8] memory rawScores,
        uint8 flaggedMask,
        uint8 commitMask,
        uint8 revealMask,
        uint8 memberMode
    ) public {
        Case memory k;
        k.n = bound(trainerSeed, 1, 8);
        k.pool = bound(poolSeed, 1, type(uint96).max);
        k.fee = bound(feeSeed, 0, type(uint96).max);
        uint32 all = uint32((1 << k.n) - 1);
        k.flagged = uint32(flaggedMask) & all;
        k.committed = uint32(commitMask) & all;
        k.revealed = uint32(revealMask) & k.committed;
        k.memberMode = memberMode % 3;
        k.scores = new int64[](k.n);
        for (uint256 i = 0; i < k.n; ++i) {
            k.scores[i] = rawScores[i];
        }

        ITrainingJobs.JobParams memory p = jobParams(1, uint8(k.n), 3);
        p.poolPerRound = uint96(k.pool);
        p.committeeFeePerRound = uint96(k.fee);
        k.jobId = createJob(p);
        k.trainers = trainersOf(k.jobId);
        k.committee = committeeOf(k.jobId);

        train(k);
        aggregate(k);
        settle(k.jobId, MODEL_A, k.flagged, k.scores);

        checkTrainers(k);
        checkCommittee(k);
        checkTotals(k);
    }

    /// @dev Each member reveals model A, B or C, or does not show; the verdict follows the largest
    /// group of equal reveals (ties: lowest index) against the quorum, and the books balance.
    function testFuzz_settle_verdictFollowsLargestGroup(uint8[5] memory behaviour, uint8 quorumSeed) public {
        registerAggregator("aggregator3");
        registerAggregator("aggregator4");
        ITrainingJobs.JobParams memory p = jobParams(1, 4, 5);
        p.quorum = uint8(bound(quorumSeed, 3, 5)); // a strict majority of 5
        uint256 jobId = createJob(p);
        address[] memory c = committeeOf(jobId);
        int64[] memory scores = scores4(1e9, 2e9, 0, 1e9);
        trainAll(jobId);

        bytes32[] memory models = new bytes32[](5);
        for (uint256 i = 0; i < 5; ++i) {
            uint256 b = behaviour[i] % 4;
            models[i] = b == 0 ? MODEL_A : b == 1 ? MODEL_B : b == 2 ? MODEL_C : bytes32(0);
            if (models[i] != bytes32(0)) commitAggregateAs(jobId, c[i], models[i], scores, 0);
        }
        advanceTo(jobId, ITrainingJobs.Stage.AggregateReveal);
        for (uint256 i = 0; i < 5; ++i) {
            if (models[i] != bytes32(0)) revealAggregateAs(jobId, c[i], models[i], scores, 0);
        }
        // The reference verdict.
        (uint256 best, uint256 bestSize) = (0, 0);
        for (uint256 i = 0; i < 5; ++i) {
            if (models[i] == bytes32(0)) continue;
            uint256 size;
            for (uint256 j = 0; j < 5; ++j) {
                if (models[j] == models[i]) ++size;
            }
            if (size > bestSize) (best, bestSize) = (i, size);
        }
        bool agreed = bestSize != 0 && bestSize >= p.quorum;
        bytes32 posted = agreed ? models[best] : MODEL_A;
        settle(jobId, posted, 0, scores);

        ITrainingJobs.RoundView memory r = jobs.getRound(jobId, 0);
        uint256 requesterCredit = jobs.owed(requester);
        uint256 penalties;
        uint256 memberPaid;
        for (uint256 i = 0; i < 5; ++i) {
            uint256 penalty = STAKE - stakeOf(c[i]);
            penalties += penalty;
            memberPaid += jobs.owed(c[i]);
            if (models[i] == bytes32(0)) {
                assertEq(penalty, NO_SHOW, "no-show");
                assertEq(jobs.owed(c[i]), 0, "no-show unpaid");
            } else if (!agreed) {
                assertEq(penalty, 0, "no slash without agreement");
                assertEq(jobs.owed(c[i]), 0, "no fee without agreement");
            } else if (models[i] == models[best]) {
                assertEq(penalty, 0, "member kept stake");
                assertEq(jobs.owed(c[i]), uint256(FEE) / 5, "member share: fee / committee");
            } else if (bestSize >= 4) {
                assertEq(penalty, SLASH, "dissenter slashed by a two-thirds group");
                assertEq(jobs.owed(c[i]), 0, "dissenter unpaid");
            } else {
                assertEq(penalty, 0, "a bare majority does not slash");
                assertEq(jobs.owed(c[i]), 0, "dissenter unpaid");
            }
        }
        uint256 trainerPaid;
        for (uint256 i = 0; i < 4; ++i) {
            trainerPaid += jobs.owed(r.trainers[i]);
        }
        if (agreed) {
            assertEq(r.outcome, uint256(ITrainingJobs.RoundOutcome.Agreed), "agreed");
            assertEq(jobs.getJob(jobId).modelDigest, models[best], "model advanced");
            assertEq(trainerPaid, POOL, "pool paid out (divisible by 4)");
        } else {
            assertEq(r.outcome, uint256(ITrainingJobs.RoundOutcome.NoConsensus), "no consensus");
            assertEq(jobs.getJob(jobId).modelDigest, INITIAL_MODEL, "model kept");
            assertEq(trainerPaid, 0, "nothing paid");
            assertEq(requesterCredit, uint256(POOL) + FEE, "full refund, no penalty");
        }
        assertEq(trainerPaid + memberPaid + requesterCredit, uint256(POOL) + FEE, "pool and fee conserved");
        assertEq(jobs.owed(TREASURY), penalties, "penalties to the treasury");
        assertEq(address(jobs).balance, books(), "books");
    }

    // ---- steps ----

    function train(Case memory k) internal {
        for (uint256 i = 0; i < k.n; ++i) {
            if (k.committed & (1 << i) != 0) commitUpdateAs(k.jobId, k.trainers[i]);
        }
        advanceTo(k.jobId, ITrainingJobs.Stage.TrainReveal);
        for (uint256 i = 0; i < k.n; ++i) {
            if (k.revealed & (1 << i) != 0) revealUpdateAs(k.jobId, k.trainers[i]);
        }
        advanceTo(k.jobId, ITrainingJobs.Stage.AggregateCommit);
    }

    function aggregate(Case memory k) internal {
        bytes32 third = k.memberMode == 1 ? MODEL_B : MODEL_A;
        commitAggregateAs(k.jobId, k.committee[0], MODEL_A, k.scores, k.flagged);
        commitAggregateAs(k.jobId, k.committee[1], MODEL_A, k.scores, k.flagged);
        commitAggregateAs(k.jobId, k.committee[2], third, k.scores, k.flagged);
        assertEq(stageOf(k.jobId), uint256(ITrainingJobs.Stage.AggregateReveal), "reveals open early");
        revealAggregateAs(k.jobId, k.committee[0], MODEL_A, k.scores, k.flagged);
        revealAggregateAs(k.jobId, k.committee[1], MODEL_A, k.scores, k.flagged);
        if (k.memberMode == 2) {
            vm.roll(uint256(roundOf(k.jobId).deadline) + 1);
        } else {
            revealAggregateAs(k.jobId, k.committee[2], third, k.scores, k.flagged);
        }
    }

    // ---- checks ----

    function eligible(Case memory k, uint256 i) internal pure returns (bool) {
        return k.revealed & (1 << i) != 0 && k.flagged & (1 << i) == 0;
    }

    function checkTrainers(Case memory k) internal view {
        uint256 total;
        for (uint256 i = 0; i < k.n; ++i) {
            if (eligible(k, i) && k.scores[i] > 0) total += uint256(int256(k.scores[i]));
        }
        // Flags cost stake only when the whole committee revealed the verdict (memberMode 0).
        bool unanimous = k.memberMode == 0;
        for (uint256 i = 0; i < k.n; ++i) {
            address t = k.trainers[i];
            uint256 expected;
            // No positive eligible score: nobody is paid, the pool goes back to the requester.
            if (eligible(k, i) && k.scores[i] > 0) expected = k.pool * uint256(int256(k.scores[i])) / total;
            assertEq(jobs.owed(t), expected, "payout formula");
            bool flagged = k.flagged & (1 << i) != 0;
            uint256 penalty = k.revealed & (1 << i) == 0 ? NO_SHOW : flagged && unanimous ? SLASH : 0;
            assertEq(stakeOf(t), STAKE - penalty, "trainer penalty");
            if (k.revealed & (1 << i) == 0 || flagged) assertEq(jobs.owed(t), 0, "excluded unpaid");
        }
    }

    function checkCommittee(Case memory k) internal view {
        uint256 share = k.fee / 3;
        assertEq(jobs.owed(k.committee[0]), share, "member 0 share");
        assertEq(jobs.owed(k.committee[1]), share, "member 1 share");
        // A group of 2 of 3 cannot slash the dissenter: it is only unpaid.
        uint256 thirdPenalty = k.memberMode == 2 ? NO_SHOW : 0;
        assertEq(jobs.owed(k.committee[2]), k.memberMode == 0 ? share : 0, "member 2 share");
        assertEq(stakeOf(k.committee[2]), STAKE - thirdPenalty, "member 2 penalty");
        assertEq(jobs.getRound(k.jobId, 0).outcome, uint256(ITrainingJobs.RoundOutcome.Agreed), "agreed");
    }

    function checkTotals(Case memory k) internal view {
        uint256 paid;
        uint256 penalties;
        for (uint256 i = 0; i < k.n; ++i) {
            paid += jobs.owed(k.trainers[i]);
            penalties += STAKE - stakeOf(k.trainers[i]);
        }
        for (uint256 i = 0; i < 3; ++i) {
            paid += jobs.owed(k.committee[i]);
            penalties += STAKE - stakeOf(k.committee[i]);
        }
        assertEq(paid + jobs.owed(requester), k.pool + k.fee, "pool + fee conserved");
        assertEq(jobs.owed(TREASURY), penalties, "penalties to the treasury");
        assertEq(jobs.getJob(k.jobId).escrow, 0, "escrow spent");
        assertEq(address(jobs).balance, books(), "books");
    }
}

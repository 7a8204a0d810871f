// SPDX-License-Identifier: Apache-2.0
pragma solidity 0.8.28;

import {TrainingJobsFixture} from "../utils/TrainingJobsFixture.sol";
import {ITrainingJobs} from "../../src/interfaces/ITrainingJobs.sol";
import {INodeRegistry} from "../../src/interfaces/INodeRegistry.sol";
import {Console} from "../utils/Console.sol";

/// @notice A round's verdict is paid out only after a challenge window; a bonded challenge draws
/// 2c + 1 fresh aggregators whose majority decides, and the losing side pays for it.
contract RoundChallengeTest is TrainingJobsFixture {
    bytes32 internal constant MODEL_A = keccak256("model A");
    bytes32 internal constant LIE = keccak256("the cartel's model");

    function setUp() public {
        setUpJobs(4, 10);
    }

    // ---- the challenge window ----

    function test_settleRound_paysOnlyAfterTheChallengeWindow() public {
        uint256 jobId = createJob(1, 4, 3);
        address[] memory t = trainersOf(jobId);
        int64[] memory scores = scores4(1e9, 1e9, 1e9, 1e9);
        trainAll(jobId);
        aggregateAll(jobId, MODEL_A, scores, 0);
        decide(jobId, MODEL_A, 0, scores);
        uint256 deadline = roundOf(jobId).deadline;
        assertEq(jobs.getJob(jobId).modelDigest, INITIAL_MODEL, "the job's model waits for the final verdict");

        vm.expectRevert(abi.encodeWithSelector(ITrainingJobs.TrainingJobsNotSettleable.selector, jobId, 0, deadline));
        jobs.settleRound(jobId, MODEL_A, 0, scores);
        assertEq(jobs.owed(t[0]), 0, "nothing paid yet");
        vm.roll(deadline + 1);
        int64[] memory other = scores4(4e9, 0, 0, 0);
        vm.expectRevert(
            abi.encodeWithSelector(
                ITrainingJobs.TrainingJobsWrongScores.selector, jobId, 0, scoresDigestOf(scores), scoresDigestOf(other)
            )
        );
        jobs.settleRound(jobId, MODEL_A, 0, other);
        jobs.settleRound(jobId, MODEL_A, 0, scores);

        assertEq(jobs.owed(t[0]), uint256(POOL) / 4, "paid after the window");
        assertEq(jobs.getJob(jobId).state, uint256(ITrainingJobs.JobState.Finished), "finished");
        assertEq(address(jobs).balance, books(), "books");
    }

    function test_challengeRound_takesExactlyTheBondWithinTheWindowOnce() public {
        uint256 jobId = decidedRound(MODEL_A, scores4(1e9, 1e9, 1e9, 1e9), MODEL_A);
        address challenger = makeAddr("challenger");
        vm.deal(challenger, 10 ether);
        vm.expectRevert(abi.encodeWithSelector(ITrainingJobs.TrainingJobsNotChallengeable.selector, jobId, 0, SLASH));
        vm.prank(challenger);
        jobs.challengeRound{value: SLASH - 1}(jobId);

        vm.prank(challenger);
        jobs.challengeRound{value: SLASH}(jobId);
        ITrainingJobs.RoundView memory r = roundOf(jobId);
        assertEq(r.challenger, challenger, "recorded");
        assertEq(jobs.getJob(jobId).state, uint256(ITrainingJobs.JobState.Waiting), "waits for the draw");
        vm.expectRevert(abi.encodeWithSelector(ITrainingJobs.TrainingJobsNotChallengeable.selector, jobId, 0, SLASH));
        vm.prank(challenger);
        jobs.challengeRound{value: SLASH}(jobId);
        assertEq(address(jobs).balance, books(), "books hold the bond");
    }

    function test_RevertWhen_challengingAfterTheWindow() public {
        uint256 jobId = decidedRound(MODEL_A, scores4(1e9, 1e9, 1e9, 1e9), MODEL_A);
        vm.roll(uint256(roundOf(jobId).deadline) + 1);
        vm.expectRevert(abi.encodeWithSelector(ITrainingJobs.TrainingJobsNotChallengeable.selector, jobId, 0, SLASH));
        jobs.challengeRound{value: SLASH}(jobId);
    }

    function test_RevertWhen_cancellingAJobWhoseChallengedRoundWaits() public {
        uint256 jobId = decidedRound(MODEL_A, scores4(1e9, 1e9, 1e9, 1e9), MODEL_A);
        jobs.challengeRound{value: SLASH}(jobId);
        vm.expectRevert(
            abi.encodeWithSelector(
                ITrainingJobs.TrainingJobsWrongState.selector, jobId, uint8(ITrainingJobs.JobState.Waiting)
            )
        );
        vm.prank(requester);
        jobs.cancelJob(jobId);
    }

    // ---- escalation ----

    function test_challenge_anOutvotedHonestMemberReversesACapturedVerdict() public {
        // Attack 5: two of three members take the pool for trainer 3 and flag the others.
        int64[] memory lie = scores4(0, 0, 0, 4e9);
        int64[] memory honest = scores4(1e9, 1e9, 1e9, 1e9);
        uint256 jobId = createJob(1, 4, 3);
        address[] memory t = trainersOf(jobId);
        address[] memory c = committeeOf(jobId);
        trainAll(jobId);
        commitAggregateAs(jobId, c[0], LIE, lie, 0x7);
        commitAggregateAs(jobId, c[1], LIE, lie, 0x7);
        commitAggregateAs(jobId, c[2], MODEL_A, honest, 0);
        revealAggregateAs(jobId, c[0], LIE, lie, 0x7);
        revealAggregateAs(jobId, c[1], LIE, lie, 0x7);
        revealAggregateAs(jobId, c[2], MODEL_A, honest, 0);
        decide(jobId, LIE, 0x7, lie);

        vm.deal(c[2], 10 ether);
        vm.prank(c[2]);
        jobs.challengeRound{value: SLASH}(jobId);
        c = escalate(jobId);
        assertEq(c.length, 10, "3 first-round seats and 7 fresh ones");
        for (uint256 i = 3; i < 10; ++i) {
            commitAggregateAs(jobId, c[i], MODEL_A, honest, 0);
        }
        for (uint256 i = 3; i < 10; ++i) {
            revealAggregateAs(jobId, c[i], MODEL_A, honest, 0);
        }
        uint256 treasuryBefore = jobs.owed(TREASURY);
        jobs.settleRound(jobId, MODEL_A, 0, honest);

        ITrainingJobs.RoundView memory r = jobs.getRound(jobId, 0);
        assertEq(r.stage, uint256(ITrainingJobs.Stage.Settled), "paid out at once");
        assertEq(r.modelDigest, MODEL_A, "the escalation's model");
        assertEq(r.groupMask, 0x3fc, "the honest member and the 7 seats");
        assertEq(jobs.getJob(jobId).modelDigest, MODEL_A, "the job goes on from it");
        for (uint256 i = 0; i < 4; ++i) {
            assertEq(jobs.owed(t[i]), uint256(POOL) / 4, "every trainer gets its honest share");
            assertEq(stakeOf(t[i]), STAKE, "no trainer slashed");
        }
        uint256 share = uint256(FEE) / 10;
        assertEq(jobs.owed(c[2]), share + SLASH, "the challenger: its seat's pay and its bond back");
        assertEq(stakeOf(c[0]), STAKE - SLASH, "the cartel is slashed");
        assertEq(stakeOf(c[1]), STAKE - SLASH, "the cartel is slashed");
        assertEq(jobs.owed(c[0]), 0, "and unpaid");
        for (uint256 i = 3; i < 10; ++i) {
            assertEq(jobs.owed(c[i]), share, "each escalation seat paid");
        }
        assertEq(jobs.owed(TREASURY) - treasuryBefore, 2 * SLASH, "penalties to the treasury");
        int256 cartelGain =
            int256(jobs.owed(c[0]) + jobs.owed(c[1]) + jobs.owed(t[3])) - int256(uint256(POOL) / 4) - int256(2 * SLASH);
        Console.log("attack5.cartelGainWeiAfterChallenge", cartelGain);
        assertTrue(cartelGain < 0, "the cartel loses");
        assertEq(address(jobs).balance, books(), "books");
    }

    function test_challenge_aWrongChallengerLosesItsBondToTheTreasury() public {
        int64[] memory scores = scores4(1e9, 1e9, 1e9, 1e9);
        uint256 jobId = decidedRound(MODEL_A, scores, MODEL_A);
        address challenger = makeAddr("griefer");
        vm.deal(challenger, 10 ether);
        vm.prank(challenger);
        jobs.challengeRound{value: SLASH}(jobId);
        address[] memory c = escalate(jobId);
        for (uint256 i = 3; i < 10; ++i) {
            commitAggregateAs(jobId, c[i], MODEL_A, scores, 0);
        }
        for (uint256 i = 3; i < 10; ++i) {
            revealAggregateAs(jobId, c[i], MODEL_A, scores, 0);
        }
        uint256 treasuryBefore = jobs.owed(TREASURY);
        jobs.settleRound(jobId, MODEL_A, 0, scores);

        assertEq(jobs.owed(challenger), 0, "no bond back");
        assertEq(jobs.owed(TREASURY) - treasuryBefore, SLASH, "the bond goes to the treasury");
        for (uint256 i = 0; i < 10; ++i) {
            assertEq(jobs.owed(c[i]), uint256(FEE) / 10, "every agreeing seat paid");
            assertEq(stakeOf(c[i]), STAKE, "nobody slashed");
        }
        assertEq(address(jobs).balance, books(), "books");
    }

    function test_challenge_anEscalationThatCannotStartLeavesTheVerdictAndReturnsTheBond() public {
        int64[] memory scores = scores4(1e9, 1e9, 1e9, 1e9);
        uint256 jobId = decidedRound(MODEL_A, scores, MODEL_A);
        // Only 7 aggregators are free and 4 of them leave: the 7 seats cannot be filled.
        for (uint256 i = 0; i < 4; ++i) {
            address free = aggregatorNodes[aggregatorNodes.length - 1 - i];
            if (jobs.getNode(free).activeTask == 0) {
                vm.prank(free);
                jobs.requestExit();
            }
        }
        address challenger = makeAddr("challenger");
        vm.deal(challenger, 10 ether);
        vm.prank(challenger);
        jobs.challengeRound{value: SLASH}(jobId);
        vm.roll(block.number + 1);
        (bool started,) = address(jobs).call(abi.encodeCall(ITrainingJobs.startRound, (jobId)));
        assertTrue(!started, "too few free aggregators to start");
        vm.roll(uint256(roundOf(jobId).deadline) + 1);
        jobs.settleRound(jobId, MODEL_A, 0, scores);

        assertEq(jobs.owed(challenger), SLASH, "bond back: nobody showed it wrong");
        assertEq(jobs.getRound(jobId, 0).modelDigest, MODEL_A, "the verdict stands");
        assertEq(jobs.owed(jobs.getRound(jobId, 0).committee[0]), uint256(FEE) / 3, "paid as decided");
        assertEq(address(jobs).balance, books() + jobs.owed(challenger), "books");
    }

    function test_challenge_anEscalationWithoutConsensusKeepsTheFirstVerdict() public {
        int64[] memory scores = scores4(1e9, 1e9, 1e9, 1e9);
        uint256 jobId = decidedRound(MODEL_A, scores, MODEL_A);
        address challenger = makeAddr("challenger");
        vm.deal(challenger, 10 ether);
        vm.prank(challenger);
        jobs.challengeRound{value: SLASH}(jobId);
        address[] memory c = escalate(jobId);
        for (uint256 i = 3; i < 10; ++i) {
            bytes32 model = keccak256(abi.encode("model", i % 3));
            commitAggregateAs(jobId, c[i], model, scores, 0);
        }
        for (uint256 i = 3; i < 10; ++i) {
            bytes32 model = keccak256(abi.encode("model", i % 3));
            revealAggregateAs(jobId, c[i], model, scores, 0);
        }
        jobs.settleRound(jobId, MODEL_A, 0, scores);

        ITrainingJobs.RoundView memory r = jobs.getRound(jobId, 0);
        assertEq(r.modelDigest, MODEL_A, "the first verdict stands");
        assertEq(r.outcome, uint256(ITrainingJobs.RoundOutcome.Agreed), "agreed");
        assertEq(jobs.owed(challenger), SLASH, "bond back");
        for (uint256 i = 0; i < 10; ++i) {
            assertEq(stakeOf(c[i]), STAKE, "nobody slashed for a result");
        }
        assertEq(jobs.owed(c[0]), uint256(FEE) / 10, "the first group is paid per seat");
        assertEq(jobs.owed(c[3]), 0, "the split escalation is unpaid");
        assertEq(address(jobs).balance, books() + jobs.owed(challenger), "books");
    }

    function test_RevertWhen_firstRoundMembersActDuringTheEscalation() public {
        uint256 jobId = createJob(1, 4, 3);
        address[] memory c = committeeOf(jobId);
        int64[] memory scores = scores4(1e9, 1e9, 1e9, 1e9);
        trainAll(jobId);
        commitAggregateAs(jobId, c[0], MODEL_A, scores, 0);
        commitAggregateAs(jobId, c[1], MODEL_A, scores, 0);
        vm.roll(uint256(roundOf(jobId).deadline) + 1);
        revealAggregateAs(jobId, c[0], MODEL_A, scores, 0);
        revealAggregateAs(jobId, c[1], MODEL_A, scores, 0);
        vm.roll(uint256(roundOf(jobId).deadline) + 1);
        decide(jobId, MODEL_A, 0, scores);
        jobs.challengeRound{value: SLASH}(jobId);
        escalate(jobId);

        // The member that never committed cannot slip a commitment into the escalation.
        bytes32 commitment = memberCommitment(jobId, 0, c[2], MODEL_A, scores, 0, saltOf(c[2]));
        vm.expectRevert(abi.encodeWithSelector(ITrainingJobs.TrainingJobsNotSelected.selector, jobId, c[2]));
        vm.prank(c[2]);
        jobs.commitAggregate(jobId, commitment);
    }

    function test_escalation_drawsFreshAggregatorsWithTheLaterBlockHash() public {
        uint256 jobId = decidedRound(MODEL_A, scores4(1e9, 1e9, 1e9, 1e9), MODEL_A);
        jobs.challengeRound{value: SLASH}(jobId);
        uint256 seedBlock = block.number;
        vm.roll(block.number + 1);
        bytes32 seed = keccak256(abi.encode(blockhash(seedBlock), jobId, uint256(0)));
        vm.expectEmit(true, true, false, false);
        emit ITrainingJobs.RoundEscalated(jobId, 0, new address[](7), 3, seed, block.number + COMMIT_WINDOW);
        jobs.startRound(jobId);

        ITrainingJobs.RoundView memory r = roundOf(jobId);
        assertEq(r.escalationSeats, 7, "7 seats");
        assertEq(r.stage, uint256(ITrainingJobs.Stage.AggregateCommit), "aggregating again");
        for (uint256 i = 3; i < 10; ++i) {
            for (uint256 k = 0; k < i; ++k) {
                assertTrue(r.committee[i] != r.committee[k], "fresh, distinct members");
            }
        }
    }

    // ---- fixtures ----

    /// @dev A one-round job whose committee revealed `model` (members 0, 1) and `third` (member
    /// 2) and whose verdict was recorded: it is in its Challenge stage.
    function decidedRound(bytes32 model, int64[] memory scores, bytes32 third) internal returns (uint256 jobId) {
        jobId = createJob(1, 4, 3);
        address[] memory c = committeeOf(jobId);
        trainAll(jobId);
        commitAggregateAs(jobId, c[0], model, scores, 0);
        commitAggregateAs(jobId, c[1], model, scores, 0);
        commitAggregateAs(jobId, c[2], third, scores, 0);
        revealAggregateAs(jobId, c[0], model, scores, 0);
        revealAggregateAs(jobId, c[1], model, scores, 0);
        revealAggregateAs(jobId, c[2], third, scores, 0);
        decide(jobId, model, 0, scores);
        assertEq(stageOf(jobId), uint256(ITrainingJobs.Stage.Challenge), "challengeable");
    }

    /// @dev Draws a challenged round's escalation one block later; returns every committee seat.
    function escalate(uint256 jobId) internal returns (address[] memory) {
        vm.roll(block.number + 1);
        jobs.startRound(jobId);
        return committeeOf(jobId);
    }
}

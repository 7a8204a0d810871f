// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.24;

import {BaseTest} from "./BaseTest.sol";
import {TrainingJobs} from "../../src/TrainingJobs.sol";
import {ITrainingJobs} from "../../src/interfaces/ITrainingJobs.sol";
import {Commitments} from "../../src/libraries/Commitments.sol";

/// @notice Deploys TrainingJobs, registers trainers and aggregators, and drives rounds through
/// their commit, reveal and settle stages.
abstract contract TrainingJobsFixture is BaseTest {
    uint256 internal constant STAKE = 10 ether;
    uint256 internal constant SLASH = 1 ether;
    uint256 internal constant NO_SHOW = 2 ether;
    uint256 internal constant UNBONDING = 10;
    uint256 internal constant MIN_WINDOW = 2;
    address internal constant TREASURY = address(0xdEaD);
    uint32 internal constant TRAINER_CLASS = 1;
    uint32 internal constant AGGREGATOR_CLASS = 2;
    uint24 internal constant COMMIT_WINDOW = 5;
    uint24 internal constant REVEAL_WINDOW = 5;
    uint96 internal constant POOL = 10 ether;
    uint96 internal constant FEE = 1 ether;
    bytes32 internal constant INITIAL_MODEL = keccak256("initial model");

    TrainingJobs internal jobs;
    address internal requester;
    address[] internal trainerNodes;
    address[] internal aggregatorNodes;
    /// @dev Every node ever registered by the fixture (for the books).
    address[] internal allNodes;

    function setUpJobs(uint256 trainerCount, uint256 aggregatorCount) internal {
        jobs = new TrainingJobs(STAKE, SLASH, NO_SHOW, UNBONDING, TREASURY, MIN_WINDOW);
        requester = makeAddr("requester");
        vm.deal(requester, 1e32);
        for (uint256 i = 0; i < trainerCount; ++i) {
            registerTrainer(string.concat("trainer", vm.toString(i)));
        }
        for (uint256 i = 0; i < aggregatorCount; ++i) {
            registerAggregator(string.concat("aggregator", vm.toString(i)));
        }
    }

    function registerTrainer(string memory name) internal returns (address node) {
        node = registerNode(name, TRAINER_CLASS);
        trainerNodes.push(node);
    }

    function registerAggregator(string memory name) internal returns (address node) {
        node = registerNode(name, AGGREGATOR_CLASS);
        aggregatorNodes.push(node);
    }

    function registerNode(string memory name, uint32 gpuClass) internal returns (address node) {
        node = makeAddr(name);
        vm.deal(node, 100 ether);
        vm.prank(node);
        jobs.register{value: STAKE}(gpuClass, 24576, 0, 0, "http://127.0.0.1:9000");
        allNodes.push(node);
    }

    // ---- jobs ----

    function jobParams(uint16 rounds, uint8 trainers, uint8 committee)
        internal
        pure
        returns (ITrainingJobs.JobParams memory)
    {
        return ITrainingJobs.JobParams({
            specDigest: keccak256("spec"),
            specURI: "http://127.0.0.1:9000/spec",
            initialModelDigest: INITIAL_MODEL,
            trainerClass: TRAINER_CLASS,
            aggregatorClass: AGGREGATOR_CLASS,
            rounds: rounds,
            trainers: trainers,
            committee: committee,
            quorum: 0,
            poolPerRound: POOL,
            committeeFeePerRound: FEE,
            commitWindow: COMMIT_WINDOW,
            revealWindow: REVEAL_WINDOW
        });
    }

    function escrowOf(ITrainingJobs.JobParams memory p) internal pure returns (uint256) {
        return uint256(p.rounds) * (uint256(p.poolPerRound) + p.committeeFeePerRound);
    }

    /// @dev Creates a job and, one block later, tries to start its first round (it stays
    /// Waiting when too few nodes are free).
    function createJob(ITrainingJobs.JobParams memory p) internal returns (uint256 jobId) {
        vm.prank(requester);
        jobId = jobs.createJob{value: escrowOf(p)}(p);
        startNextRound(jobId);
    }

    /// @dev Moves one block on and starts the waiting job's next round if enough nodes are free.
    function startNextRound(uint256 jobId) internal {
        vm.roll(block.number + 1);
        try jobs.startRound(jobId) {} catch {}
    }

    function createJob(uint16 rounds, uint8 trainers, uint8 committee) internal returns (uint256 jobId) {
        return createJob(jobParams(rounds, trainers, committee));
    }

    function currentRound(uint256 jobId) internal view returns (uint256) {
        return jobs.getJob(jobId).round;
    }

    function roundOf(uint256 jobId) internal view returns (ITrainingJobs.RoundView memory) {
        return jobs.getRound(jobId, currentRound(jobId));
    }

    function trainersOf(uint256 jobId) internal view returns (address[] memory) {
        return roundOf(jobId).trainers;
    }

    function committeeOf(uint256 jobId) internal view returns (address[] memory) {
        return roundOf(jobId).committee;
    }

    function stageOf(uint256 jobId) internal view returns (uint256) {
        return roundOf(jobId).stage;
    }

    /// @dev Rolls past deadlines until the current round's effective stage is at least `stage`.
    function advanceTo(uint256 jobId, ITrainingJobs.Stage stage) internal {
        ITrainingJobs.RoundView memory r = roundOf(jobId);
        while (r.stage < uint8(stage)) {
            vm.roll(uint256(r.deadline) + 1);
            r = roundOf(jobId);
        }
    }

    // ---- commitments ----

    function roundKey(uint256 jobId, uint256 round) internal pure returns (uint256) {
        return (jobId << 128) | round;
    }

    function saltOf(address node) internal pure returns (bytes32) {
        return keccak256(abi.encode("salt", node));
    }

    function updateOf(uint256 jobId, uint256 round, address trainer) internal pure returns (bytes32) {
        return keccak256(abi.encode("update", jobId, round, trainer));
    }

    function modelOf(uint256 jobId, uint256 round) internal pure returns (bytes32) {
        return keccak256(abi.encode("model", jobId, round));
    }

    function scoresDigestOf(int64[] memory scores) internal pure returns (bytes32) {
        return keccak256(abi.encode(scores));
    }

    function fingerprintOf(bytes32 model, int64[] memory scores, uint32 flaggedMask) internal pure returns (bytes32) {
        return keccak256(abi.encode(model, scoresDigestOf(scores), flaggedMask));
    }

    function trainerCommitment(uint256 jobId, uint256 round, address trainer, bytes32 digest, bytes32 salt)
        internal
        view
        returns (bytes32)
    {
        return Commitments.compute(block.chainid, address(jobs), roundKey(jobId, round), trainer, digest, digest, salt);
    }

    function memberCommitment(
        uint256 jobId,
        uint256 round,
        address member,
        bytes32 model,
        int64[] memory scores,
        uint32 flaggedMask,
        bytes32 salt
    ) internal view returns (bytes32) {
        return Commitments.compute(
            block.chainid,
            address(jobs),
            roundKey(jobId, round),
            member,
            model,
            fingerprintOf(model, scores, flaggedMask),
            salt
        );
    }

    // ---- acting as nodes ----
    // The `At` variants make no call but the action itself, so that `vm.expectRevert` can precede
    // them; the `As` variants act in the job's current round.

    function commitUpdateAt(uint256 jobId, uint256 round, address trainer) internal {
        bytes32 c = trainerCommitment(jobId, round, trainer, updateOf(jobId, round, trainer), saltOf(trainer));
        vm.prank(trainer);
        jobs.commitUpdate(jobId, c);
    }

    function revealUpdateAt(uint256 jobId, uint256 round, address trainer) internal {
        vm.prank(trainer);
        jobs.revealUpdate(jobId, updateOf(jobId, round, trainer), saltOf(trainer), "http://127.0.0.1:9000/update");
    }

    function commitAggregateAt(
        uint256 jobId,
        uint256 round,
        address member,
        bytes32 model,
        int64[] memory scores,
        uint32 flagged
    ) internal {
        bytes32 c = memberCommitment(jobId, round, member, model, scores, flagged, saltOf(member));
        vm.prank(member);
        jobs.commitAggregate(jobId, c);
    }

    function commitUpdateAs(uint256 jobId, address trainer) internal {
        commitUpdateAt(jobId, currentRound(jobId), trainer);
    }

    function revealUpdateAs(uint256 jobId, address trainer) internal {
        revealUpdateAt(jobId, currentRound(jobId), trainer);
    }

    function commitAggregateAs(uint256 jobId, address member, bytes32 model, int64[] memory scores, uint32 flagged)
        internal
    {
        commitAggregateAt(jobId, currentRound(jobId), member, model, scores, flagged);
    }

    /// @dev Makes no call but the reveal (the commitment binds the round, the reveal does not).
    function revealAggregateAs(uint256 jobId, address member, bytes32 model, int64[] memory scores, uint32 flagged)
        internal
    {
        vm.prank(member);
        jobs.revealAggregate(
            jobId, model, scoresDigestOf(scores), flagged, saltOf(member), "http://127.0.0.1:9000/model"
        );
    }

    /// @dev Every trainer of the current round commits, then reveals.
    function trainAll(uint256 jobId) internal {
        address[] memory t = trainersOf(jobId);
        for (uint256 i = 0; i < t.length; ++i) {
            commitUpdateAs(jobId, t[i]);
        }
        for (uint256 i = 0; i < t.length; ++i) {
            revealUpdateAs(jobId, t[i]);
        }
    }

    /// @dev Every committee member of the current round commits, then reveals the same aggregate.
    function aggregateAll(uint256 jobId, bytes32 model, int64[] memory scores, uint32 flagged) internal {
        address[] memory c = committeeOf(jobId);
        for (uint256 i = 0; i < c.length; ++i) {
            commitAggregateAs(jobId, c[i], model, scores, flagged);
        }
        for (uint256 i = 0; i < c.length; ++i) {
            revealAggregateAs(jobId, c[i], model, scores, flagged);
        }
    }

    /// @dev Settles the round: records the verdict, lets its challenge window pass unchallenged,
    /// pays it out, and starts the next round when the job goes on.
    function settle(uint256 jobId, bytes32 model, uint32 flagged, int64[] memory scores) internal {
        decide(jobId, model, flagged, scores);
        payOut(jobId, scores);
    }

    /// @dev The first settleRound: records the committee's verdict (Challenge stage on agreement).
    function decide(uint256 jobId, bytes32 model, uint32 flagged, int64[] memory scores) internal {
        jobs.settleRound(jobId, model, flagged, scores);
    }

    /// @dev Past an unchallenged verdict's window, the second settleRound pays the round out; the
    /// next round starts when the job goes on.
    function payOut(uint256 jobId, int64[] memory scores) internal {
        payOutOnly(jobId, scores);
        if (jobs.getJob(jobId).state == uint8(ITrainingJobs.JobState.Waiting)) startNextRound(jobId);
    }

    /// @dev payOut without starting the next round.
    function payOutOnly(uint256 jobId, int64[] memory scores) internal {
        if (stageOf(jobId) == uint256(ITrainingJobs.Stage.Challenge)) {
            vm.roll(uint256(roundOf(jobId).deadline) + 1);
            jobs.settleRound(jobId, bytes32(0), 0, scores);
        }
    }

    /// @dev A full honest round: everyone acts, the committee agrees, the round settles.
    function honestRound(uint256 jobId, bytes32 model, int64[] memory scores, uint32 flagged) internal {
        trainAll(jobId);
        aggregateAll(jobId, model, scores, flagged);
        settle(jobId, model, flagged, scores);
    }

    function scores4(int64 a, int64 b, int64 c, int64 d) internal pure returns (int64[] memory s) {
        s = new int64[](4);
        (s[0], s[1], s[2], s[3]) = (a, b, c, d);
    }

    // ---- books ----

    /// @dev Σ node stakes + Σ job escrows + Σ owed (nodes and requester).
    function books() internal view returns (uint256 total) {
        for (uint256 i = 0; i < allNodes.length; ++i) {
            total += jobs.getNode(allNodes[i]).stake + jobs.owed(allNodes[i]);
        }
        total += jobs.owed(requester) + jobs.owed(TREASURY);
        for (uint256 id = 1; id <= jobs.jobCount(); ++id) {
            ITrainingJobs.JobView memory j = jobs.getJob(id);
            total += j.escrow;
            if (j.round < j.rounds) {
                ITrainingJobs.RoundView memory r = jobs.getRound(id, j.round);
                if (r.challenger != address(0)) total += jobs.slashAmount(); // a bond not settled yet
            }
        }
    }

    function stakeOf(address node) internal view returns (uint256) {
        return jobs.getNode(node).stake;
    }

    function statusOf(address node) internal view returns (uint256) {
        return jobs.getNode(node).status;
    }
}

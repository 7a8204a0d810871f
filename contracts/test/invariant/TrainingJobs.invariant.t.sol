// SPDX-License-Identifier: Apache-2.0
pragma solidity 0.8.28;

import {BaseTest} from "../utils/BaseTest.sol";
import {TrainingJobs} from "../../src/TrainingJobs.sol";
import {ITrainingJobs} from "../../src/interfaces/ITrainingJobs.sol";
import {INodeRegistry} from "../../src/interfaces/INodeRegistry.sol";
import {JobHandler} from "./handlers/JobHandler.sol";

contract TrainingJobsInvariantTest is BaseTest {
    TrainingJobs internal jobs;
    JobHandler internal handler;

    function setUp() public {
        jobs = new TrainingJobs(10 ether, 1 ether, 2 ether, 2, address(0xdEaD), 1);
        handler = new JobHandler(jobs, 6, 12);
    }

    function targetContracts() public view returns (address[] memory targets) {
        targets = new address[](1);
        targets[0] = address(handler);
    }

    /// @dev balance == Σ node stakes + Σ job escrows + Σ owed (nodes, requesters, treasury).
    function invariant_booksBalance() public view {
        (address[] memory nodes, address[] memory requesters) = handler.accounts();
        uint256 total = jobs.owed(jobs.treasury());
        for (uint256 i = 0; i < nodes.length; ++i) {
            total += jobs.getNode(nodes[i]).stake + jobs.owed(nodes[i]);
        }
        for (uint256 i = 0; i < requesters.length; ++i) {
            total += jobs.owed(requesters[i]);
        }
        for (uint256 id = 1; id <= jobs.jobCount(); ++id) {
            ITrainingJobs.JobView memory j = jobs.getJob(id);
            total += j.escrow;
            // A challenger's bond is held until its round is paid out.
            if (j.round < j.rounds && jobs.getRound(id, j.round).challenger != address(0)) total += jobs.slashAmount();
        }
        assertEq(address(jobs).balance, total, "books");
    }

    /// @dev The handler's challenge path reaches an escalation that decides the round: a job of
    /// one round, 1 trainer and a 1-member committee, decided, challenged, escalated to 3 fresh
    /// members and decided by them.
    function test_handlerReachesADecidedEscalation() public {
        uint8 keep = uint8(_seedWhere(0x6b, 0x6b, 1, 0)); // keepers restart and settle honestly
        uint64 act = uint64(_seedWhere(0, 3, 32, 35)); // nodes 0..3 commit and reveal honestly
        handler.createJob(0, 1 ether, 1 ether, 0);
        handler.roll(1);
        handler.keeper(0, keep); // starts round 0
        handler.trainersAct(0, act);
        handler.membersAct(0, act);
        handler.keeper(0, keep); // decides it
        assertEq(jobs.getRound(1, 0).stage, uint256(ITrainingJobs.Stage.Challenge), "challengeable");
        handler.challenge(0, 0);
        assertEq(handler.challenges(), 1, "challenged");
        handler.roll(1);
        handler.keeper(0, keep); // draws the escalation
        assertEq(jobs.getRound(1, 0).escalationSeats, 3, "escalated");
        handler.membersAct(0, act);
        handler.keeper(0, keep); // the escalation decides
        assertEq(handler.escalationsDecided(), 1, "decided by the escalation");
    }

    /// @dev The first seed for which the handler's behaviour draw is "honest" (>= 2) for nodes
    /// from..to and from2..to2, and its restart draw (seed, seed) starts rather than cancels.
    function _seedWhere(uint256 from, uint256 to, uint256 from2, uint256 to2) internal pure returns (uint256 seed) {
        for (seed = 1;; ++seed) {
            bool ok = uint256(keccak256(abi.encode(uint256(0), seed))) % 8 >= 2;
            for (uint256 i = from; i <= to && ok; ++i) {
                ok = uint256(keccak256(abi.encode(seed, i))) % 8 >= 2;
            }
            for (uint256 i = from2; i <= to2 && ok; ++i) {
                ok = uint256(keccak256(abi.encode(seed, i))) % 8 >= 2;
            }
            if (ok) return seed;
        }
    }

    /// @dev Any round past its last deadline could be moved on by anyone (see JobHandler.pushAll).
    function invariant_everyRoundCanBePushedOn() public view {
        assertTrue(!handler.livenessBroken(), "a round past its deadlines could not be moved on");
    }

    /// @dev Jobs only move forward: escrow never increases, the round number never decreases, a
    /// Finished or Cancelled job holds no escrow and stays ended, a live job holds exactly what
    /// its remaining rounds need, and every assigned node serves a running job with a full stake.
    /// (One function for all of these: each invariant function is a fuzzing campaign of its own.)
    function invariant_jobsOnlyMoveForward() public view {
        assertTrue(!handler.escrowIncreased(), "escrow increased");
        assertTrue(!handler.roundDecreased(), "round decreased");
        assertTrue(!handler.endedJobRevived(), "ended job changed state");
        for (uint256 id = 1; id <= jobs.jobCount(); ++id) {
            ITrainingJobs.JobView memory j = jobs.getJob(id);
            if (j.state >= uint8(ITrainingJobs.JobState.Finished)) {
                assertEq(j.escrow, 0, "ended job holds escrow");
            } else {
                uint256 perRound = uint256(j.poolPerRound) + j.committeeFeePerRound;
                assertEq(j.escrow, (uint256(j.rounds) - j.round) * perRound, "escrow of remaining rounds");
            }
            if (j.state == uint8(ITrainingJobs.JobState.Finished)) assertEq(j.round, j.rounds, "finished early");
            assertLe(j.round, j.rounds, "round past the last");
        }
        uint256 stake = jobs.nodeStake();
        (address[] memory nodes,) = handler.accounts();
        for (uint256 i = 0; i < nodes.length; ++i) {
            INodeRegistry.NodeInfo memory n = jobs.getNode(nodes[i]);
            if (n.activeTask == 0) continue;
            ITrainingJobs.JobView memory j = jobs.getJob(n.activeTask);
            // A challenged round's nodes stay assigned while its job waits for the escalation.
            bool challenged = jobs.getRound(n.activeTask, j.round).challenger != address(0);
            assertTrue(j.state == uint8(ITrainingJobs.JobState.Running) || challenged, "assigned to idle job");
            assertGe(n.stake, stake, "assigned node underfunded");
        }
    }
}

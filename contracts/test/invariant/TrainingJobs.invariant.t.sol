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
        handler = new JobHandler(jobs, 6, 5);
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
            total += jobs.getJob(id).escrow;
        }
        assertEq(address(jobs).balance, total, "books");
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
            assertEq(jobs.getJob(n.activeTask).state, uint256(ITrainingJobs.JobState.Running), "assigned to idle job");
            assertGe(n.stake, stake, "assigned node underfunded");
        }
    }
}

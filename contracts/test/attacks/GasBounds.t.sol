// SPDX-License-Identifier: Apache-2.0
pragma solidity 0.8.28;

import {TaskManagerFixture} from "../utils/TaskManagerFixture.sol";
import {TrainingJobsFixture} from "../utils/TrainingJobsFixture.sol";
import {ITaskManager} from "../../src/interfaces/ITaskManager.sol";
import {Console} from "../utils/Console.sol";

/// @notice Every loop in the contracts has a constant bound; these tests build the worst case of
/// each external function that loops and check it against a 30M-gas block (with a 4x margin).
/// `forge test --match-path test/attacks/GasBounds.t.sol -vv` prints the measured gas.
abstract contract GasBound {
    uint256 internal constant BLOCK_GAS_LIMIT = 30_000_000;

    function checkBound(string memory name, uint256 used) internal view {
        Console.log(name, used);
        if (used * 4 > BLOCK_GAS_LIMIT) revert GasBoundExceeded(name, used);
    }

    error GasBoundExceeded(string name, uint256 used);
}

contract TaskManagerGasBoundsTest is TaskManagerFixture, GasBound {
    function setUp() public {
        setUpManager(16);
        // As many incapable nodes as capable ones, so draws keep hitting nodes to skip.
        for (uint256 i = 0; i < 16; ++i) {
            address node = makeAddr(string.concat("small", vm.toString(i)));
            vm.deal(node, STAKE);
            vm.prank(node);
            tm.register{value: STAKE}(GPU, 1024, ALL_EXECUTORS, 0, "");
        }
    }

    function test_gas_startTaskWithMostReplicasAndSkips() public {
        ITaskManager.TaskParams memory p = params(16, 0, 0);
        p.minVramMiB = 2048;
        vm.prank(requester);
        uint256 taskId = tm.createTask{value: 16 ether}(p);
        vm.roll(block.number + 1);
        uint256 before = gasleft();
        try tm.startTask(taskId) {} catch {}
        checkBound("worst.startTask", before - gasleft());
    }

    function test_gas_finalizeWithMostReplicasSlashesAndAVerdictOverAll() public {
        uint256 taskId = createAndStart(params(16, 1, 8), 16 ether);
        address[] memory w = replicasOf(taskId);
        for (uint256 i = 0; i < 16; ++i) {
            bytes32 fp = i < 9 ? bytes32(0) : keccak256(abi.encode(i));
            doCommit(taskId, w[i], keccak256("d"), fp);
        }
        for (uint256 i = 0; i < 16; ++i) {
            bytes32 fp = i < 9 ? bytes32(0) : keccak256(abi.encode(i));
            doReveal(taskId, w[i], keccak256("d"), fp);
        }
        uint256 before = gasleft();
        tm.finalize(taskId);
        checkBound("worst.finalize", before - gasleft());
        assertEq(tm.getTask(taskId).groupSize, 9, "9 agree, 7 slashed");
    }

    function test_gas_finalizeOfTheLargestEscalationWithAVerdictOverAllSeats() public {
        // 5 replicas split, then 11 escalation seats: 16 seats, every one revealed, SIMILAR.
        uint256 taskId = createAndStart(params(5, 1, 8), 16 ether);
        address[] memory w = replicasOf(taskId);
        for (uint256 i = 0; i < 5; ++i) {
            doCommit(taskId, w[i], keccak256("d"), keccak256(abi.encode(i)));
        }
        for (uint256 i = 0; i < 5; ++i) {
            doReveal(taskId, w[i], keccak256("d"), keccak256(abi.encode(i)));
        }
        tm.finalize(taskId);
        vm.roll(block.number + 1);
        uint256 before = gasleft();
        tm.startTask(taskId);
        checkBound("worst.startEscalation", before - gasleft());
        w = replicasOf(taskId);
        for (uint256 i = 5; i < 16; ++i) {
            bytes32 fp = i < 13 ? bytes32(0) : keccak256(abi.encode(i));
            doCommit(taskId, w[i], keccak256("d"), fp);
        }
        for (uint256 i = 5; i < 16; ++i) {
            bytes32 fp = i < 13 ? bytes32(0) : keccak256(abi.encode(i));
            doReveal(taskId, w[i], keccak256("d"), fp);
        }
        before = gasleft();
        tm.finalize(taskId);
        checkBound("worst.finalizeEscalation", before - gasleft());
        assertEq(tm.getTask(taskId).groupSize, 8, "8 of 11 agree; the rest and round one slashed");
    }

    function test_gas_abstainWithAReplacementDrawnPastSkips() public {
        ITaskManager.TaskParams memory p = params(3, 0, 0);
        p.minVramMiB = 2048;
        uint256 taskId = createAndStart(p, FEE);
        address out = replicasOf(taskId)[0];
        uint256 before = gasleft();
        vm.prank(out);
        tm.abstain(taskId);
        checkBound("worst.abstain", before - gasleft());
    }
}

contract TrainingJobsGasBoundsTest is TrainingJobsFixture, GasBound {
    function setUp() public {
        setUpJobs(32, 16);
    }

    function test_gas_settleRoundWithMostTrainersAndMembers() public {
        uint256 jobId = createJob(2, 32, 16);
        int64[] memory scores = new int64[](32);
        for (uint256 i = 0; i < 32; ++i) {
            scores[i] = int64(int256(i + 1));
        }
        trainAll(jobId);
        aggregateAll(jobId, keccak256("model"), scores, 1);
        uint256 before = gasleft();
        settle(jobId, keccak256("model"), 1, scores);
        checkBound("worst.settleRound", before - gasleft());
    }

    function test_gas_settleOfTheLargestEscalationPaysAllSeats() public {
        // 32 trainers, a committee of 5 challenged, and 11 fresh seats: 16 members to pay.
        uint256 jobId = createJob(2, 32, 5);
        int64[] memory scores = new int64[](32);
        for (uint256 i = 0; i < 32; ++i) {
            scores[i] = int64(int256(i + 1) * 1e9);
        }
        trainAll(jobId);
        aggregateAll(jobId, keccak256("model"), scores, 1);
        decide(jobId, keccak256("model"), 1, scores);
        jobs.challengeRound{value: SLASH}(jobId);
        vm.roll(block.number + 1);
        uint256 before = gasleft();
        jobs.startRound(jobId);
        checkBound("worst.startRoundEscalation", before - gasleft());
        address[] memory c = committeeOf(jobId);
        for (uint256 i = 5; i < c.length; ++i) {
            commitAggregateAs(jobId, c[i], keccak256("model"), scores, 1);
        }
        for (uint256 i = 5; i < c.length; ++i) {
            revealAggregateAs(jobId, c[i], keccak256("model"), scores, 1);
        }
        before = gasleft();
        jobs.settleRound(jobId, keccak256("model"), 1, scores);
        checkBound("worst.settleRoundEscalation", before - gasleft());
        assertEq(jobs.getRound(jobId, 0).committee.length, 16, "16 seats");
    }
}

// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.24;

import {BaseTest} from "./BaseTest.sol";
import {TaskManager} from "../../src/TaskManager.sol";
import {ITaskManager} from "../../src/interfaces/ITaskManager.sol";
import {Commitments} from "../../src/libraries/Commitments.sol";

/// @notice Deploys a TaskManager and drives tasks through their lifecycle.
abstract contract TaskManagerFixture is BaseTest {
    uint256 internal constant STAKE = 10 ether;
    uint256 internal constant SLASH = 1 ether;
    uint256 internal constant NO_SHOW = 2 ether;
    uint256 internal constant UNBONDING = 10;
    uint256 internal constant FEE = 3 ether;
    uint32 internal constant GPU = 1;
    uint32 internal constant COMMIT_WINDOW = 6;
    uint32 internal constant REVEAL_WINDOW = 5;
    uint32 internal constant START_WINDOW = 20;
    uint256 internal constant MIN_WINDOW = 5;
    uint256 internal constant MIN_FEE = 0.01 ether;
    address internal constant TREASURY = address(0xdEaD);
    uint16 internal constant ALL_EXECUTORS = type(uint16).max;

    TaskManager internal tm;
    address internal requester;
    address[] internal nodes;

    function setUpManager(uint256 nodeCount) internal {
        tm = new TaskManager(STAKE, SLASH, NO_SHOW, UNBONDING, TREASURY, MIN_WINDOW, MIN_FEE);
        requester = makeAddr("requester");
        vm.deal(requester, 1000 ether);
        for (uint256 i = 0; i < nodeCount; ++i) {
            nodes.push(registerNode(string.concat("node", vm.toString(i))));
        }
    }

    function registerNode(string memory name) internal returns (address node) {
        node = makeAddr(name);
        vm.deal(node, 100 ether);
        vm.prank(node);
        tm.register{value: STAKE}(GPU, 24576, ALL_EXECUTORS, 0, "http://127.0.0.1:9000");
    }

    function params(uint8 replicas, uint8 mode, uint16 maxDistance)
        internal
        pure
        returns (ITaskManager.TaskParams memory)
    {
        return ITaskManager.TaskParams({
            kind: 0,
            specDigest: keccak256("spec"),
            specURI: "http://127.0.0.1:9000/spec",
            gpuClass: GPU,
            replicas: replicas,
            quorum: 0,
            mode: mode,
            maxDistance: maxDistance,
            commitWindow: COMMIT_WINDOW,
            revealWindow: REVEAL_WINDOW,
            minVramMiB: 0,
            executors: 0,
            startWindow: START_WINDOW,
            sampleRateBps: 0
        });
    }

    /// @dev Creates and, one block later, starts an EXACT task.
    function createExact(uint8 replicas) internal returns (uint256 taskId) {
        taskId = createAndStart(params(replicas, 0, 0), FEE);
    }

    /// @dev Creates a task, moves one block on (its seed block's hash now exists) and starts it.
    function createAndStart(ITaskManager.TaskParams memory p, uint256 fee) internal returns (uint256 taskId) {
        vm.prank(requester);
        taskId = tm.createTask{value: fee}(p);
        vm.roll(block.number + 1);
        tm.startTask(taskId);
    }

    function commitmentOf(uint256 taskId, address worker, bytes32 digest, bytes32 fingerprint, bytes32 salt)
        internal
        view
        returns (bytes32)
    {
        return Commitments.compute(block.chainid, address(tm), taskId, worker, digest, fingerprint, salt);
    }

    function saltOf(address worker) internal pure returns (bytes32) {
        return keccak256(abi.encode("salt", worker));
    }

    function doCommit(uint256 taskId, address worker, bytes32 digest, bytes32 fingerprint) internal {
        vm.prank(worker);
        tm.commit(taskId, commitmentOf(taskId, worker, digest, fingerprint, saltOf(worker)));
    }

    function doReveal(uint256 taskId, address worker, bytes32 digest, bytes32 fingerprint) internal {
        vm.prank(worker);
        tm.reveal(taskId, digest, fingerprint, saltOf(worker), "http://127.0.0.1:9000/result");
    }

    /// @dev Lets a task that is waiting for its escalation pass its start deadline unstarted and
    /// finalizes it (what happens when too few fresh nodes are free).
    function expireEscalation(uint256 taskId) internal {
        ITaskManager.TaskView memory t = tm.getTask(taskId);
        assertTrue(t.escalationPending, "waiting for its escalation");
        vm.roll(t.startDeadline + 1);
        tm.finalize(taskId);
    }

    function replicasOf(uint256 taskId) internal view returns (address[] memory) {
        return tm.getReplicas(taskId);
    }

    /// @dev Sum of all stakes, escrowed fees of unfinished tasks and owed balances.
    function books() internal view returns (uint256 total) {
        for (uint256 i = 0; i < nodes.length; ++i) {
            total += tm.getNode(nodes[i]).stake + tm.owed(nodes[i]);
        }
        total += tm.owed(requester) + tm.owed(TREASURY);
        for (uint256 id = 1; id <= tm.taskCount(); ++id) {
            ITaskManager.TaskView memory t = tm.getTask(id);
            if (t.state <= uint8(ITaskManager.TaskState.Revealing)) total += t.fee + tm.getSampling(id).bond;
        }
    }

    /// @dev Sum of the stakes of `accounts`.
    function stakeOf(address[] memory accounts) internal view returns (uint256 total) {
        for (uint256 i = 0; i < accounts.length; ++i) {
            total += tm.getNode(accounts[i]).stake;
        }
    }
}

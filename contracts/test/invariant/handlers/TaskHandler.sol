// SPDX-License-Identifier: Apache-2.0
pragma solidity 0.8.28;

import {BaseTest} from "../../utils/BaseTest.sol";
import {TaskManager} from "../../../src/TaskManager.sol";
import {ITaskManager} from "../../../src/interfaces/ITaskManager.sol";
import {INodeRegistry} from "../../../src/interfaces/INodeRegistry.sol";
import {Commitments} from "../../../src/libraries/Commitments.sol";

/// @notice Acts as requesters, honest, lying and lazy workers, exiting nodes and keepers.
contract TaskHandler is BaseTest {
    TaskManager public immutable tm;
    address[] public actors;
    address[] public requesters;
    bytes32 internal constant TRUTH = keccak256("truth");

    /// @dev Highest state ever observed per task, to catch a state moving backwards.
    mapping(uint256 taskId => uint8) public maxStateSeen;
    bool public stateRegressed;
    bool public stakeLeftWhileAssigned;
    uint256 public withdrawnTotal;
    uint256 public calls;

    constructor(TaskManager tm_, uint256 nodeCount) {
        tm = tm_;
        uint256 stake = tm_.nodeStake();
        for (uint256 i = 0; i < nodeCount; ++i) {
            address node = vm.addr(1000 + i);
            vm.deal(node, 1000 ether);
            vm.prank(node);
            tm.register{value: stake}(1, 1, 0, 0, "");
            actors.push(node);
        }
        for (uint256 i = 0; i < 3; ++i) {
            address requester = vm.addr(5000 + i);
            vm.deal(requester, 1_000_000 ether);
            requesters.push(requester);
        }
    }

    function actorCount() external view returns (uint256) {
        return actors.length;
    }

    function requesterCount() external view returns (uint256) {
        return requesters.length;
    }

    function createTask(uint256 seed, uint256 fee, uint8 replicas, bool similar) external {
        address requester = requesters[seed % requesters.length];
        ITaskManager.TaskParams memory p = ITaskManager.TaskParams({
            kind: 0,
            specDigest: bytes32(seed),
            specURI: "",
            gpuClass: 1,
            replicas: uint8(bound(replicas, 1, 5)),
            quorum: 0,
            mode: similar ? 1 : 0,
            maxDistance: similar ? 4 : 0,
            commitWindow: 3,
            revealWindow: 3,
            minVramMiB: 0,
            executors: 0,
            startWindow: 5
        });
        vm.prank(requester);
        tm.createTask{value: bound(fee, 1, 100 ether)}(p);
        _observe();
    }

    /// @dev behaviour: 0 honest, 1 lies, 2 similar-but-noisy; skips non-replicas silently.
    function commit(uint256 actorSeed, uint8 behaviour) external {
        address node = actors[actorSeed % actors.length];
        uint256 taskId = tm.getNode(node).activeTask;
        if (taskId == 0) return;
        (bytes32 digest, bytes32 fingerprint) = _result(taskId, node, behaviour % 3);
        vm.prank(node);
        try tm.commit(taskId, _commitment(taskId, node, digest, fingerprint)) {} catch {}
        _observe();
    }

    function reveal(uint256 actorSeed, uint8 behaviour) external {
        address node = actors[actorSeed % actors.length];
        uint256 taskId = tm.getNode(node).activeTask;
        if (taskId == 0) return;
        (bytes32 digest, bytes32 fingerprint) = _result(taskId, node, behaviour % 3);
        vm.prank(node);
        try tm.reveal(taskId, digest, fingerprint, _salt(taskId, node), "") {} catch {}
        _observe();
    }

    function finalize(uint256 taskSeed) external {
        uint256 count = tm.taskCount();
        if (count == 0) return;
        try tm.finalize(1 + taskSeed % count) {} catch {}
        _observe();
    }

    function roll(uint8 blocks) external {
        vm.roll(block.number + bound(blocks, 1, 4));
        _observe();
    }

    function withdraw(uint256 seed) external {
        address account = seed % 2 == 0 ? actors[seed % actors.length] : requesters[seed % requesters.length];
        uint256 amount = tm.owed(account);
        vm.prank(account);
        try tm.withdraw() {
            withdrawnTotal += amount;
        } catch {}
        _observe();
    }

    /// @dev Nodes try to leave; an assigned node must never get its stake out.
    function exit(uint256 actorSeed) external {
        address node = actors[actorSeed % actors.length];
        bool assigned = tm.getNode(node).activeTask != 0;
        uint256 before = node.balance;
        vm.prank(node);
        try tm.requestExit() {} catch {}
        vm.prank(node);
        try tm.withdrawStake() {} catch {}
        if (assigned && node.balance > before) stakeLeftWhileAssigned = true;
        _observe();
    }

    function _result(uint256 taskId, address node, uint8 behaviour) internal view returns (bytes32, bytes32) {
        ITaskManager.TaskView memory t = tm.getTask(taskId);
        bytes32 digest = behaviour == 1 ? keccak256(abi.encode(node, taskId)) : TRUTH;
        if (t.mode == 0) return (digest, digest);
        bytes32 fp = behaviour == 1 ? ~TRUTH : behaviour == 2 ? TRUTH ^ bytes32(uint256(3)) : TRUTH;
        return (digest, fp);
    }

    function _salt(uint256 taskId, address node) internal pure returns (bytes32) {
        return keccak256(abi.encode(taskId, node));
    }

    function _commitment(uint256 taskId, address node, bytes32 digest, bytes32 fingerprint)
        internal
        view
        returns (bytes32)
    {
        return Commitments.compute(block.chainid, address(tm), taskId, node, digest, fingerprint, _salt(taskId, node));
    }

    function _observe() internal {
        ++calls;
        uint256 count = tm.taskCount();
        for (uint256 id = 1; id <= count; ++id) {
            uint8 state = tm.getTask(id).state;
            if (state < maxStateSeen[id]) stateRegressed = true;
            maxStateSeen[id] = state;
        }
    }
}

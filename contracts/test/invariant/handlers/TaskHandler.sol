// SPDX-License-Identifier: Apache-2.0
pragma solidity 0.8.28;

import {BaseTest} from "../../utils/BaseTest.sol";
import {TaskManager} from "../../../src/TaskManager.sol";
import {ITaskManager} from "../../../src/interfaces/ITaskManager.sol";
import {INodeRegistry} from "../../../src/interfaces/INodeRegistry.sol";
import {Commitments} from "../../../src/libraries/Commitments.sol";
import {Grinder} from "../../mocks/Grinder.sol";

/// @notice Hostile and honest actors for TaskManager: requesters (one of them a grinding
/// contract, one a Sybil owner registering nodes), honest, lying, lazy and abstaining workers in
/// two GPU classes with different memory, exiting and topping-up nodes, and keepers. Every
/// finalize is checked against an independent model of the payout rules, and a keeper checks that
/// every task past its last deadline can be pushed to a final state.
contract TaskHandler is BaseTest {
    TaskManager public immutable tm;
    Grinder public immutable grinder;
    address[] public actors;
    address[] public requesters;
    bytes32 internal constant TRUTH = keccak256("truth");

    /// @dev What each replica committed to, so that it reveals the same values.
    mapping(uint256 taskId => mapping(address node => bytes32[2])) internal _committed;
    /// @dev Highest state ever observed per task, to catch a state moving backwards.
    mapping(uint256 taskId => uint8) public maxStateSeen;
    bool public stateRegressed;
    bool public stakeLeftWhileAssigned;
    bool public payoutBroken;
    bool public livenessBroken;
    bool public grinderSawPicks;
    uint256 public withdrawnTotal;
    uint256 public calls;
    uint256 public finalized;
    /// @dev How many finalize calls ended in each state, to see that the campaign reaches them all.
    mapping(uint8 state => uint256) public outcomes;
    /// @dev Escalations opened, and escalated tasks that reached a verdict.
    uint256 public escalationsOpened;
    uint256 public escalationsSettled;
    /// @dev Tasks that went back to Pending for their one escalation.
    mapping(uint256 taskId => bool) internal _escalated;

    struct Snapshot {
        uint256 requesterOwed;
        uint256 treasuryOwed;
        uint256[] owed;
        uint256[] stakes;
    }

    constructor(TaskManager tm_, uint256 nodeCount) {
        tm = tm_;
        for (uint256 i = 0; i < nodeCount; ++i) {
            _register(uint32(1 + i % 2), i % 3 == 0 ? 1024 : 40_960);
        }
        for (uint256 i = 0; i < 3; ++i) {
            address requester = vm.addr(5000 + i);
            vm.deal(requester, 1_000_000 ether);
            requesters.push(requester);
        }
        address[] memory none = new address[](0);
        grinder = new Grinder(tm_, none);
        vm.deal(address(grinder), 1_000_000 ether);
        requesters.push(address(grinder));
    }

    function actorCount() external view returns (uint256) {
        return actors.length;
    }

    function requesterCount() external view returns (uint256) {
        return requesters.length;
    }

    function createTask(uint256 seed, uint256 fee, uint8 replicas, bool similar) external {
        address requester = requesters[seed % 3];
        ITaskManager.TaskParams memory p = _params(seed, replicas, similar);
        uint256 value = bound(fee, p.replicas * tm.minFeePerReplica(), 100 ether);
        vm.prank(requester);
        tm.createTask{value: value}(p);
        _observe();
    }

    /// @dev The grinding requester: create and try to see the picks in the same transaction.
    function grind(uint256 seed, uint8 replicas) external {
        ITaskManager.TaskParams memory p = _params(seed, replicas, false);
        uint256 value = p.replicas * tm.minFeePerReplica();
        try grinder.tryOnce{value: value}(p, 1) {
            grinderSawPicks = true;
        } catch {}
        _observe();
    }

    /// @dev A Sybil owner adds identities (any class) at any moment.
    function registerSybil(uint8 gpuClass) external {
        if (actors.length >= 24) return;
        _register(uint32(1 + gpuClass % 2), 40_960);
        _observe();
    }

    function startTask(uint256 taskSeed) external {
        uint256 count = tm.taskCount();
        if (count == 0) return;
        try tm.startTask(1 + taskSeed % count) {} catch {}
        _observe();
    }

    function cancelTask(uint256 taskSeed) external {
        uint256 count = tm.taskCount();
        if (count == 0) return;
        uint256 taskId = 1 + taskSeed % count;
        vm.prank(tm.getTask(taskId).requester);
        try tm.cancelTask(taskId) {} catch {}
        _observe();
    }

    /// @dev behaviour: 0 honest, 1 lies, 2 similar-but-noisy. Acts as one replica of a task.
    function commit(uint256 taskSeed, uint8 behaviour) external {
        (bool ok, uint256 taskId, address node) = _replica(taskSeed);
        if (!ok) return;
        _commit(taskId, node, behaviour % 3);
        _observe();
    }

    /// @dev Every replica of a task commits at once; two bits of `behaviours` per replica say
    /// how (0, 1: honest, 2: lies, 3: stays silent).
    function commitAll(uint256 taskSeed, uint32 behaviours) external {
        uint256 count = tm.taskCount();
        if (count == 0) return;
        uint256 taskId = 1 + taskSeed % count;
        address[] memory workers = tm.getReplicas(taskId);
        for (uint256 i = 0; i < workers.length; ++i) {
            uint256 b = (behaviours >> (2 * i)) & 3;
            if (b == 3 || tm.getNode(workers[i]).activeTask != taskId) continue;
            _commit(taskId, workers[i], b == 2 ? 1 : uint8(taskSeed >> 200) % 2 * 2);
        }
        _observe();
    }

    /// @dev A split task: the current round's seats commit (in round one every third seat is
    /// honest and the others lie, each its own lie; in an escalation about a third lie), reveal,
    /// and the task is finalized: round one escalates, an escalation usually reaches a verdict.
    function dispute(uint256 taskSeed) external {
        uint256 count = tm.taskCount();
        if (count == 0) return;
        uint256 taskId = 1 + taskSeed % count;
        if (tm.getTask(taskId).escalationPending) {
            vm.roll(block.number + 1);
            try tm.startTask(taskId) {} catch {}
        }
        address[] memory workers = tm.getReplicas(taskId);
        bool escalation = tm.getTask(taskId).escalationSeats != 0;
        for (uint256 i = 0; i < workers.length; ++i) {
            if (tm.getNode(workers[i]).activeTask != taskId) continue;
            // Round one: a third honest at most; an escalation: about a third lies.
            bool lies = escalation ? (i + taskSeed) % 3 == 0 : i % 3 != 0;
            _commit(taskId, workers[i], lies ? 1 : 0);
        }
        for (uint256 i = 0; i < workers.length; ++i) {
            if (tm.getNode(workers[i]).activeTask == taskId) _reveal(taskId, workers[i]);
        }
        _finalize(taskId, false);
        _observe();
    }

    /// @dev One replica reveals what it committed.
    function reveal(uint256 taskSeed) external {
        (bool ok, uint256 taskId, address node) = _replica(taskSeed);
        if (!ok) return;
        _reveal(taskId, node);
        _observe();
    }

    /// @dev Every replica of a task reveals what it committed, except those in `skipMask`.
    function revealAll(uint256 taskSeed, uint16 skipMask) external {
        uint256 count = tm.taskCount();
        if (count == 0) return;
        uint256 taskId = 1 + taskSeed % count;
        address[] memory workers = tm.getReplicas(taskId);
        for (uint256 i = 0; i < workers.length; ++i) {
            if (skipMask & (1 << i) == 0 && tm.getNode(workers[i]).activeTask == taskId) _reveal(taskId, workers[i]);
        }
        _observe();
    }

    function abstain(uint256 taskSeed) external {
        (bool ok, uint256 taskId, address node) = _replica(taskSeed);
        if (!ok || taskSeed % 4 != 0) return; // abstaining is rarer than working
        vm.prank(node);
        try tm.abstain(taskId) {} catch {}
        _observe();
    }

    function finalize(uint256 taskSeed) external {
        uint256 count = tm.taskCount();
        if (count == 0) return;
        _finalize(1 + taskSeed % count, false);
        _observe();
    }

    /// @dev The keeper: every task past its last deadline must be finalizable by anyone.
    function pushAll() external {
        uint256 count = tm.taskCount();
        for (uint256 id = 1; id <= count; ++id) {
            ITaskManager.TaskView memory t = tm.getTask(id);
            if (t.state >= uint8(ITaskManager.TaskState.Settled)) continue;
            bool due = t.state == uint8(ITaskManager.TaskState.Pending)
                ? block.number > t.startDeadline
                : block.number > uint256(t.commitDeadline) + t.revealWindow;
            if (due) _finalize(id, true);
        }
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

    /// @dev A slashed node tops its stake back up.
    function topUp(uint256 actorSeed) external {
        address node = actors[actorSeed % actors.length];
        INodeRegistry.NodeInfo memory info = tm.getNode(node);
        if (info.status != uint8(INodeRegistry.NodeStatus.Deactivated)) return;
        vm.prank(node);
        tm.topUpStake{value: tm.nodeStake() - info.stake}();
        _observe();
    }

    /// @dev Active idle nodes of `gpuClass` among the actors.
    function idleCount(uint32 gpuClass) external view returns (uint256 count) {
        for (uint256 i = 0; i < actors.length; ++i) {
            INodeRegistry.NodeInfo memory info = tm.getNode(actors[i]);
            if (
                info.gpuClass == gpuClass && info.status == uint8(INodeRegistry.NodeStatus.Active)
                    && info.activeTask == 0
            ) {
                ++count;
            }
        }
    }

    /// @dev A replica of a started task chosen from `seed`; a liar keeps lying across its steps
    /// because its result depends on (task, node) only.
    function _replica(uint256 seed) internal view returns (bool ok, uint256 taskId, address node) {
        uint256 count = tm.taskCount();
        if (count == 0) return (false, 0, address(0));
        taskId = 1 + seed % count;
        address[] memory workers = tm.getReplicas(taskId);
        if (workers.length == 0) return (false, 0, address(0));
        node = workers[(seed >> 128) % workers.length];
        ok = tm.getNode(node).activeTask == taskId;
    }

    function _finalize(uint256 taskId, bool mustSucceed) internal {
        ITaskManager.TaskView memory t = tm.getTask(taskId);
        address[] memory workers = tm.getReplicas(taskId);
        Snapshot memory before = _snapshot(t, workers);
        try tm.finalize(taskId) {
            ++finalized;
            ITaskManager.TaskView memory after_ = tm.getTask(taskId);
            ++outcomes[after_.state];
            if (after_.escalationPending) {
                ++escalationsOpened;
                _checkNothingMoved(t, workers, before);
                return;
            }
            if (after_.escalationSeats != 0 && after_.state == uint8(ITaskManager.TaskState.Settled)) {
                ++escalationsSettled;
            }
            _checkPayouts(taskId, t, workers, before);
        } catch {
            if (mustSucceed) livenessBroken = true;
        }
    }

    function _snapshot(ITaskManager.TaskView memory t, address[] memory workers)
        internal
        view
        returns (Snapshot memory s)
    {
        s.requesterOwed = tm.owed(t.requester);
        s.treasuryOwed = tm.owed(tm.treasury());
        s.owed = new uint256[](workers.length);
        s.stakes = new uint256[](workers.length);
        for (uint256 i = 0; i < workers.length; ++i) {
            s.owed[i] = tm.owed(workers[i]);
            s.stakes[i] = tm.getNode(workers[i]).stake;
        }
    }

    /// @dev Opening an escalation pays, refunds and slashes nobody.
    function _checkNothingMoved(ITaskManager.TaskView memory t, address[] memory workers, Snapshot memory s) internal {
        if (tm.owed(t.requester) != s.requesterOwed || tm.owed(tm.treasury()) != s.treasuryOwed) payoutBroken = true;
        for (uint256 i = 0; i < workers.length; ++i) {
            if (tm.owed(workers[i]) != s.owed[i] || tm.getNode(workers[i]).stake != s.stakes[i]) payoutBroken = true;
        }
    }

    /// @dev The payout rules written out again, independently of the contract's own code: paid
    /// seats get fee / seats (replicas plus escalation seats), the requester the rest of its fee,
    /// penalties the treasury.
    function _checkPayouts(
        uint256 taskId,
        ITaskManager.TaskView memory before,
        address[] memory workers,
        Snapshot memory s
    ) internal {
        ITaskManager.TaskView memory t = tm.getTask(taskId);
        uint256 share = t.fee / (t.replicas + t.escalationSeats);
        uint256 paidCount;
        uint256 penalties;
        uint256[] memory credited = new uint256[](workers.length);
        uint256[] memory lost = new uint256[](workers.length);
        for (uint256 i = 0; i < workers.length; ++i) {
            (bool paid, uint256 penalty) = _expected(t, 1 << i);
            if (paid) ++paidCount;
            penalties += penalty;
            // A node that abstained in round one may hold an escalation seat too: sum per node.
            uint256 first = _firstSeatOf(workers, workers[i]);
            credited[first] += paid ? share : 0;
            lost[first] += penalty;
        }
        for (uint256 i = 0; i < workers.length; ++i) {
            if (_firstSeatOf(workers, workers[i]) != i) continue;
            if (tm.owed(workers[i]) != s.owed[i] + credited[i]) payoutBroken = true;
            if (tm.getNode(workers[i]).stake + lost[i] != s.stakes[i]) payoutBroken = true;
        }
        // Without consensus the revealed shares are spent for the treasury, never refunded.
        uint256 spent = t.state == uint8(ITaskManager.TaskState.NoConsensus) ? share * _popcount(t.revealedMask) : 0;
        bool unstarted = before.state == uint8(ITaskManager.TaskState.Pending) && !before.escalationPending;
        uint256 refund = unstarted ? t.fee : t.fee - share * paidCount - spent;
        if (tm.owed(t.requester) != s.requesterOwed + refund) payoutBroken = true;
        if (tm.owed(tm.treasury()) != s.treasuryOwed + penalties + spent) payoutBroken = true;
    }

    function _firstSeatOf(address[] memory workers, address node) internal pure returns (uint256 i) {
        while (workers[i] != node) ++i;
    }

    /// @dev Whether the seat with mask bit `bit` is paid and what it loses: abstainers nothing,
    /// no-shows noShowAmount, revealed non-members slashAmount but only under a deciding group of
    /// at least 3 that holds two thirds of the deciding seats (round one, or the escalation seats
    /// once they were drawn).
    function _expected(ITaskManager.TaskView memory t, uint256 bit) internal view returns (bool paid, uint256 penalty) {
        if (t.abstainedMask & bit != 0) return (false, 0);
        if (t.revealedMask & bit == 0) return (false, tm.noShowAmount());
        if (t.state == uint8(ITaskManager.TaskState.NoConsensus)) return (false, 0);
        if (t.groupMask & bit != 0) return (true, 0);
        uint256 deciding = t.escalationSeats == 0 ? t.replicas : t.escalationSeats;
        uint256 firstSeat = t.escalationSeats == 0 ? 0 : t.replicas;
        uint256 groupSize = _popcount((t.groupMask >> firstSeat) & ((1 << deciding) - 1));
        bool groupSlashes = groupSize >= 3 && 3 * groupSize >= 2 * deciding;
        return (false, groupSlashes ? tm.slashAmount() : 0);
    }

    function _params(uint256 seed, uint8 replicas, bool similar)
        internal
        view
        returns (ITaskManager.TaskParams memory)
    {
        uint256 window = tm.minWindow();
        return ITaskManager.TaskParams({
            kind: 0,
            specDigest: bytes32(seed),
            specURI: "",
            gpuClass: uint32(1 + (seed >> 8) % 3), // class 3 has no nodes
            replicas: uint8(bound(replicas, 1, 5)),
            quorum: 0,
            mode: similar ? 1 : 0,
            maxDistance: similar ? 4 : 0,
            commitWindow: uint32(window + (seed >> 16) % 3),
            revealWindow: uint32(window),
            minVramMiB: (seed >> 24) % 4 == 0 ? 2048 : 0,
            executors: 0,
            startWindow: uint32(1 + (seed >> 32) % 8),
            sampleRateBps: 0
        });
    }

    function _popcount(uint256 x) internal pure returns (uint256 n) {
        for (; x != 0; x >>= 1) {
            n += x & 1;
        }
    }

    function _register(uint32 gpuClass, uint32 vram) internal {
        address node = vm.addr(1000 + actors.length);
        vm.deal(node, 1000 ether);
        uint256 stake = tm.nodeStake();
        vm.prank(node);
        tm.register{value: stake}(gpuClass, vram, 0, 0, "");
        actors.push(node);
    }

    function _commit(uint256 taskId, address node, uint8 behaviour) internal {
        (bytes32 digest, bytes32 fingerprint) = _result(taskId, node, behaviour);
        vm.prank(node);
        try tm.commit(taskId, _commitment(taskId, node, digest, fingerprint)) {
            _committed[taskId][node] = [digest, fingerprint];
        } catch {}
    }

    function _reveal(uint256 taskId, address node) internal {
        bytes32[2] memory c = _committed[taskId][node];
        vm.prank(node);
        try tm.reveal(taskId, c[0], c[1], _salt(taskId, node), "") {} catch {}
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
            ITaskManager.TaskView memory t = tm.getTask(id);
            uint8 state = t.state;
            // The one step back: a first round without consensus returns to Pending to escalate.
            if (t.escalationPending && !_escalated[id]) {
                _escalated[id] = true;
                maxStateSeen[id] = state;
            }
            if (state < maxStateSeen[id]) stateRegressed = true;
            maxStateSeen[id] = state;
        }
    }
}

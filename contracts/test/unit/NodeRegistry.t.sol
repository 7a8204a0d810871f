// SPDX-License-Identifier: Apache-2.0
pragma solidity 0.8.28;

import {TaskManagerFixture} from "../utils/TaskManagerFixture.sol";
import {TaskManager} from "../../src/TaskManager.sol";
import {INodeRegistry} from "../../src/interfaces/INodeRegistry.sol";
import {ITaskManager} from "../../src/interfaces/ITaskManager.sol";

contract NodeRegistryTest is TaskManagerFixture {
    function setUp() public {
        setUpManager(3);
    }

    function test_register_locksStakeAndJoinsAvailableSet() public {
        address node = makeAddr("fresh");
        vm.deal(node, STAKE);
        vm.expectEmit();
        emit INodeRegistry.NodeRegistered(node, GPU, 8192, 3, 0.5 ether, "http://a", STAKE);
        vm.prank(node);
        tm.register{value: STAKE}(GPU, 8192, 3, 0.5 ether, "http://a");

        INodeRegistry.NodeInfo memory info = tm.getNode(node);
        assertEq(info.stake, STAKE, "stake");
        assertEq(info.status, uint256(INodeRegistry.NodeStatus.Active), "status");
        assertEq(info.vramMiB, 8192, "vram");
        assertEq(tm.availableCount(GPU), 4, "available");
        assertEq(address(tm).balance, 4 * STAKE, "balance");
    }

    function test_availableAt_listsTheSetInDrawOrderAndZeroPastItsEnd() public {
        assertEq(tm.availableAt(GPU, 0), nodes[0], "first");
        assertEq(tm.availableAt(GPU, 2), nodes[2], "last");
        assertEq(tm.availableAt(GPU, 3), address(0), "past the end");
        vm.prank(nodes[0]);
        tm.requestExit();
        // Swap-removal: the last entry takes the leaver's place, and the old last slot reads empty.
        assertEq(tm.availableAt(GPU, 0), nodes[2], "moved into the gap");
        assertEq(tm.availableAt(GPU, 2), address(0), "the set shrank");
    }

    function test_RevertWhen_registerWithWrongStake() public {
        address node = makeAddr("cheap");
        vm.deal(node, STAKE);
        vm.expectRevert(abi.encodeWithSelector(INodeRegistry.NodeRegistryWrongStake.selector, STAKE - 1, STAKE));
        vm.prank(node);
        tm.register{value: STAKE - 1}(GPU, 1, 0, 0, "");
    }

    function test_RevertWhen_registerTwice() public {
        vm.expectRevert(abi.encodeWithSelector(INodeRegistry.NodeRegistryAlreadyRegistered.selector, nodes[0]));
        vm.prank(nodes[0]);
        tm.register{value: STAKE}(GPU, 1, 0, 0, "");
    }

    function test_RevertWhen_endpointTooLong() public {
        address node = makeAddr("verbose");
        vm.deal(node, STAKE);
        bytes memory endpoint = new bytes(257);
        vm.expectRevert(abi.encodeWithSelector(INodeRegistry.NodeRegistryEndpointTooLong.selector, 257, 256));
        vm.prank(node);
        tm.register{value: STAKE}(GPU, 1, 0, 0, string(endpoint));
    }

    function test_requestExit_thenWithdrawStakeAfterUnbonding() public {
        address node = nodes[0];
        uint256 before = node.balance;
        vm.expectEmit();
        emit INodeRegistry.NodeExitRequested(node, block.number + UNBONDING);
        vm.prank(node);
        tm.requestExit();
        vm.roll(block.number + UNBONDING);
        vm.prank(node);
        tm.withdrawStake();

        assertEq(node.balance, before + STAKE, "stake returned");
        assertEq(tm.getNode(node).status, uint256(INodeRegistry.NodeStatus.Exited), "status");
        assertEq(tm.getNode(node).stake, 0, "stake");
    }

    function test_RevertWhen_withdrawStakeBeforeUnbonding() public {
        vm.prank(nodes[0]);
        tm.requestExit();
        vm.expectRevert(
            abi.encodeWithSelector(
                INodeRegistry.NodeRegistryUnbonding.selector, nodes[0], block.number + UNBONDING, block.number
            )
        );
        vm.prank(nodes[0]);
        tm.withdrawStake();
    }

    function test_RevertWhen_withdrawStakeWithoutExit() public {
        vm.expectRevert(
            abi.encodeWithSelector(
                INodeRegistry.NodeRegistryNotRegistered.selector, nodes[0], uint8(INodeRegistry.NodeStatus.Active)
            )
        );
        vm.prank(nodes[0]);
        tm.withdrawStake();
    }

    function test_requestExit_whileAssignedTakesEffectWhenTheWorkEnds() public {
        uint256 taskId = createExact(3);
        address[] memory w = replicasOf(taskId);
        vm.expectEmit();
        emit INodeRegistry.NodeExitRequested(w[1], 0);
        vm.prank(w[1]);
        tm.requestExit();
        vm.expectRevert(abi.encodeWithSelector(INodeRegistry.NodeRegistryNodeBusy.selector, w[1], taskId));
        vm.prank(w[1]);
        tm.withdrawStake();

        for (uint256 i = 0; i < 3; ++i) {
            doCommit(taskId, w[i], keccak256("r"), keccak256("r"));
        }
        for (uint256 i = 0; i < 3; ++i) {
            doReveal(taskId, w[i], keccak256("r"), keccak256("r"));
        }
        vm.expectEmit();
        emit INodeRegistry.NodeExitScheduled(w[1], block.number + UNBONDING);
        tm.finalize(taskId);

        assertEq(tm.availableCount(GPU), 2, "the exiting node did not rejoin");
        assertEq(tm.owed(w[1]), FEE / 3, "its work was paid");
        vm.roll(block.number + UNBONDING);
        uint256 before = w[1].balance;
        vm.prank(w[1]);
        tm.withdrawStake();
        assertEq(w[1].balance, before + STAKE, "stake back");
    }

    function test_requestExit_leavesTheAvailableSetAtOnce() public {
        vm.prank(nodes[1]);
        tm.requestExit();
        assertEq(tm.availableCount(GPU), 2, "exact count");
        vm.prank(nodes[0]);
        tm.requestExit();
        assertEq(tm.availableCount(GPU), 1, "exact count");
        registerNode("a");
        registerNode("b");
        uint256 taskId = createExact(3);
        address[] memory workers = replicasOf(taskId);
        for (uint256 i = 0; i < 3; ++i) {
            assertTrue(workers[i] != nodes[0] && workers[i] != nodes[1], "exiting node selected");
        }
    }

    function test_topUpStake_bringsASlashedNodeBack() public {
        uint256 taskId = createExact(3);
        address[] memory w = replicasOf(taskId);
        doCommit(taskId, w[0], keccak256("r"), keccak256("r"));
        doCommit(taskId, w[1], keccak256("r"), keccak256("r"));
        vm.roll(block.number + COMMIT_WINDOW + 1);
        doReveal(taskId, w[0], keccak256("r"), keccak256("r"));
        doReveal(taskId, w[1], keccak256("r"), keccak256("r"));
        tm.finalize(taskId);
        assertEq(tm.getNode(w[2]).status, uint256(INodeRegistry.NodeStatus.Deactivated), "deactivated");
        assertEq(tm.availableCount(GPU), 2, "out of the set");

        vm.expectRevert(abi.encodeWithSelector(INodeRegistry.NodeRegistryWrongStake.selector, 1, NO_SHOW));
        vm.prank(w[2]);
        tm.topUpStake{value: 1}();
        vm.expectEmit();
        emit INodeRegistry.NodeReactivated(w[2], NO_SHOW);
        vm.prank(w[2]);
        tm.topUpStake{value: NO_SHOW}();

        assertEq(tm.getNode(w[2]).status, uint256(INodeRegistry.NodeStatus.Active), "active again");
        assertEq(tm.getNode(w[2]).stake, STAKE, "full stake");
        assertEq(tm.availableCount(GPU), 3, "back in the set");
        assertEq(address(tm).balance, books(), "books");
    }

    function test_RevertWhen_topUpStakeOfAnActiveNode() public {
        vm.expectRevert(
            abi.encodeWithSelector(
                INodeRegistry.NodeRegistryNotRegistered.selector, nodes[0], uint8(INodeRegistry.NodeStatus.Active)
            )
        );
        vm.prank(nodes[0]);
        tm.topUpStake{value: 1}();
    }

    function test_startTask_picksOnlyNodesThatDeclareTheRequirements() public {
        address small = declare("small", 8192, ALL_EXECUTORS, 0);
        address noTorch = declare("noTorch", 80_000, 1, 0);
        address pricey = declare("pricey", 80_000, ALL_EXECUTORS, 2 ether);
        address fit = declare("fit", 80_000, 3, 0.5 ether);
        for (uint256 i = 0; i < 3; ++i) {
            vm.prank(nodes[i]);
            tm.requestExit();
        }
        ITaskManager.TaskParams memory p = params(1, 0, 0);
        p.minVramMiB = 40_000;
        p.executors = 2;
        uint256 taskId = createAndStart(p, 1 ether);

        assertEq(replicasOf(taskId)[0], fit, "only the capable node");
        assertEq(tm.availableCount(GPU), 3, "the others stay available");
        assertTrue(small != fit && noTorch != fit && pricey != fit, "distinct");
    }

    function test_RevertWhen_startTaskFindsNoCapableNode() public {
        ITaskManager.TaskParams memory p = params(3, 0, 0);
        p.minVramMiB = 1_000_000;
        vm.prank(requester);
        uint256 taskId = tm.createTask{value: FEE}(p);
        vm.roll(block.number + 1);
        vm.expectRevert(abi.encodeWithSelector(ITaskManager.TaskManagerNotEnoughNodes.selector, taskId, GPU, 3, 3));
        tm.startTask(taskId);
        assertEq(tm.availableCount(GPU), 3, "set unchanged");
    }

    function declare(string memory name, uint32 vram, uint16 executors, uint128 minFee)
        internal
        returns (address node)
    {
        node = makeAddr(name);
        vm.deal(node, STAKE);
        vm.prank(node);
        tm.register{value: STAKE}(GPU, vram, executors, minFee, "");
    }

    function test_RevertWhen_requestExitByStranger() public {
        address stranger = makeAddr("stranger");
        vm.expectRevert(abi.encodeWithSelector(INodeRegistry.NodeRegistryNotRegistered.selector, stranger, 0));
        vm.prank(stranger);
        tm.requestExit();
    }

    function test_exitingNodeIsNeverSelected() public {
        vm.prank(nodes[0]);
        tm.requestExit();
        registerNode("spare");
        uint256 taskId = createExact(3);
        address[] memory workers = replicasOf(taskId);
        for (uint256 i = 0; i < workers.length; ++i) {
            assertTrue(workers[i] != nodes[0], "exiting node selected");
        }
    }

    function test_RevertWhen_constructorWithoutTreasury() public {
        vm.expectRevert(abi.encodeWithSelector(INodeRegistry.NodeRegistryInvalidConfig.selector, STAKE, SLASH, NO_SHOW));
        new TaskManager(STAKE, SLASH, NO_SHOW, UNBONDING, address(0), MIN_WINDOW, MIN_FEE);
    }

    function test_RevertWhen_constructorNoShowBelowSlash() public {
        vm.expectRevert(
            abi.encodeWithSelector(INodeRegistry.NodeRegistryInvalidConfig.selector, STAKE, SLASH, SLASH - 1)
        );
        new TaskManager(STAKE, SLASH, SLASH - 1, UNBONDING, TREASURY, MIN_WINDOW, MIN_FEE);
    }

    function test_views_reportConfiguration() public view {
        assertEq(tm.nodeStake(), STAKE, "stake");
        assertEq(tm.slashAmount(), SLASH, "slash");
        assertEq(tm.noShowAmount(), NO_SHOW, "no-show");
        assertEq(tm.unbondingBlocks(), UNBONDING, "unbonding");
        assertEq(tm.treasury(), TREASURY, "treasury");
        assertEq(tm.minWindow(), MIN_WINDOW, "min window");
        assertEq(tm.minFeePerReplica(), MIN_FEE, "min fee");
    }
}

// SPDX-License-Identifier: Apache-2.0
pragma solidity 0.8.28;

import {TaskManagerFixture} from "../utils/TaskManagerFixture.sol";
import {TaskManager} from "../../src/TaskManager.sol";
import {INodeRegistry} from "../../src/interfaces/INodeRegistry.sol";

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

    function test_RevertWhen_requestExitWhileAssigned() public {
        uint256 taskId = createExact(3);
        vm.expectRevert(abi.encodeWithSelector(INodeRegistry.NodeRegistryNodeBusy.selector, nodes[1], taskId));
        vm.prank(nodes[1]);
        tm.requestExit();
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
    }
}

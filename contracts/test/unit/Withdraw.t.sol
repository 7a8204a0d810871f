// SPDX-License-Identifier: Apache-2.0
pragma solidity 0.8.28;

import {TaskManagerFixture} from "../utils/TaskManagerFixture.sol";
import {ITaskManager} from "../../src/interfaces/ITaskManager.sol";
import {HostileReceiver} from "../mocks/HostileReceiver.sol";
import {ReentrancyGuardTransient} from "@openzeppelin/contracts/utils/ReentrancyGuardTransient.sol";

contract WithdrawTest is TaskManagerFixture {
    HostileReceiver internal hostile;

    function setUp() public {
        setUpManager(3);
        hostile = new HostileReceiver(tm);
        vm.deal(address(hostile), 10 ether);
        // A task the hostile requester cancels refunds its fee to it.
        vm.prank(address(hostile));
        uint256 taskId = hostile.createTask{value: FEE}(params(3, 0, 0));
        hostile.cancelTask(taskId);
    }

    function test_RevertWhen_recipientRefusesPayment() public {
        uint256 owedBefore = tm.owed(address(hostile));
        vm.expectRevert(
            abi.encodeWithSelector(ITaskManager.TaskManagerTransferFailed.selector, address(hostile), owedBefore)
        );
        hostile.withdraw();
        assertEq(tm.owed(address(hostile)), owedBefore, "credit kept after failed payment");
    }

    function test_withdraw_blocksReentry() public {
        hostile.setReenter(true);
        uint256 owedBefore = tm.owed(address(hostile));
        uint256 balanceBefore = address(hostile).balance;
        hostile.withdraw();

        assertTrue(hostile.reentryFailed(), "re-entry failed");
        // Checks-effects-interactions alone would fail the re-entry with NothingToWithdraw; the
        // guard must be what stops it.
        assertEq(
            keccak256(hostile.reentryError()),
            keccak256(abi.encodeWithSelector(ReentrancyGuardTransient.ReentrancyGuardReentrantCall.selector)),
            "stopped by the reentrancy guard"
        );
        assertEq(address(hostile).balance, balanceBefore + owedBefore, "paid once");
        assertEq(tm.owed(address(hostile)), 0, "nothing left");
        assertEq(address(tm).balance, books(), "books");
    }
}

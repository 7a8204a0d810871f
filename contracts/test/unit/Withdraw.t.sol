// SPDX-License-Identifier: Apache-2.0
pragma solidity 0.8.28;

import {TaskManagerFixture} from "../utils/TaskManagerFixture.sol";
import {ITaskManager} from "../../src/interfaces/ITaskManager.sol";
import {HostileReceiver} from "../mocks/HostileReceiver.sol";

contract WithdrawTest is TaskManagerFixture {
    HostileReceiver internal hostile;

    function setUp() public {
        setUpManager(3);
        hostile = new HostileReceiver(tm);
        vm.deal(address(hostile), 10 ether);
        // A task nobody commits to expires and refunds its fee to the hostile requester.
        vm.prank(address(hostile));
        uint256 taskId = hostile.createTask{value: FEE}(params(3, 0, 0));
        vm.roll(block.number + COMMIT_WINDOW + 1);
        tm.finalize(taskId);
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

        assertTrue(hostile.reentryFailed(), "re-entry was blocked");
        assertEq(address(hostile).balance, balanceBefore + owedBefore, "paid once");
        assertEq(tm.owed(address(hostile)), 0, "nothing left");
        assertEq(address(tm).balance, books(), "books");
    }
}

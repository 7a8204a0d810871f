// SPDX-License-Identifier: Apache-2.0
pragma solidity 0.8.28;

import {BaseTest} from "../utils/BaseTest.sol";
import {CommitReveal} from "../../src/libraries/CommitReveal.sol";
import {Commitments} from "../../src/libraries/Commitments.sol";
import {JobStorage} from "../../src/libraries/JobStorage.sol";

contract CommitRevealTest is BaseTest {
    function testFuzz_commit_setsOnlyTheSeatsBitOnce(uint256 committed, uint8 seat) public pure {
        (uint256 updated, CommitReveal.Refusal refusal) = CommitReveal.commit(committed, seat);
        if (committed & (1 << seat) != 0) {
            assertTrue(refusal == CommitReveal.Refusal.AlreadyCommitted, "a second commit is refused");
            assertEq(updated, committed, "a refused commit changes nothing");
        } else {
            assertTrue(refusal == CommitReveal.Refusal.None, "a first commit is accepted");
            assertEq(updated, committed | (1 << seat), "a commit sets the seat's bit");
        }
    }

    function testFuzz_reveal_needsACommitAndOnlyOnce(uint256 committed, uint256 revealed, uint8 seat) public pure {
        (uint256 updated, CommitReveal.Refusal refusal) = CommitReveal.reveal(committed, revealed, seat);
        uint256 bit = 1 << seat;
        CommitReveal.Refusal expected = committed & bit == 0
            ? CommitReveal.Refusal.NotCommitted
            : revealed & bit != 0 ? CommitReveal.Refusal.AlreadyRevealed : CommitReveal.Refusal.None;
        assertEq(uint256(refusal), uint256(expected), "refusal");
        assertEq(updated, expected == CommitReveal.Refusal.None ? revealed | bit : revealed, "revealed mask");
    }

    function test_allIn_closesTheStageOnlyWhenEverySeatActed() public pure {
        assertTrue(CommitReveal.allIn(0x7, 0x7), "every seat");
        assertTrue(CommitReveal.allIn(0xf, 0x7), "extra seats do not matter");
        assertTrue(!CommitReveal.allIn(0x5, 0x7), "one seat missing");
    }

    function test_isOpen_includesTheDeadlineBlock() public {
        vm.roll(100);
        assertTrue(CommitReveal.isOpen(100), "open at its deadline");
        assertTrue(!CommitReveal.isOpen(99), "closed after it");
    }

    function test_revealDeadline_countsFromWhenCommitsClosed() public {
        vm.roll(100);
        assertEq(CommitReveal.revealDeadline(105, 10), 110, "every seat in early: from this block");
        assertEq(CommitReveal.revealDeadline(100, 10), 110, "in at the deadline block");
        assertEq(CommitReveal.revealDeadline(90, 10), 100, "commit window timed out: from its deadline");
    }

    function test_commitment_bindsChainContractKeyAndCaller() public view {
        bytes32 expected = Commitments.compute(
            block.chainid, address(this), 7, msg.sender, keccak256("d"), keccak256("f"), keccak256("s")
        );
        assertEq(CommitReveal.commitment(7, keccak256("d"), keccak256("f"), keccak256("s")), expected, "commitment");
    }

    function test_jobStorageSlot_isTheErc7201SlotOfItsNamespace() public pure {
        bytes32 slot =
            keccak256(abi.encode(uint256(keccak256("deai.storage.TrainingJobs")) - 1)) & ~bytes32(uint256(0xff));
        assertEq(JobStorage.SLOT, slot, "erc7201:deai.storage.TrainingJobs");
    }
}

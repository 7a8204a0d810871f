// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.24;

import {Commitments} from "./Commitments.sol";

/// @title Commit-reveal rules over seat masks and commitment words.
/// @notice A stage's seats commit in a bit mask (bit i: seat i) and their commitments in a word
/// array; a reveal must come from a seat that committed and not yet revealed, and must open its
/// word, Commitments.compute(chainid, this contract, key, the caller, resultDigest, fingerprint,
/// salt). A window is open up to and including its deadline block, and a reveal window runs
/// `revealWindow` blocks from the block its commits closed (`revealDeadline`). The functions return
/// facts (`Refusal`) and the caller reverts with its own errors, so each contract keeps its ABI.
/// TaskManager uses it for its tasks' rounds, TrainingJobs for its update and aggregate stages.
library CommitReveal {
    /// @notice Why a seat's commit or reveal is refused.
    enum Refusal {
        None,
        AlreadyCommitted,
        NotCommitted,
        AlreadyRevealed
    }

    /// @notice Records seat `seat` in the `committed` mask.
    /// @return updated The mask with the seat's bit set.
    /// @return refusal AlreadyCommitted when the bit was already set (then `updated` is unchanged).
    function commit(uint256 committed, uint256 seat) internal pure returns (uint256 updated, Refusal refusal) {
        uint256 bit = 1 << seat;
        if (committed & bit != 0) return (committed, Refusal.AlreadyCommitted);
        return (committed | bit, Refusal.None);
    }

    /// @notice Records seat `seat` in the `revealed` mask, given the stage's `committed` mask.
    /// @return updated The revealed mask with the seat's bit set.
    /// @return refusal NotCommitted or AlreadyRevealed (then `updated` is unchanged).
    function reveal(uint256 committed, uint256 revealed, uint256 seat)
        internal
        pure
        returns (uint256 updated, Refusal refusal)
    {
        uint256 bit = 1 << seat;
        if (committed & bit == 0) return (revealed, Refusal.NotCommitted);
        if (revealed & bit != 0) return (revealed, Refusal.AlreadyRevealed);
        return (revealed | bit, Refusal.None);
    }

    /// @notice The commitment the caller's reveal opens, bound to this chain, this contract,
    /// `key` (the task id, or a job's round key) and the caller.
    function commitment(uint256 key, bytes32 resultDigest, bytes32 fingerprint, bytes32 salt)
        internal
        view
        returns (bytes32)
    {
        return Commitments.compute(block.chainid, address(this), key, msg.sender, resultDigest, fingerprint, salt);
    }

    /// @notice True when every seat of `seats` is in `mask` (the stage can close early).
    function allIn(uint256 mask, uint256 seats) internal pure returns (bool) {
        return mask & seats == seats;
    }

    /// @notice True while a window that closes after block `deadline` is still open.
    function isOpen(uint256 deadline) internal view returns (bool) {
        return block.number <= deadline;
    }

    /// @notice Last block of the reveal window that follows a commit window ending at
    /// `commitDeadline`: commits close at the current block when every seat is in before the
    /// deadline, else at the deadline itself, and reveals stay open `revealWindow` blocks after that.
    function revealDeadline(uint256 commitDeadline, uint256 revealWindow) internal view returns (uint256) {
        return (block.number < commitDeadline ? block.number : commitDeadline) + revealWindow;
    }
}

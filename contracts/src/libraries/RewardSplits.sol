// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.24;

import {Math} from "@openzeppelin/contracts/utils/math/Math.sol";

/// @title RewardSplits
/// @notice Splits a training round's reward pool by fixed-point contribution scores in integer wei,
/// bit for bit as the Java `RewardSplit` (golden vectors in test/vectors/reward-split.json): trainer
/// i gets floor(pool * max(0, s_i) / sum_j max(0, s_j)), computed at full 512-bit precision, and the
/// remainder (dust) goes back to the requester. When no score is positive the whole pool is dust.
library RewardSplits {
    /// @notice The digest committee members commit to for a score vector.
    function scoresDigest(int64[] memory scores) internal pure returns (bytes32) {
        return keccak256(abi.encode(scores));
    }

    /// @notice Payouts per trainer and the dust, which sum to exactly `pool`.
    function split(uint256 pool, int64[] memory scores) internal pure returns (uint256[] memory payouts, uint256 dust) {
        uint256 total;
        for (uint256 i = 0; i < scores.length; ++i) {
            if (scores[i] > 0) total += uint256(uint64(scores[i]));
        }
        payouts = new uint256[](scores.length);
        dust = pool;
        if (total == 0) return (payouts, dust);
        for (uint256 i = 0; i < scores.length; ++i) {
            if (scores[i] > 0) {
                uint256 share = Math.mulDiv(pool, uint256(uint64(scores[i])), total);
                payouts[i] = share;
                dust -= share;
            }
        }
    }
}

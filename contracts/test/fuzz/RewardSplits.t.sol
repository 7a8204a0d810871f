// SPDX-License-Identifier: Apache-2.0
pragma solidity 0.8.28;

import {BaseTest} from "../utils/BaseTest.sol";
import {RewardSplits} from "../../src/libraries/RewardSplits.sol";

contract RewardSplitsFuzzTest is BaseTest {
    function testFuzz_split_paysOutExactlyThePool(uint256 pool, int64[] memory scores) public pure {
        if (scores.length > 64) return; // the contract bounds trainers per round far below this
        (uint256[] memory payouts, uint256 dust) = RewardSplits.split(pool, scores);
        uint256 paid;
        for (uint256 i = 0; i < payouts.length; ++i) {
            if (scores[i] <= 0) assertEq(payouts[i], 0, "non-positive score paid");
            paid += payouts[i];
        }
        assertEq(paid + dust, pool, "pool not conserved");
    }

    function testFuzz_split_isProportional(uint128 pool, uint32 a, uint32 b) public pure {
        int64[] memory scores = new int64[](2);
        scores[0] = int64(uint64(a) + 1);
        scores[1] = int64(uint64(b) + 1);
        (uint256[] memory payouts,) = RewardSplits.split(pool, scores);
        uint256 total = uint256(a) + uint256(b) + 2;
        assertEq(payouts[0], uint256(pool) * (uint256(a) + 1) / total, "share of a");
        assertEq(payouts[1], uint256(pool) * (uint256(b) + 1) / total, "share of b");
    }
}

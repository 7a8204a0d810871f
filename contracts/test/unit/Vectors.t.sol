// SPDX-License-Identifier: Apache-2.0
pragma solidity 0.8.28;

import {BaseTest} from "../utils/BaseTest.sol";
import {Commitments} from "../../src/libraries/Commitments.sol";
import {Popcount} from "../../src/libraries/Popcount.sol";
import {RewardSplits} from "../../src/libraries/RewardSplits.sol";
import {Verdicts} from "../../src/libraries/Verdicts.sol";

/// @notice Checks the golden vectors that the Java suite reads too (test/vectors/*.json).
contract VectorsTest is BaseTest {
    function test_commitmentVectors_matchLibrary() public view {
        string memory json = vm.readFile("test/vectors/commitment.json");
        assertEq(vm.parseJsonBytes32(json, ".commitTag"), Commitments.COMMIT_TAG, "tag");
        uint256 count = 8;
        for (uint256 i = 0; i < count; ++i) {
            string memory p = string.concat(".cases[", vm.toString(i), "].");
            bytes32 computed = Commitments.compute(
                vm.parseJsonUint(json, string.concat(p, "chainId")),
                vm.parseJsonAddress(json, string.concat(p, "taskManager")),
                vm.parseJsonUint(json, string.concat(p, "taskId")),
                vm.parseJsonAddress(json, string.concat(p, "worker")),
                vm.parseJsonBytes32(json, string.concat(p, "resultDigest")),
                vm.parseJsonBytes32(json, string.concat(p, "fingerprint")),
                vm.parseJsonBytes32(json, string.concat(p, "salt"))
            );
            assertEq(computed, vm.parseJsonBytes32(json, string.concat(p, "commitment")), "commitment");
        }
    }

    function test_distanceVectors_matchPopcountAndRule() public view {
        string memory json = vm.readFile("test/vectors/simhash-distance.json");
        for (uint256 i = 0; i < 20; ++i) {
            string memory p = string.concat(".cases[", vm.toString(i), "].");
            bytes32 a = vm.parseJsonBytes32(json, string.concat(p, "a"));
            bytes32 b = vm.parseJsonBytes32(json, string.concat(p, "b"));
            uint256 maxDistance = vm.parseJsonUint(json, string.concat(p, "maxDistance"));
            assertEq(Popcount.distance(a, b), vm.parseJsonUint(json, string.concat(p, "distance")), "distance");
            bool agree = Verdicts.agree(a, b, true, maxDistance);
            assertTrue(agree == vm.parseJsonBool(json, string.concat(p, "agree")), "agree");
        }
    }

    function test_rewardSplitVectors_matchLibrary() public view {
        string memory json = vm.readFile("test/vectors/reward-split.json");
        for (uint256 i = 0; i < 12; ++i) {
            string memory p = string.concat(".cases[", vm.toString(i), "].");
            int64[] memory scores = _scores(json, string.concat(p, "scores"));
            (uint256[] memory payouts, uint256 dust) =
                RewardSplits.split(vm.parseJsonUint(json, string.concat(p, "pool")), scores);
            uint256[] memory expected = vm.parseJsonUintArray(json, string.concat(p, "payouts"));
            assertEq(payouts.length, expected.length, "payout count");
            for (uint256 k = 0; k < expected.length; ++k) {
                assertEq(payouts[k], expected[k], "payout");
            }
            assertEq(dust, vm.parseJsonUint(json, string.concat(p, "dust")), "dust");
        }
    }

    function test_scoresDigestVectors_matchLibrary() public view {
        string memory json = vm.readFile("test/vectors/scores-digest.json");
        for (uint256 i = 0; i < 4; ++i) {
            string memory p = string.concat(".cases[", vm.toString(i), "].");
            int64[] memory scores = _scores(json, string.concat(p, "scores"));
            assertEq(RewardSplits.scoresDigest(scores), vm.parseJsonBytes32(json, string.concat(p, "digest")), "digest");
        }
    }

    function _scores(string memory json, string memory key) private pure returns (int64[] memory scores) {
        int256[] memory raw = vm.parseJsonIntArray(json, key);
        scores = new int64[](raw.length);
        for (uint256 k = 0; k < raw.length; ++k) {
            scores[k] = int64(raw[k]);
        }
    }
}

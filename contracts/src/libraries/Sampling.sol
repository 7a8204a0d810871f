// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.24;

/// @title The two consensus-critical rules of sampled validation, shared by TaskManager, its tests
/// and the golden vectors (contracts/test/vectors/sampling.json, mirrored in Java by
/// network.deai.contracts.abi.SamplingRules).
library Sampling {
    /// @notice Domain tag of the check decision's seed.
    bytes32 internal constant SAMPLE_TAG = keccak256("deai.sample.v1");
    /// @notice Basis points in one.
    uint256 internal constant BPS = 10_000;

    /// @notice The check decision of `taskId`: seed = keccak256(abi.encode(blockHash, taskId,
    /// SAMPLE_TAG)); checked iff uint256(seed) % 10000 < rateBps.
    function decide(bytes32 blockHash, uint256 taskId, uint256 rateBps)
        internal
        pure
        returns (bytes32 seed, bool checked)
    {
        seed = keccak256(abi.encode(blockHash, taskId, SAMPLE_TAG));
        checked = uint256(seed) % BPS < rateBps;
    }

    /// @notice The lowest rate that makes cheating unprofitable:
    /// ceil(10000 · feePerSeat / (feePerSeat + slash)) basis points (10000 when both are 0).
    function minRateBps(uint256 feePerSeat, uint256 slash) internal pure returns (uint256) {
        uint256 denominator = feePerSeat + slash;
        if (denominator == 0) return BPS;
        return (BPS * feePerSeat + denominator - 1) / denominator;
    }
}

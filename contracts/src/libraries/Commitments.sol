// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.24;

/// @title The commit-reveal binding shared with the Java side (network.deai.contracts.abi.Commitment).
library Commitments {
    /// @notice keccak256("deai.commit.v1").
    bytes32 internal constant COMMIT_TAG = keccak256("deai.commit.v1");

    /// @notice keccak256(abi.encode(COMMIT_TAG, chainId, taskManager, taskId, worker, resultDigest,
    /// fingerprint, salt)).
    function compute(
        uint256 chainId,
        address taskManager,
        uint256 taskId,
        address worker,
        bytes32 resultDigest,
        bytes32 fingerprint,
        bytes32 salt
    ) internal pure returns (bytes32) {
        return keccak256(abi.encode(COMMIT_TAG, chainId, taskManager, taskId, worker, resultDigest, fingerprint, salt));
    }
}

// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.24;

/// @title Word-parallel population count and Hamming distance of 256-bit words.
library Popcount {
    uint256 private constant M1 = 0x5555555555555555555555555555555555555555555555555555555555555555;
    uint256 private constant M2 = 0x3333333333333333333333333333333333333333333333333333333333333333;
    uint256 private constant M4 = 0x0f0f0f0f0f0f0f0f0f0f0f0f0f0f0f0f0f0f0f0f0f0f0f0f0f0f0f0f0f0f0f0f;
    uint256 private constant M8 = 0x00ff00ff00ff00ff00ff00ff00ff00ff00ff00ff00ff00ff00ff00ff00ff00ff;
    uint256 private constant M16 = 0x0000ffff0000ffff0000ffff0000ffff0000ffff0000ffff0000ffff0000ffff;
    uint256 private constant M32 = 0x00000000ffffffff00000000ffffffff00000000ffffffff00000000ffffffff;
    uint256 private constant M64 = 0x0000000000000000ffffffffffffffff0000000000000000ffffffffffffffff;
    uint256 private constant M128 = 0x00000000000000000000000000000000ffffffffffffffffffffffffffffffff;

    /// @notice Number of set bits of `x` (0..256), summed in parallel lanes of doubling width.
    function count(uint256 x) internal pure returns (uint256) {
        // Each step adds neighbouring lanes; a lane of w bits holds at most w ones, which always
        // fits in the lane, so nothing overflows and unchecked is safe.
        unchecked {
            x = (x & M1) + ((x >> 1) & M1);
            x = (x & M2) + ((x >> 2) & M2);
            x = (x & M4) + ((x >> 4) & M4);
            x = (x & M8) + ((x >> 8) & M8);
            x = (x & M16) + ((x >> 16) & M16);
            x = (x & M32) + ((x >> 32) & M32);
            x = (x & M64) + ((x >> 64) & M64);
            return (x & M128) + (x >> 128);
        }
    }

    /// @notice Hamming distance between two 256-bit fingerprints.
    function distance(bytes32 a, bytes32 b) internal pure returns (uint256) {
        return count(uint256(a ^ b));
    }
}

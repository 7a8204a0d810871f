// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.24;

import {Popcount} from "./Popcount.sol";

/// @title The consensus rule over revealed fingerprints (mirrored by the Java verifier).
library Verdicts {
    /// @notice Finds the agreeing group.
    /// @param fingerprints Fingerprint of replica i at index i (ignored where not revealed).
    /// @param revealedMask Bit i set when replica i revealed.
    /// @param similar False: agree iff equal. True: agree iff popcount(a ^ b) <= maxDistance.
    /// @return representative The revealed replica with the most agreeing peers (ties: lowest index).
    /// @return groupMask The representative and its agreeing peers (0 when nothing was revealed).
    /// @return groupSize Number of bits set in groupMask.
    /// @return rivalled True when another replica's group has the same size but other members: the
    /// verdict would then hang on replica order, so callers treat it as no agreement. In EXACT mode
    /// this needs two disjoint groups, which a strict-majority quorum already rejects; in SIMILAR
    /// mode overlapping groups can rival a group that reaches the quorum.
    function best(bytes32[] memory fingerprints, uint256 revealedMask, bool similar, uint256 maxDistance)
        internal
        pure
        returns (uint256 representative, uint256 groupMask, uint256 groupSize, bool rivalled)
    {
        uint256 n = fingerprints.length;
        for (uint256 i = 0; i < n; ++i) {
            if (revealedMask & (1 << i) == 0) continue;
            uint256 mask = 1 << i;
            uint256 size = 1;
            for (uint256 j = 0; j < n; ++j) {
                if (j == i || revealedMask & (1 << j) == 0) continue;
                if (agree(fingerprints[i], fingerprints[j], similar, maxDistance)) {
                    mask |= 1 << j;
                    ++size;
                }
            }
            if (size > groupSize) {
                (representative, groupMask, groupSize, rivalled) = (i, mask, size, false);
            } else if (size == groupSize && mask != groupMask) {
                rivalled = true;
            }
        }
    }

    /// @notice Whether two fingerprints agree under the task's mode.
    function agree(bytes32 a, bytes32 b, bool similar, uint256 maxDistance) internal pure returns (bool) {
        return similar ? Popcount.distance(a, b) <= maxDistance : a == b;
    }

    /// @notice Whether an agreeing group of `size` out of `total` may slash those who disagree: it
    /// must hold at least two thirds of them and at least 3 members (NodeRegistry._canSlash).
    function canSlash(uint256 size, uint256 total) internal pure returns (bool) {
        return size >= 3 && 3 * size >= 2 * total;
    }
}

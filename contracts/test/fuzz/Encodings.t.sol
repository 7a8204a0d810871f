// SPDX-License-Identifier: Apache-2.0
pragma solidity 0.8.28;

import {BaseTest} from "../utils/BaseTest.sol";
import {Commitments} from "../../src/libraries/Commitments.sol";
import {Popcount} from "../../src/libraries/Popcount.sol";
import {Verdicts} from "../../src/libraries/Verdicts.sol";

contract EncodingsFuzzTest is BaseTest {
    function testFuzz_commitment_matchesAbiEncode(
        uint256 chainId,
        address manager,
        uint256 taskId,
        address worker,
        bytes32 digest,
        bytes32 fingerprint,
        bytes32 salt
    ) public pure {
        bytes32 expected = keccak256(
            abi.encode(keccak256("deai.commit.v1"), chainId, manager, taskId, worker, digest, fingerprint, salt)
        );
        assertEq(Commitments.compute(chainId, manager, taskId, worker, digest, fingerprint, salt), expected, "commit");
    }

    function testFuzz_popcount_matchesBitLoop(uint256 x) public pure {
        uint256 naive;
        for (uint256 i = 0; i < 256; ++i) {
            naive += (x >> i) & 1;
        }
        assertEq(Popcount.count(x), naive, "popcount");
    }

    function testFuzz_verdict_matchesReference(uint256 seed, uint8 rRaw, uint16 maskRaw, bool similar, uint16 dRaw)
        public
        pure
    {
        uint256 r = bound(rRaw, 1, 7);
        uint256 revealed = uint256(maskRaw) & ((1 << r) - 1);
        uint256 maxDistance = similar ? bound(dRaw, 0, 256) : 0;
        bytes32[] memory fps = new bytes32[](r);
        bytes32 base = keccak256(abi.encode(seed));
        for (uint256 i = 0; i < r; ++i) {
            // A few distinct values plus small perturbations, so groups of several sizes occur.
            uint256 pick = uint256(keccak256(abi.encode(seed, i)));
            fps[i] = pick % 3 == 0 ? base : pick % 3 == 1 ? base ^ bytes32(pick >> 250) : bytes32(pick);
        }
        checkVerdict(fps, revealed, similar, maxDistance);
    }

    function checkVerdict(bytes32[] memory fps, uint256 revealed, bool similar, uint256 maxDistance) internal pure {
        (uint256 rep, uint256 mask, uint256 size, bool rivalled) = Verdicts.best(fps, revealed, similar, maxDistance);
        (uint256 refRep, uint256 refMask, uint256 refSize, bool refRivalled) =
            referenceVerdict(fps, revealed, similar, maxDistance);
        assertEq(size, refSize, "size");
        assertTrue(rivalled == refRivalled, "rivalled");
        assertEq(mask, refMask, "mask");
        if (size > 0) assertEq(rep, refRep, "representative");
    }

    /// @dev Straightforward rule: count agreeing peers bit by bit, first best index wins; the
    /// verdict is rivalled when a later replica's group of the best size has other members.
    function referenceVerdict(bytes32[] memory fps, uint256 revealed, bool similar, uint256 maxDistance)
        internal
        pure
        returns (uint256 rep, uint256 mask, uint256 size, bool rivalled)
    {
        uint256[] memory masks = new uint256[](fps.length);
        for (uint256 i = 0; i < fps.length; ++i) {
            if ((revealed >> i) & 1 == 0) continue;
            uint256 m = 1 << i;
            uint256 s = 1;
            for (uint256 j = 0; j < fps.length; ++j) {
                if (j == i || (revealed >> j) & 1 == 0) continue;
                if (similar ? popcount(uint256(fps[i] ^ fps[j])) <= maxDistance : fps[i] == fps[j]) {
                    m |= 1 << j;
                    ++s;
                }
            }
            masks[i] = m;
            if (s > size) (rep, mask, size) = (i, m, s);
        }
        for (uint256 i = 0; i < fps.length; ++i) {
            if ((revealed >> i) & 1 == 1 && masks[i] != mask && popcount(masks[i]) == size) rivalled = true;
        }
    }

    /// @dev Bit by bit, unlike the word-parallel library code it checks.
    function popcount(uint256 x) internal pure returns (uint256 n) {
        for (uint256 b = 0; b < 256; ++b) {
            n += (x >> b) & 1;
        }
    }
}

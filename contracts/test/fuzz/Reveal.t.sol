// SPDX-License-Identifier: Apache-2.0
pragma solidity 0.8.28;

import {TaskManagerFixture} from "../utils/TaskManagerFixture.sol";
import {ITaskManager} from "../../src/interfaces/ITaskManager.sol";

contract RevealFuzzTest is TaskManagerFixture {
    function setUp() public {
        setUpManager(3);
    }

    /// @dev A reveal passes only with exactly the committed (digest, fingerprint, salt).
    function testFuzz_reveal_acceptsOnlyTheCommittedTuple(bytes32 fingerprint, bytes32 salt, uint8 field, bytes32 flip)
        public
    {
        uint256 taskId = createAndStart(params(3, 1, 8), FEE);
        address[] memory w = replicasOf(taskId);
        bytes32 digest = keccak256("digest");
        for (uint256 i = 0; i < 3; ++i) {
            vm.prank(w[i]);
            tm.commit(taskId, commitmentOf(taskId, w[i], digest, fingerprint, salt));
        }
        if (flip == bytes32(0)) flip = bytes32(uint256(1));
        uint256 which = bound(field, 0, 2);
        bytes32 d = which == 0 ? digest ^ flip : digest;
        bytes32 f = which == 1 ? fingerprint ^ flip : fingerprint;
        bytes32 s = which == 2 ? salt ^ flip : salt;
        bytes32 committed = commitmentOf(taskId, w[0], digest, fingerprint, salt);
        vm.expectRevert(
            abi.encodeWithSelector(
                ITaskManager.TaskManagerCommitmentMismatch.selector,
                taskId,
                w[0],
                committed,
                commitmentOf(taskId, w[0], d, f, s)
            )
        );
        vm.prank(w[0]);
        tm.reveal(taskId, d, f, s, "");
        vm.prank(w[0]);
        tm.reveal(taskId, digest, fingerprint, salt, "");
        assertTrue(tm.getReplica(taskId, 0).revealed, "revealed");
    }
}

// SPDX-License-Identifier: Apache-2.0
pragma solidity 0.8.28;

import {TaskManagerFixture} from "../utils/TaskManagerFixture.sol";
import {ITaskManager} from "../../src/interfaces/ITaskManager.sol";
import {Sampling} from "../../src/libraries/Sampling.sol";
import {Console} from "../utils/Console.sol";
import {TaskManagerViews} from "../../src/TaskManagerViews.sol";

/// @notice TaskManager's struct-building views (getTask, getReplicas, getReplica, getSampling,
/// challengeBond) for a task in each state. The digests were recorded when the views were still
/// compiled into TaskManager itself; they now run in TaskManagerViews, DELEGATECALLed over
/// TaskManager's storage, and must say exactly the same. `SamplingView.checked` has gone since (the
/// stage says it): the digests hash it back in as `stage == Checked`, so they also pin that the two
/// agree in every state built here.
contract TaskManagerViewsTest is TaskManagerFixture {
    /// @dev SamplingView as it was when the digests were recorded.
    struct RecordedSamplingView {
        uint8 stage;
        uint16 sampleRateBps;
        uint8 validators;
        uint64 decisionBlock;
        bool checked;
        address challenger;
        uint256 bond;
        uint64 challengeDeadline;
    }

    bytes32 internal constant GOOD = keccak256("good result");
    bytes32 internal constant BAD = keccak256("bad result");
    bytes32 internal constant OTHER = keccak256("other result");
    uint16 internal constant RATE = 5000;

    function setUp() public {
        setUpManager(20);
    }

    function test_views_pending() public {
        vm.prank(requester);
        uint256 taskId = tm.createTask{value: FEE}(params(3, 0, 0));
        check(taskId, 0xf10a1ee948003267ee5c21ba10a1c746634331c753562bcb3e3fbfa9e729e086);
    }

    function test_views_cancelled() public {
        vm.prank(requester);
        uint256 taskId = tm.createTask{value: FEE}(params(3, 0, 0));
        vm.prank(requester);
        tm.cancelTask(taskId);
        check(taskId, 0x82d6844313dfd6ee0fff65e68f5306348a47fb5bc60cab55e3b7d4a2057a3e87);
    }

    function test_views_committingAndRevealing() public {
        uint256 taskId = createExact(3);
        address[] memory w = replicasOf(taskId);
        doCommit(taskId, w[0], GOOD, GOOD);
        check(taskId, 0xccd78cbcd66fd7a51e32334d59ff91f7a9f81d5efdeca9ce44757c72b7815289);
        doCommit(taskId, w[1], GOOD, GOOD);
        doCommit(taskId, w[2], GOOD, GOOD);
        doReveal(taskId, w[0], GOOD, GOOD);
        check(taskId, 0x82ce8e457dd185ce00c2fb14c29a6c204f454452809364f24df48e620a650918);
    }

    function test_views_settledWithASlashedReplica_andAbstainer() public {
        uint256 taskId = createExact(5);
        address[] memory w = replicasOf(taskId);
        vm.roll(tm.getTask(taskId).commitDeadline);
        vm.prank(w[4]);
        tm.abstain(taskId);
        for (uint256 i = 0; i < 4; ++i) {
            doCommit(taskId, w[i], i == 3 ? BAD : GOOD, i == 3 ? BAD : GOOD);
        }
        for (uint256 i = 0; i < 4; ++i) {
            doReveal(taskId, w[i], i == 3 ? BAD : GOOD, i == 3 ? BAD : GOOD);
        }
        tm.finalize(taskId);
        check(taskId, 0x367c6ea4b2ff8a424b01886f9a6bf4ca179198514f8e4db475c6edda97ae6c05);
    }

    function test_views_noShowAndExpired() public {
        uint256 taskId = createExact(3);
        address[] memory w = replicasOf(taskId);
        for (uint256 i = 0; i < 3; ++i) {
            doCommit(taskId, w[i], GOOD, GOOD);
        }
        doReveal(taskId, w[0], GOOD, GOOD);
        doReveal(taskId, w[1], GOOD, GOOD);
        vm.roll(tm.getTask(taskId).revealDeadline + 1);
        tm.finalize(taskId);
        check(taskId, 0xce7583ea0c197601414f35eb1f48d84342b2b5ab086bb71e35980da3a24f55c8);
        uint256 expired = createExact(3);
        vm.roll(tm.getTask(expired).commitDeadline + 1);
        tm.finalize(expired);
        check(expired, 0x926c59ff94c5d2b75ee4f468d0190eea2567906d2607be654a08275ffce8697a);
    }

    function test_views_escalationPendingStartedAndNoConsensus() public {
        uint256 taskId = createExact(3);
        address[] memory w = replicasOf(taskId);
        bytes32[3] memory results = [GOOD, BAD, OTHER];
        for (uint256 i = 0; i < 3; ++i) {
            doCommit(taskId, w[i], results[i], results[i]);
        }
        for (uint256 i = 0; i < 3; ++i) {
            doReveal(taskId, w[i], results[i], results[i]);
        }
        tm.finalize(taskId);
        check(taskId, 0x2fe243b10dd174fe025b5f40c24488c42f4943e3c955f6acdda5ec1e429bdc53);
        vm.roll(block.number + 1);
        tm.startTask(taskId);
        check(taskId, 0xe82f071e252c1f49d97853a793f3de2eb204d1d689087d04b90f25ca36f93c5a);
        vm.roll(tm.getTask(taskId).commitDeadline + 1);
        tm.finalize(taskId);
        check(taskId, 0x8ed288bf3465f5d4eea9f0a65af1f11c5ec12967850229812b5c30e71ca63676);
    }

    function test_views_sampledThroughEveryStage() public {
        (uint256 taskId, address executor) = sampled(0);
        check(taskId, 0xf5e4d3fc65556da3c1de9d0b398ccf1dd4142f55891849566682b58aa0d44ff8); // Executing, pending its decision
        decide(taskId, false);
        check(taskId, 0x9644bd0dfba7dddec483db15578d77a65663ebbddb414c90e3ff75d5f8c4599e); // Unchecked, revealing
        doReveal(taskId, executor, GOOD, GOOD);
        uint256 bond = tm.challengeBond(taskId);
        vm.deal(address(this), bond);
        tm.challenge{value: bond}(taskId);
        check(taskId, 0xb123106a947f63e5dfcceb97b219213755595662488f8cd2f07e034185ef0536); // Challenged
        vm.roll(block.number + 1);
        tm.startTask(taskId);
        check(taskId, 0x452ae2119baf31065b535410814d144ee71f4c3cbe6c26f246514db4c8578dbd); // ChallengeChecked, committing
        vm.roll(tm.getTask(taskId).commitDeadline + tm.getTask(taskId).revealWindow + 1);
        tm.finalize(taskId);
        check(taskId, 0x4ff5e63c1c3af1dc56c46b420e393ecc4384c1c0da7dcf32bf25521cc3948ed0);

        (uint256 checkedId,) = sampled(0);
        decide(checkedId, true);
        check(checkedId, 0x231996d58a967b3cd6bbf13c13bef697984816ae8a01f4b663b17b33edc186da); // Checked, committing
        (uint256 dodged,) = sampled(0);
        vm.roll(tm.getTask(dodged).startDeadline + 1);
        tm.finalize(dodged);
        check(dodged, 0xd4b788619a2a48af9466f029eab3ee45a3808fb969723446af6bc10e21dbefa3); // undecided: the executor a no-show
    }

    function test_views_checkedWithoutValidators() public {
        (uint256 taskId,) = sampled(1); // agedOut: decided checked, validators left to a later start
        check(taskId, 0x0f55b3a570cd593f60e0f4f516e83b7b13eeb1809dbd685490dd04de4abd735c);
        vm.roll(tm.getTask(taskId).startDeadline + 1);
        tm.finalize(taskId);
        check(taskId, 0x3c9d53d352d767b45b8b1f5d6a6b04ea657e8587362322e66cdc5f60e04459cb);
    }

    function test_views_calledDirectly_seeNoTask() public {
        uint256 taskId = createExact(3);
        TaskManagerViews views = new TaskManagerViews(0, 1, 2, SLASH, NO_SHOW);
        vm.expectRevert(abi.encodeWithSelector(ITaskManager.TaskManagerUnknownTask.selector, taskId));
        views.getTask(taskId);
    }

    function test_views_revertAsTaskManagerDid() public {
        vm.expectRevert(abi.encodeWithSelector(ITaskManager.TaskManagerUnknownTask.selector, 99));
        tm.getTask(99);
        uint256 taskId = createExact(3);
        vm.expectRevert(abi.encodeWithSelector(ITaskManager.TaskManagerInvalidReplicaIndex.selector, taskId, 3));
        tm.getReplica(taskId, 3);
    }

    // ---- helpers ----

    /// @dev A 3-replica sampled task whose executor committed GOOD; `agedOut` 1: its decision
    /// block then ages out and the decision is made.
    function sampled(uint256 agedOut) internal returns (uint256 taskId, address executor) {
        ITaskManager.TaskParams memory p = params(3, 0, 0);
        p.sampleRateBps = RATE;
        if (agedOut == 1) p.commitWindow = 300;
        taskId = createAndStart(p, FEE);
        executor = replicasOf(taskId)[0];
        doCommit(taskId, executor, GOOD, GOOD);
        if (agedOut == 1) {
            vm.roll(tm.getTask(taskId).seedBlock + 257);
            tm.startTask(taskId);
        }
    }

    function decide(uint256 taskId, bool checked) internal {
        uint256 seedBlock = tm.getTask(taskId).seedBlock;
        bytes32 hash;
        for (uint256 i = 0;; ++i) {
            hash = keccak256(abi.encode("hash", i));
            (, bool c) = Sampling.decide(hash, taskId, RATE);
            if (c == checked) break;
        }
        vm.roll(seedBlock + 1);
        vm.setBlockhash(seedBlock, hash);
        tm.startTask(taskId);
    }

    function recorded(ITaskManager.SamplingView memory s) internal pure returns (RecordedSamplingView memory) {
        return RecordedSamplingView({
            stage: s.stage,
            sampleRateBps: s.sampleRateBps,
            validators: s.validators,
            decisionBlock: s.decisionBlock,
            checked: s.stage == uint8(ITaskManager.SamplingStage.Checked),
            challenger: s.challenger,
            bond: s.bond,
            challengeDeadline: s.challengeDeadline
        });
    }

    /// @dev Everything the views say about `taskId`, hashed, against the digest recorded before
    /// the views moved (0: print it).
    function check(uint256 taskId, bytes32 expected) internal view {
        address[] memory w = tm.getReplicas(taskId);
        bytes memory all = abi.encode(tm.getTask(taskId), w, recorded(tm.getSampling(taskId)), tm.challengeBond(taskId));
        for (uint256 i = 0; i < w.length; ++i) {
            all = abi.encode(all, tm.getReplica(taskId, i));
        }
        bytes32 digest = keccak256(all);
        if (expected == 0) Console.log("digest", uint256(digest));
        else assertEq(digest, expected, "views unchanged");
    }
}

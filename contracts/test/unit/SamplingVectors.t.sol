// SPDX-License-Identifier: Apache-2.0
pragma solidity 0.8.28;

import {BaseTest} from "../utils/BaseTest.sol";
import {Sampling} from "../../src/libraries/Sampling.sol";

/// @notice Exposes the internal library functions as external calls, so that a revert can be caught.
contract SamplingHarness {
    function decide(bytes32 blockHash, uint256 taskId, uint256 rateBps)
        external
        pure
        returns (bytes32 seed, bool checked)
    {
        return Sampling.decide(blockHash, taskId, rateBps);
    }

    function minRateBps(uint256 feePerSeat, uint256 slash) external pure returns (uint256) {
        return Sampling.minRateBps(feePerSeat, slash);
    }
}

/// @notice Checks the Sampling library against test/vectors/sampling.json, which the Java suite
/// (SamplingRulesTest) reads too; the vectors come from an independent Python reference.
contract SamplingVectorsTest is BaseTest {
    string internal constant VECTORS = "test/vectors/sampling.json";
    SamplingHarness internal harness;

    function setUp() public {
        harness = new SamplingHarness();
    }

    function test_sampleTag_matchesVectors() public view {
        string memory json = vm.readFile(VECTORS);
        assertEq(Sampling.SAMPLE_TAG, vm.parseJsonBytes32(json, ".sampleTag"), "tag");
        assertEq(Sampling.SAMPLE_TAG, keccak256("deai.sample.v1"), "tag preimage");
    }

    function test_decide_matchesVectors() public view {
        string memory json = vm.readFile(VECTORS);
        uint256 count = vm.parseJsonUint(json, ".decisionCount");
        assertGe(count, 30, "decision count");
        for (uint256 i = 0; i < count; ++i) {
            string memory p = string.concat(".decisions[", vm.toString(i), "].");
            (bytes32 seed, bool checked) = harness.decide(
                vm.parseJsonBytes32(json, string.concat(p, "blockHash")),
                vm.parseJsonUint(json, string.concat(p, "taskId")),
                vm.parseJsonUint(json, string.concat(p, "rateBps"))
            );
            assertEq(seed, vm.parseJsonBytes32(json, string.concat(p, "seed")), "seed");
            assertEq(uint256(seed) % Sampling.BPS, vm.parseJsonUint(json, string.concat(p, "residue")), "residue");
            assertTrue(checked == vm.parseJsonBool(json, string.concat(p, "checked")), "checked");
        }
    }

    function test_minRateBps_matchesVectors() public view {
        string memory json = vm.readFile(VECTORS);
        uint256 count = vm.parseJsonUint(json, ".boundCount");
        assertGe(count, 30, "bound count");
        for (uint256 i = 0; i < count; ++i) {
            string memory p = string.concat(".bounds[", vm.toString(i), "].");
            assertEq(
                harness.minRateBps(
                    vm.parseJsonUint(json, string.concat(p, "feePerSeat")),
                    vm.parseJsonUint(json, string.concat(p, "slash"))
                ),
                vm.parseJsonUint(json, string.concat(p, "minRateBps")),
                "minRateBps"
            );
        }
    }

    function test_RevertWhen_minRateBpsOverflows() public view {
        string memory json = vm.readFile(VECTORS);
        uint256 count = vm.parseJsonUint(json, ".overflowCount");
        assertGe(count, 1, "overflow count");
        bytes32 overflowPanic = keccak256(abi.encodeWithSignature("Panic(uint256)", uint256(0x11)));
        for (uint256 i = 0; i < count; ++i) {
            string memory p = string.concat(".overflows[", vm.toString(i), "].");
            try harness.minRateBps(
                vm.parseJsonUint(json, string.concat(p, "feePerSeat")),
                vm.parseJsonUint(json, string.concat(p, "slash"))
            ) returns (
                uint256
            ) {
                revert AssertionFailedBool("expected an overflow");
            } catch (bytes memory reason) {
                assertEq(keccak256(reason), overflowPanic, "arithmetic overflow");
            }
        }
    }
}

// SPDX-License-Identifier: Apache-2.0
pragma solidity 0.8.28;
import {Hello} from "../src/Hello.sol";
contract HelloTest { function test_set() public { Hello h = new Hello(); h.set(3); require(h.x() == 3, "x"); } 
 function testFuzz_set(uint256 v) public { Hello h = new Hello(); h.set(v); require(h.x() == v, "x"); } }

// SPDX-License-Identifier: Apache-2.0
pragma solidity 0.8.28;
import {ReentrancyGuard} from "@openzeppelin/contracts/utils/ReentrancyGuard.sol";
contract Hello is ReentrancyGuard { uint256 public x; function set(uint256 v) external nonReentrant { x = v; } }

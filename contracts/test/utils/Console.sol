// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.24;

/// @notice The two console.log forms the measurement tests print with (`forge test -vv` shows
/// them); the npm forge-std package is unusable here.
library Console {
    address internal constant CONSOLE = 0x000000000000000000636F6e736F6c652e6c6f67;

    function log(string memory name, uint256 value) internal view {
        (bool ok,) = CONSOLE.staticcall(abi.encodeWithSignature("log(string,uint256)", name, value));
        ok;
    }

    function log(string memory name, int256 value) internal view {
        (bool ok,) = CONSOLE.staticcall(abi.encodeWithSignature("log(string,int256)", name, value));
        ok;
    }
}

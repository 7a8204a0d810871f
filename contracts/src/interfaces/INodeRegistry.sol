// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.24;

/// @title Registry of worker nodes: one fixed stake per identity.
/// @notice A node locks exactly `nodeStake` wei to register. One stake is one identity, so uniform
/// selection among available identities is stake-weighted selection and splitting stake buys
/// nothing. Exit goes through `requestExit` and an unbonding period counted in blocks; a node that
/// is assigned to a task cannot exit. Slashing lowers the stake; a node whose stake falls below
/// `nodeStake` is deactivated (never selected again) and may only exit.
interface INodeRegistry {
    /// @notice Lifecycle of a node identity.
    enum NodeStatus {
        None,
        Active,
        Exiting,
        Deactivated,
        Exited
    }

    /// @notice Everything an auditor needs to know about a node.
    /// @param stake Wei currently locked as stake.
    /// @param gpuClass GPU class the node serves; tasks name the class they need.
    /// @param vramMiB Memory of the node's accelerator, as declared.
    /// @param status A `NodeStatus` value.
    /// @param activeTask Task the node is assigned to, 0 when idle (task ids start at 1).
    /// @param exitBlock First block at which an exiting node may withdraw its stake.
    /// @param endpoint Where the node serves its artifacts (URL), as declared.
    /// @param owed Wei credited to the node and not yet withdrawn.
    /// @param slashCount How many times the node was slashed.
    struct NodeInfo {
        uint128 stake;
        uint32 gpuClass;
        uint32 vramMiB;
        uint8 status;
        uint64 activeTask;
        uint64 exitBlock;
        string endpoint;
        uint128 owed;
        uint32 slashCount;
    }

    /// @notice A node locked its stake and joined the available set of its GPU class.
    event NodeRegistered(address indexed node, uint32 indexed gpuClass, uint32 vramMiB, string endpoint, uint256 stake);
    /// @notice A node asked to leave; it may withdraw its stake from `exitBlock` on.
    event NodeExitRequested(address indexed node, uint256 exitBlock);
    /// @notice A node withdrew its remaining stake and left.
    event NodeStakeWithdrawn(address indexed node, uint256 amount);
    /// @notice A node's stake fell below `nodeStake` after a slash; it is no longer selected.
    event NodeDeactivated(address indexed node, uint256 remainingStake);

    /// @notice The stake sent to `register` was not exactly `nodeStake`.
    error NodeRegistryWrongStake(uint256 sent, uint256 required);
    /// @notice The address already has (or had) an identity; a node that exited registers anew from a new address.
    error NodeRegistryAlreadyRegistered(address node);
    /// @notice The address has no identity in the state the call needs.
    error NodeRegistryNotRegistered(address node, uint8 status);
    /// @notice The node is assigned to a task and cannot exit now.
    error NodeRegistryNodeBusy(address node, uint256 taskId);
    /// @notice The unbonding period has not passed yet.
    error NodeRegistryUnbonding(address node, uint256 exitBlock, uint256 blockNumber);
    /// @notice The endpoint is longer than `MAX_ENDPOINT_LENGTH` bytes.
    error NodeRegistryEndpointTooLong(uint256 length, uint256 max);
    /// @notice Constructor parameters are inconsistent (e.g. noShowAmount < slashAmount).
    error NodeRegistryInvalidConfig(uint256 nodeStake, uint256 slashAmount, uint256 noShowAmount);

    /// @notice Registers the caller as a node of `gpuClass`, locking exactly `nodeStake` wei.
    /// @param gpuClass GPU class served.
    /// @param vramMiB Declared accelerator memory.
    /// @param endpoint URL where the node serves artifacts (at most 256 bytes).
    function register(uint32 gpuClass, uint32 vramMiB, string calldata endpoint) external payable;

    /// @notice Starts the unbonding period of the caller (an idle active or a deactivated node).
    function requestExit() external;

    /// @notice Pays the caller's remaining stake once its unbonding period has passed.
    function withdrawStake() external;

    /// @notice The record of `node`.
    /// @param node Address of the node.
    /// @return info The node's record; status None for unknown addresses.
    function getNode(address node) external view returns (NodeInfo memory info);

    /// @notice Wei a node must lock to register.
    /// @return amount The fixed stake.
    function nodeStake() external view returns (uint256 amount);

    /// @notice Wei taken from a replica whose revealed result disagrees with the verdict.
    /// @return amount The penalty for a wrong result.
    function slashAmount() external view returns (uint256 amount);

    /// @notice Wei taken from a replica that did not commit or did not reveal (≥ slashAmount).
    /// @return amount The penalty for a no-show.
    function noShowAmount() external view returns (uint256 amount);

    /// @notice Blocks between `requestExit` and `withdrawStake`.
    /// @return blocks The unbonding period.
    function unbondingBlocks() external view returns (uint256 blocks);

    /// @notice Size of the available set of `gpuClass`; it may still hold nodes that asked to exit,
    /// which are dropped when selection meets them.
    /// @param gpuClass The GPU class.
    /// @return count Entries in the available set.
    function availableCount(uint32 gpuClass) external view returns (uint256 count);
}

// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.24;

/// @title Registry of worker nodes: one fixed stake per identity, declared capabilities.
/// @notice A node locks exactly `nodeStake` wei to register and declares what it can run: its GPU
/// class, its accelerator memory, a bit set of executor kinds and the least fee per replica it
/// works for. Selection only ever picks nodes whose declaration meets the work's requirements, so
/// an honest node never has to fail a task for lacking a capability. One stake is one identity, so
/// uniform selection among available identities is stake-weighted selection and splitting stake
/// buys nothing. The available set of a class holds exactly the active, idle nodes of that class:
/// a node leaves it at once when it is picked, asks to exit or is deactivated.
///
/// Penalties never go to whoever can cause them: every slashed wei is credited to the `treasury`
/// account fixed at deployment (a burn address unless the deployer names an insurance account).
/// A node whose stake fell below `nodeStake` is deactivated; it can top its stake up and work
/// again. A node may ask to exit at any time; while it is assigned, the exit takes effect when its
/// work ends, and the unbonding period counts from then.
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
    /// @param activeTask Task (or job) the node is assigned to, 0 when idle.
    /// @param exitBlock First block at which an exiting node may withdraw its stake (0 while an
    /// exiting node still works).
    /// @param endpoint Where the node serves its artifacts (URL), as declared.
    /// @param owed Wei credited to the node and not yet withdrawn.
    /// @param slashCount How many times the node was slashed.
    /// @param executors Bit set of executor kinds the node runs (bit k: executor kind k).
    /// @param minFeePerReplica Least fee per replica the node works for, in wei.
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
        uint16 executors;
        uint128 minFeePerReplica;
    }

    /// @notice A node locked its stake and joined the available set of its GPU class.
    event NodeRegistered(
        address indexed node,
        uint32 indexed gpuClass,
        uint32 vramMiB,
        uint16 executors,
        uint256 minFeePerReplica,
        string endpoint,
        uint256 stake
    );
    /// @notice A node asked to leave; it may withdraw its stake from `exitBlock` on (0: the block
    /// is fixed when its current work ends, see `NodeExitScheduled`).
    event NodeExitRequested(address indexed node, uint256 exitBlock);
    /// @notice The work of a node that asked to exit ended; its unbonding period runs to `exitBlock`.
    event NodeExitScheduled(address indexed node, uint256 exitBlock);
    /// @notice A node withdrew its remaining stake and left.
    event NodeStakeWithdrawn(address indexed node, uint256 amount);
    /// @notice A node's stake fell below `nodeStake` after a slash; it is no longer selected.
    event NodeDeactivated(address indexed node, uint256 remainingStake);
    /// @notice A deactivated node topped its stake up to `nodeStake` and is selectable again.
    event NodeReactivated(address indexed node, uint256 amount);
    /// @notice Wei went to the treasury: stake slashed from a node, or the shares of a task fee
    /// that replicas revealed results for without reaching consensus (`from` is then the requester).
    event TreasuryCredited(address indexed from, uint256 amount);

    /// @notice The stake sent to `register` (or `topUpStake`) does not make exactly `nodeStake`.
    error NodeRegistryWrongStake(uint256 sent, uint256 required);
    /// @notice The address already has (or had) an identity; a node that exited registers anew from a new address.
    error NodeRegistryAlreadyRegistered(address node);
    /// @notice The address has no identity in the state the call needs.
    error NodeRegistryNotRegistered(address node, uint8 status);
    /// @notice The node is still assigned; its stake stays locked until its work ends.
    error NodeRegistryNodeBusy(address node, uint256 taskId);
    /// @notice The unbonding period has not passed yet (exitBlock 0: the node still works).
    error NodeRegistryUnbonding(address node, uint256 exitBlock, uint256 blockNumber);
    /// @notice The endpoint is longer than `MAX_ENDPOINT_LENGTH` bytes.
    error NodeRegistryEndpointTooLong(uint256 length, uint256 max);
    /// @notice Constructor parameters are inconsistent (e.g. noShowAmount < slashAmount, no treasury).
    error NodeRegistryInvalidConfig(uint256 nodeStake, uint256 slashAmount, uint256 noShowAmount);

    /// @notice Registers the caller as a node, locking exactly `nodeStake` wei.
    /// @param gpuClass GPU class served.
    /// @param vramMiB Declared accelerator memory.
    /// @param executors Bit set of executor kinds the node runs.
    /// @param minFeePerReplica Least fee per replica the node accepts (wei); 0 accepts any.
    /// @param endpoint URL where the node serves artifacts (at most 256 bytes).
    function register(
        uint32 gpuClass,
        uint32 vramMiB,
        uint16 executors,
        uint128 minFeePerReplica,
        string calldata endpoint
    ) external payable;

    /// @notice Brings a deactivated node's stake back to exactly `nodeStake` and makes it
    /// selectable again.
    function topUpStake() external payable;

    /// @notice Starts the caller's exit (an active or deactivated node). An idle node leaves the
    /// available set at once; an assigned node finishes its work first and is never picked again.
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

    /// @notice Blocks between the end of a node's work after `requestExit` and `withdrawStake`.
    /// @return blocks The unbonding period.
    function unbondingBlocks() external view returns (uint256 blocks);

    /// @notice The account every penalty is credited to (never a requester or replica).
    /// @return account The treasury.
    function treasury() external view returns (address account);

    /// @notice Number of active, idle nodes of `gpuClass` (exact: nodes that left are not counted).
    /// @param gpuClass The GPU class.
    /// @return count Entries in the available set.
    function availableCount(uint32 gpuClass) external view returns (uint256 count);

    /// @notice Entry `index` of the available set of `gpuClass`, in the order selection draws from
    /// (the zero address past its end). Auditors read it at the block before a start to recompute
    /// who the seed picks.
    /// @param gpuClass The GPU class.
    /// @param index Position in the set.
    /// @return node The node at that position.
    function availableAt(uint32 gpuClass, uint256 index) external view returns (address node);
}

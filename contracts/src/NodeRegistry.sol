// SPDX-License-Identifier: Apache-2.0
pragma solidity 0.8.28;

import {INodeRegistry} from "./interfaces/INodeRegistry.sol";
import {ReentrancyGuardTransient} from "@openzeppelin/contracts/utils/ReentrancyGuardTransient.sol";

/// @notice Node identities, stakes and the per-class available sets. Abstract: the task manager
/// inherits it so that selection, slashing and crediting touch storage without external calls.
abstract contract NodeRegistry is INodeRegistry, ReentrancyGuardTransient {
    /// @notice Longest endpoint accepted, in bytes.
    uint256 public constant MAX_ENDPOINT_LENGTH = 256;

    /// @dev Hot fields share one slot so that assignment, release and crediting each cost one
    /// write: stake, owed credit, the active task, the replica index within it and the node's
    /// compact id (tasks store 24-bit ids, eight to a slot, instead of one address per slot).
    struct NodeRecord {
        uint88 stake;
        uint88 owed;
        uint40 activeTask;
        uint8 status;
        uint8 activeIndex;
        uint24 id;
        uint32 gpuClass;
        uint32 vramMiB;
        uint64 exitBlock;
        uint32 slashCount;
        string endpoint;
    }

    uint256 private immutable _NODE_STAKE;
    uint256 private immutable _SLASH_AMOUNT;
    uint256 private immutable _NO_SHOW_AMOUNT;
    uint256 private immutable _UNBONDING_BLOCKS;

    /// @notice Most identities ever registered (ids are 24 bits; 0 is unused).
    uint256 public constant MAX_NODES = type(uint24).max;

    mapping(address node => NodeRecord) internal _nodes;
    mapping(uint24 id => address node) internal _nodeAddresses;
    uint24 private _nodeCount;
    /// @dev Available set per class; slots past the count are left dirty so that re-adding a node
    /// writes a non-zero slot (cheaper than a fresh one).
    mapping(uint32 gpuClass => mapping(uint256 index => address)) internal _available;
    mapping(uint32 gpuClass => uint256) internal _availableCounts;

    constructor(uint256 nodeStake_, uint256 slashAmount_, uint256 noShowAmount_, uint256 unbondingBlocks_) {
        if (
            nodeStake_ == 0 || nodeStake_ > type(uint88).max || slashAmount_ == 0 || noShowAmount_ < slashAmount_
                || noShowAmount_ > nodeStake_
        ) {
            revert NodeRegistryInvalidConfig(nodeStake_, slashAmount_, noShowAmount_);
        }
        _NODE_STAKE = nodeStake_;
        _SLASH_AMOUNT = slashAmount_;
        _NO_SHOW_AMOUNT = noShowAmount_;
        _UNBONDING_BLOCKS = unbondingBlocks_;
    }

    /// @inheritdoc INodeRegistry
    function register(uint32 gpuClass, uint32 vramMiB, string calldata endpoint) external payable nonReentrant {
        if (msg.value != _NODE_STAKE) revert NodeRegistryWrongStake(msg.value, _NODE_STAKE);
        if (bytes(endpoint).length > MAX_ENDPOINT_LENGTH) {
            revert NodeRegistryEndpointTooLong(bytes(endpoint).length, MAX_ENDPOINT_LENGTH);
        }
        NodeRecord storage node = _nodes[msg.sender];
        uint8 status = node.status;
        if (status != uint8(NodeStatus.None)) {
            revert NodeRegistryAlreadyRegistered(msg.sender);
        }
        uint24 id = ++_nodeCount; // reverts on overflow after MAX_NODES identities
        node.stake = uint88(msg.value);
        node.id = id;
        _nodeAddresses[id] = msg.sender;
        node.status = uint8(NodeStatus.Active);
        node.gpuClass = gpuClass;
        node.vramMiB = vramMiB;
        node.exitBlock = 0;
        node.endpoint = endpoint;
        _pushAvailable(gpuClass, msg.sender);
        emit NodeRegistered(msg.sender, gpuClass, vramMiB, endpoint, msg.value);
        _onNodeAvailable();
    }

    /// @inheritdoc INodeRegistry
    function requestExit() external {
        NodeRecord storage node = _nodes[msg.sender];
        uint8 status = node.status;
        if (status != uint8(NodeStatus.Active) && status != uint8(NodeStatus.Deactivated)) {
            revert NodeRegistryNotRegistered(msg.sender, status);
        }
        if (node.activeTask != 0) revert NodeRegistryNodeBusy(msg.sender, node.activeTask);
        uint64 exitBlock = uint64(block.number + _UNBONDING_BLOCKS);
        node.status = uint8(NodeStatus.Exiting);
        node.exitBlock = exitBlock;
        emit NodeExitRequested(msg.sender, exitBlock);
    }

    /// @inheritdoc INodeRegistry
    function withdrawStake() external nonReentrant {
        NodeRecord storage node = _nodes[msg.sender];
        if (node.status != uint8(NodeStatus.Exiting)) revert NodeRegistryNotRegistered(msg.sender, node.status);
        if (block.number < node.exitBlock) revert NodeRegistryUnbonding(msg.sender, node.exitBlock, block.number);
        uint256 amount = node.stake;
        node.stake = 0;
        node.status = uint8(NodeStatus.Exited);
        emit NodeStakeWithdrawn(msg.sender, amount);
        _send(msg.sender, amount);
    }

    /// @inheritdoc INodeRegistry
    function getNode(address node) external view returns (NodeInfo memory info) {
        NodeRecord storage n = _nodes[node];
        info = NodeInfo({
            stake: n.stake,
            gpuClass: n.gpuClass,
            vramMiB: n.vramMiB,
            status: n.status,
            activeTask: n.activeTask,
            exitBlock: n.exitBlock,
            endpoint: n.endpoint,
            owed: n.owed,
            slashCount: n.slashCount
        });
    }

    /// @inheritdoc INodeRegistry
    function nodeStake() external view returns (uint256) {
        return _NODE_STAKE;
    }

    /// @inheritdoc INodeRegistry
    function slashAmount() external view returns (uint256) {
        return _SLASH_AMOUNT;
    }

    /// @inheritdoc INodeRegistry
    function noShowAmount() external view returns (uint256) {
        return _NO_SHOW_AMOUNT;
    }

    /// @inheritdoc INodeRegistry
    function unbondingBlocks() external view returns (uint256) {
        return _UNBONDING_BLOCKS;
    }

    /// @inheritdoc INodeRegistry
    function availableCount(uint32 gpuClass) external view returns (uint256) {
        return _availableCounts[gpuClass];
    }

    /// @dev Called after a node joins an available set; the task manager starts queued tasks.
    function _onNodeAvailable() internal virtual;

    /// @dev Sends wei, reverting if the recipient refuses it.
    function _send(address to, uint256 amount) internal virtual;

    function _pushAvailable(uint32 gpuClass, address node) internal {
        uint256 count = _availableCounts[gpuClass];
        _available[gpuClass][count] = node;
        _availableCounts[gpuClass] = count + 1;
    }

    /// @dev Picks `count` distinct idle active nodes of `gpuClass`, uniformly, by swap-removing
    /// entries of the available set drawn with keccak256(abi.encode(seed, draw)); entries of nodes
    /// that left are dropped on the way. Picked node k gets activeTask = `activeTask` and
    /// activeIndex = `indexBase` + k. Returns an empty array (and puts picked nodes back) when too
    /// few are free.
    function _pickAvailable(uint32 gpuClass, uint256 count, bytes32 seed, uint40 activeTask, uint256 indexBase)
        internal
        returns (address[] memory picked)
    {
        uint256 left = _availableCounts[gpuClass];
        if (left < count) return new address[](0);
        picked = new address[](count);
        uint256 got;
        for (uint256 draw = 0; got < count && left > 0; ++draw) {
            uint256 index = uint256(keccak256(abi.encode(seed, draw))) % left;
            address node = _available[gpuClass][index];
            --left;
            if (index != left) _available[gpuClass][index] = _available[gpuClass][left];
            NodeRecord storage n = _nodes[node];
            if (n.status != uint8(NodeStatus.Active) || n.activeTask != 0) continue;
            n.activeTask = activeTask;
            n.activeIndex = uint8(indexBase + got);
            picked[got++] = node;
        }
        if (got < count) {
            for (uint256 k = 0; k < got; ++k) {
                _nodes[picked[k]].activeTask = 0;
                _available[gpuClass][left++] = picked[k];
            }
            _availableCounts[gpuClass] = left;
            return new address[](0);
        }
        _availableCounts[gpuClass] = left;
    }

    /// @dev Takes `penalty` wei of stake from `node` (0: none), frees it from its assignment, and
    /// either puts it back into its class's available set or deactivates it when its stake fell
    /// below the minimum. `gpuClass` is the node's class, which the caller already holds (the
    /// task's or the job's), so the node's second storage slot is not read.
    function _release(address node, uint256 penalty, uint32 gpuClass) internal {
        NodeRecord storage n = _nodes[node];
        n.activeTask = 0;
        if (penalty != 0) {
            n.stake -= uint88(penalty);
            ++n.slashCount;
        }
        if (n.stake < _NODE_STAKE) {
            n.status = uint8(NodeStatus.Deactivated);
            emit NodeDeactivated(node, n.stake);
        } else if (n.status == uint8(NodeStatus.Active)) {
            _pushAvailable(gpuClass, node);
        }
    }

    /// @dev Penalty amounts, for the task manager.
    function _penalty(bool noShow) internal view returns (uint256) {
        return noShow ? _NO_SHOW_AMOUNT : _SLASH_AMOUNT;
    }
}

// SPDX-License-Identifier: Apache-2.0
pragma solidity 0.8.28;

import {INodeRegistry} from "./interfaces/INodeRegistry.sol";
import {Verdicts} from "./libraries/Verdicts.sol";
import {ReentrancyGuardTransient} from "@openzeppelin/contracts/utils/ReentrancyGuardTransient.sol";

/// @notice Node identities, stakes and the per-class available sets. Abstract: the task manager
/// and the training jobs inherit it so that selection, slashing and crediting touch storage
/// without external calls.
abstract contract NodeRegistry is INodeRegistry, ReentrancyGuardTransient {
    /// @notice Longest endpoint accepted, in bytes.
    uint256 public constant MAX_ENDPOINT_LENGTH = 256;
    /// @notice Most identities ever registered (ids are 24 bits; 0 is unused).
    uint256 public constant MAX_NODES = type(uint24).max;
    /// @notice Most incapable nodes one selection draws past before it gives up, so that a pick
    /// costs at most (wanted + MAX_SKIPS) draws whatever the available set holds.
    uint256 public constant MAX_SKIPS = 16;

    /// @dev Slot 1 holds what assignment, release and crediting touch: stake, owed credit, the
    /// active task, the replica index within it and the node's compact id (tasks store 24-bit ids,
    /// eight to a slot). Slot 2 holds the declaration and the node's place in its available set
    /// (index + 1; 0 when it is not in the set), which selection reads and updates together.
    struct NodeRecord {
        uint88 stake;
        uint88 owed;
        uint40 activeTask;
        uint8 status;
        uint8 activeIndex;
        uint24 id;
        uint32 gpuClass;
        uint32 vramMiB;
        uint40 exitBlock;
        uint24 slashCount;
        uint16 executors;
        uint32 position;
        uint80 minFee;
        string endpoint;
    }

    /// @dev What the work asks of a node; selection skips nodes that do not declare it.
    struct Requirements {
        uint32 vramMiB;
        uint16 executors;
        uint256 feePerReplica;
    }

    uint256 private immutable _NODE_STAKE;
    uint256 private immutable _SLASH_AMOUNT;
    uint256 private immutable _NO_SHOW_AMOUNT;
    uint256 private immutable _UNBONDING_BLOCKS;
    address internal immutable _TREASURY;

    mapping(address node => NodeRecord) internal _nodes;
    mapping(uint24 id => address node) internal _nodeAddresses;
    /// @dev Credits of accounts (requesters, the treasury, nodes whose packed credit is full).
    mapping(address account => uint256) internal _owed;
    uint24 private _nodeCount;
    /// @dev Available set per class, exactly the active idle nodes of the class; slots past the
    /// count are left dirty so that re-adding a node writes a non-zero slot (cheaper than a fresh one).
    mapping(uint32 gpuClass => mapping(uint256 index => address)) internal _available;
    mapping(uint32 gpuClass => uint256) internal _availableCounts;

    constructor(
        uint256 nodeStake_,
        uint256 slashAmount_,
        uint256 noShowAmount_,
        uint256 unbondingBlocks_,
        address treasury_
    ) {
        if (
            nodeStake_ == 0 || nodeStake_ > type(uint88).max || slashAmount_ == 0 || noShowAmount_ < slashAmount_
                || noShowAmount_ > nodeStake_ || treasury_ == address(0) || unbondingBlocks_ > type(uint32).max
        ) {
            revert NodeRegistryInvalidConfig(nodeStake_, slashAmount_, noShowAmount_);
        }
        _NODE_STAKE = nodeStake_;
        _SLASH_AMOUNT = slashAmount_;
        _NO_SHOW_AMOUNT = noShowAmount_;
        _UNBONDING_BLOCKS = unbondingBlocks_;
        _TREASURY = treasury_;
    }

    /// @inheritdoc INodeRegistry
    function register(
        uint32 gpuClass,
        uint32 vramMiB,
        uint16 executors,
        uint128 minFeePerReplica,
        string calldata endpoint
    ) external payable nonReentrant {
        if (msg.value != _NODE_STAKE) revert NodeRegistryWrongStake(msg.value, _NODE_STAKE);
        if (bytes(endpoint).length > MAX_ENDPOINT_LENGTH) {
            revert NodeRegistryEndpointTooLong(bytes(endpoint).length, MAX_ENDPOINT_LENGTH);
        }
        NodeRecord storage node = _nodes[msg.sender];
        if (node.status != uint8(NodeStatus.None)) revert NodeRegistryAlreadyRegistered(msg.sender);
        uint24 id = ++_nodeCount; // reverts on overflow after MAX_NODES identities
        node.stake = uint88(msg.value);
        node.id = id;
        node.status = uint8(NodeStatus.Active);
        _nodeAddresses[id] = msg.sender;
        node.gpuClass = gpuClass;
        node.vramMiB = vramMiB;
        node.executors = executors;
        // A minimum above uint80 (1.2M ether) is one no task can pay: store the saturated value.
        node.minFee = minFeePerReplica > type(uint80).max ? type(uint80).max : uint80(minFeePerReplica);
        node.endpoint = endpoint;
        _pushAvailable(gpuClass, msg.sender);
        emit NodeRegistered(msg.sender, gpuClass, vramMiB, executors, minFeePerReplica, endpoint, msg.value);
    }

    /// @inheritdoc INodeRegistry
    function topUpStake() external payable nonReentrant {
        NodeRecord storage node = _nodes[msg.sender];
        if (node.status != uint8(NodeStatus.Deactivated)) revert NodeRegistryNotRegistered(msg.sender, node.status);
        uint256 stake = node.stake + msg.value;
        if (stake != _NODE_STAKE) revert NodeRegistryWrongStake(msg.value, _NODE_STAKE - node.stake);
        node.stake = uint88(stake);
        node.status = uint8(NodeStatus.Active);
        _pushAvailable(node.gpuClass, msg.sender);
        emit NodeReactivated(msg.sender, msg.value);
    }

    /// @inheritdoc INodeRegistry
    function requestExit() external {
        NodeRecord storage node = _nodes[msg.sender];
        uint8 status = node.status;
        if (status != uint8(NodeStatus.Active) && status != uint8(NodeStatus.Deactivated)) {
            revert NodeRegistryNotRegistered(msg.sender, status);
        }
        uint256 exitBlock;
        if (node.activeTask == 0) {
            exitBlock = block.number + _UNBONDING_BLOCKS;
            if (node.position != 0) _removeAvailable(node.gpuClass, msg.sender);
        }
        node.status = uint8(NodeStatus.Exiting);
        node.exitBlock = uint40(exitBlock);
        emit NodeExitRequested(msg.sender, exitBlock);
    }

    /// @inheritdoc INodeRegistry
    function withdrawStake() external nonReentrant {
        NodeRecord storage node = _nodes[msg.sender];
        if (node.status != uint8(NodeStatus.Exiting)) revert NodeRegistryNotRegistered(msg.sender, node.status);
        uint256 exitBlock = node.exitBlock;
        if (node.activeTask != 0) revert NodeRegistryNodeBusy(msg.sender, node.activeTask);
        if (exitBlock == 0 || block.number < exitBlock) {
            revert NodeRegistryUnbonding(msg.sender, exitBlock, block.number);
        }
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
            slashCount: n.slashCount,
            executors: n.executors,
            minFeePerReplica: n.minFee
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
    function treasury() external view returns (address) {
        return _TREASURY;
    }

    /// @inheritdoc INodeRegistry
    function availableCount(uint32 gpuClass) external view returns (uint256) {
        return _availableCounts[gpuClass];
    }

    /// @inheritdoc INodeRegistry
    function availableAt(uint32 gpuClass, uint256 index) external view returns (address) {
        if (index >= _availableCounts[gpuClass]) return address(0);
        return _available[gpuClass][index];
    }

    /// @dev Sends wei, reverting if the recipient refuses it.
    function _send(address to, uint256 amount) internal virtual;

    function _pushAvailable(uint32 gpuClass, address node) internal {
        uint256 count = _availableCounts[gpuClass];
        _available[gpuClass][count] = node;
        _nodes[node].position = uint32(count + 1);
        _availableCounts[gpuClass] = count + 1;
    }

    /// @dev Swap-removes `node` from its class's available set in O(1).
    function _removeAvailable(uint32 gpuClass, address node) private {
        uint256 last = _availableCounts[gpuClass] - 1;
        uint256 index = _nodes[node].position - 1;
        if (index != last) {
            address moved = _available[gpuClass][last];
            _available[gpuClass][index] = moved;
            _nodes[moved].position = uint32(index + 1);
        }
        _nodes[node].position = 0;
        _availableCounts[gpuClass] = last;
    }

    /// @dev Picks `count` distinct nodes of `gpuClass` that meet `req`, uniformly among those, by
    /// drawing entries of the available set with keccak256(abi.encode(seed, draw)) and moving each
    /// drawn entry behind the shrinking front (a partial Fisher-Yates shuffle). Incapable nodes are
    /// drawn past and stay in the set; at most `count + MAX_SKIPS` draws are made. Picked node k
    /// leaves the set and gets activeTask = `activeTask`, activeIndex = `indexBase` + k. Returns an
    /// empty array, changing nothing, when too few capable nodes were found.
    function _pickAvailable(
        uint32 gpuClass,
        uint256 count,
        bytes32 seed,
        uint40 activeTask,
        uint256 indexBase,
        Requirements memory req
    ) internal returns (address[] memory picked) {
        uint256 total = _availableCounts[gpuClass];
        if (total < count) return new address[](0);
        mapping(uint256 => address) storage set = _available[gpuClass];
        picked = new address[](count);
        address[] memory skipped = new address[](MAX_SKIPS);
        uint256 got;
        uint256 skips;
        uint256 left = total;
        while (got < count && left > 0 && skips < MAX_SKIPS) {
            uint256 index = uint256(keccak256(abi.encode(seed, got + skips))) % left;
            address node = set[index];
            --left;
            if (index != left) {
                address moved = set[left];
                set[index] = moved;
                _nodes[moved].position = uint32(index + 1);
            }
            NodeRecord storage n = _nodes[node];
            if (n.vramMiB < req.vramMiB || n.executors & req.executors != req.executors || n.minFee > req.feePerReplica)
            {
                skipped[skips++] = node;
                continue;
            }
            picked[got++] = node;
        }
        // Entries [left, total) were drawn: keep the skipped ones in the set, right after the front.
        for (uint256 k = 0; k < skips; ++k) {
            set[left] = skipped[k];
            _nodes[skipped[k]].position = uint32(++left);
        }
        if (got < count) {
            for (uint256 k = 0; k < got; ++k) {
                set[left] = picked[k];
                _nodes[picked[k]].position = uint32(++left);
            }
            return new address[](0);
        }
        _availableCounts[gpuClass] = left;
        for (uint256 k = 0; k < count; ++k) {
            NodeRecord storage n = _nodes[picked[k]];
            n.position = 0;
            n.activeTask = activeTask;
            n.activeIndex = uint8(indexBase + k);
        }
    }

    /// @dev Takes `penalty` wei of stake from `node` (0: none) for the treasury, frees it from its
    /// assignment and either puts it back into its class's available set, deactivates it when its
    /// stake fell below the minimum, or starts the unbonding period of a node that asked to exit.
    /// `gpuClass` is the node's class, which the caller already holds.
    function _release(address node, uint256 penalty, uint32 gpuClass) internal {
        NodeRecord storage n = _nodes[node];
        n.activeTask = 0;
        if (penalty != 0) {
            n.stake -= uint88(penalty);
            ++n.slashCount;
            _creditTreasury(node, penalty);
        }
        uint8 status = n.status;
        if (status == uint8(NodeStatus.Exiting)) {
            uint256 exitBlock = block.number + _UNBONDING_BLOCKS;
            n.exitBlock = uint40(exitBlock);
            emit NodeExitScheduled(node, exitBlock);
        } else if (n.stake < _NODE_STAKE) {
            n.status = uint8(NodeStatus.Deactivated);
            emit NodeDeactivated(node, n.stake);
        } else {
            _pushAvailable(gpuClass, node);
        }
    }

    /// @dev Credits `amount` wei, taken from `from` (a slashed node, or a requester whose fee
    /// nobody earned), to the treasury.
    function _creditTreasury(address from, uint256 amount) internal {
        _owed[_TREASURY] += amount;
        emit TreasuryCredited(from, amount);
    }

    /// @dev Credits `amount` wei to a node, spilling into the unpacked credit when the packed one
    /// would overflow, so that a payout can never make settlement revert.
    function _creditNode(address node, uint256 amount) internal {
        NodeRecord storage n = _nodes[node];
        uint256 packed = n.owed + amount;
        if (packed <= type(uint88).max) n.owed = uint88(packed);
        else _owed[node] += amount;
    }

    /// @dev Whether an agreeing group of `size` out of `total` may slash those who disagree: it
    /// must hold at least two thirds of them and at least 3 members. A smaller majority only
    /// withholds pay, so a coalition that wins a bare majority of a draw cannot take an honest
    /// node's stake (see docs/protocol.md for the odds of reaching two thirds).
    function _canSlash(uint256 size, uint256 total) internal pure returns (bool) {
        return Verdicts.canSlash(size, total);
    }

    /// @dev Penalty amounts, for the task manager.
    function _penalty(bool noShow) internal view returns (uint256) {
        return noShow ? _NO_SHOW_AMOUNT : _SLASH_AMOUNT;
    }
}

// SPDX-License-Identifier: Apache-2.0
pragma solidity 0.8.28;

import {BaseTest} from "../../utils/BaseTest.sol";
import {TrainingJobs} from "../../../src/TrainingJobs.sol";
import {ITrainingJobs} from "../../../src/interfaces/ITrainingJobs.sol";
import {INodeRegistry} from "../../../src/interfaces/INodeRegistry.sol";
import {Commitments} from "../../../src/libraries/Commitments.sol";

/// @notice Acts as requesters, honest, lying and lazy trainers and committee members, keepers
/// (settling with the right or a wrong score vector, restarting and cancelling waiting jobs),
/// joining and leaving nodes, and accounts withdrawing. Every call is small: it touches one job
/// and at most its few nodes.
contract JobHandler is BaseTest {
    uint32 internal constant TRAINER_CLASS = 1;
    uint32 internal constant AGGREGATOR_CLASS = 2;
    /// @dev Few jobs at a time, so that their nodes get to act before deadlines pass.
    uint256 internal constant MAX_JOBS = 6;
    uint256 internal constant MAX_LIVE_JOBS = 2;
    uint256 internal constant MAX_ACTORS = 16;

    TrainingJobs public immutable jobs;
    address[] public actors;
    address[] public requesters;

    /// @dev Whether a member committed to a lie in a round (so that it reveals the same lie).
    mapping(uint256 jobId => mapping(uint256 round => mapping(address member => bool))) internal _lies;

    /// @dev Last escrow, round and state seen per job.
    mapping(uint256 jobId => bool) internal _seen;
    mapping(uint256 jobId => uint256) internal _lastEscrow;
    mapping(uint256 jobId => uint256) internal _lastRound;
    mapping(uint256 jobId => uint8) internal _lastState;

    bool public escrowIncreased;
    bool public livenessBroken;
    bool public roundDecreased;
    bool public endedJobRevived;

    /// @dev Coverage counters (not asserted; handy when tuning the handler).
    uint256 public agreedRounds;
    uint256 public noConsensusRounds;
    uint256 public cancelled;
    uint256 public withdrawals;
    uint256 public challenges;
    uint256 public escalationsDecided;

    constructor(TrainingJobs jobs_, uint256 trainers, uint256 aggregators) {
        jobs = jobs_;
        for (uint256 i = 0; i < trainers; ++i) {
            _register(TRAINER_CLASS);
        }
        for (uint256 i = 0; i < aggregators; ++i) {
            _register(AGGREGATOR_CLASS);
        }
        for (uint256 i = 0; i < 3; ++i) {
            address requester = vm.addr(5000 + i);
            vm.deal(requester, 1_000_000 ether);
            requesters.push(requester);
        }
    }

    /// @dev Every node and requester, in one call (invariants run after every call).
    function accounts() external view returns (address[] memory nodes, address[] memory requesters_) {
        return (actors, requesters);
    }

    // ---- actions ----

    function createJob(uint256 seed, uint96 pool, uint96 fee, uint16 shape) external {
        uint256 count = jobs.jobCount();
        if (count >= MAX_JOBS || _liveJobs(count) >= MAX_LIVE_JOBS) return;
        ITrainingJobs.JobParams memory p = ITrainingJobs.JobParams({
            specDigest: bytes32(seed),
            specURI: "",
            initialModelDigest: keccak256(abi.encode("initial", seed)),
            trainerClass: TRAINER_CLASS,
            aggregatorClass: AGGREGATOR_CLASS,
            rounds: uint16(bound(shape, 1, 3)),
            trainers: uint8(bound(shape >> 2, 1, 3)),
            committee: uint8(bound(shape >> 5, 1, 3)),
            quorum: 0,
            poolPerRound: uint96(bound(pool, 0, 100 ether)),
            committeeFeePerRound: uint96(bound(fee, 0, 10 ether)),
            commitWindow: uint24(bound(shape >> 8, 2, 5)),
            revealWindow: uint24(bound(shape >> 11, 2, 5))
        });
        if (p.poolPerRound == 0 && p.committeeFeePerRound == 0) p.poolPerRound = 1;
        uint256 escrow = uint256(p.rounds) * (uint256(p.poolPerRound) + p.committeeFeePerRound);
        vm.prank(requesters[seed % requesters.length]);
        _observe(jobs.createJob{value: escrow}(p));
    }

    /// @dev The trainers of a running job in a training stage act, each as `_behaviour` says:
    /// 0 idles (for now), 1 misbehaves, the rest act honestly. In TrainCommit those that have not
    /// committed commit (misbehaving: to garbage they can never reveal); once reveals are open
    /// (also when the last commit just opened them) the committed ones reveal unless a second
    /// draw has them idle.
    function trainersAct(uint256 jobSeed, uint64 behaviour) external {
        (bool ok, uint256 jobId, uint256 round, ITrainingJobs.RoundView memory r) =
            _running(jobSeed, ITrainingJobs.Stage.TrainCommit, ITrainingJobs.Stage.TrainReveal);
        if (!ok) return;
        bool committing = r.stage == uint8(ITrainingJobs.Stage.TrainCommit);
        for (uint256 i = 0; i < r.trainers.length && committing; ++i) {
            uint256 b = _behaviour(behaviour, i);
            if (b == 0) continue;
            address trainer = r.trainers[i];
            bytes32 digest = _update(jobId, round, trainer);
            bytes32 commitment = b == 1
                ? keccak256(abi.encode("garbage", jobId, round, trainer))
                : _commitment(jobId, round, trainer, digest, digest);
            vm.prank(trainer);
            try jobs.commitUpdate(jobId, commitment) {} catch {}
        }
        if (!committing || jobs.getRound(jobId, round).stage == uint8(ITrainingJobs.Stage.TrainReveal)) {
            for (uint256 i = 0; i < r.trainers.length; ++i) {
                if (_behaviour(behaviour, i + 32) == 0) continue;
                address trainer = r.trainers[i];
                vm.prank(trainer);
                try jobs.revealUpdate(jobId, _update(jobId, round, trainer), _salt(trainer), "") {} catch {}
            }
        }
        _observe(jobId);
    }

    /// @dev The committee of a running job in an aggregation stage acts, each member as
    /// `_behaviour` says: 0 idles (for now), 1 lies (commits to another model), the rest are honest.
    /// Once reveals are open (also when the last commit just opened them) those that committed
    /// reveal what they committed to, unless a second draw has them idle.
    function membersAct(uint256 jobSeed, uint64 behaviour) external {
        (bool ok, uint256 jobId, uint256 round, ITrainingJobs.RoundView memory r) =
            _running(jobSeed, ITrainingJobs.Stage.AggregateCommit, ITrainingJobs.Stage.AggregateReveal);
        if (!ok) return;
        bool committing = r.stage == uint8(ITrainingJobs.Stage.AggregateCommit);
        (int64[] memory scores, uint32 flagged) = _scores(jobId, round, r.trainers.length);
        bytes32 scoresDigest = keccak256(abi.encode(scores));
        for (uint256 i = 0; i < r.committee.length && committing; ++i) {
            uint256 b = _behaviour(behaviour, i);
            if (b != 0) _commitAggregate(jobId, round, r.committee[i], b == 1, scoresDigest, flagged);
        }
        if (!committing || jobs.getRound(jobId, round).stage == uint8(ITrainingJobs.Stage.AggregateReveal)) {
            for (uint256 i = 0; i < r.committee.length; ++i) {
                if (_behaviour(behaviour, i + 32) != 0) {
                    _revealAggregate(jobId, round, r.committee[i], scoresDigest, flagged);
                }
            }
        }
        _observe(jobId);
    }

    /// @dev A keeper looks at the first job from `jobSeed` on that it can move: a round whose
    /// reveals are open is settled with the honest aggregate (or, one time in eight, with another
    /// model digest: reverts until one more reveal window has passed, then ends NoConsensus); a
    /// waiting job is restarted or, one time in eight, cancelled by its requester (one time in
    /// eight someone else tries, which must fail).
    function keeper(uint256 jobSeed, uint8 behaviour) external {
        uint256 count = jobs.jobCount();
        uint256 b = _behaviour(behaviour, 0x6b);
        for (uint256 k = 0; k < count; ++k) {
            uint256 jobId = 1 + (jobSeed % count + k) % count;
            ITrainingJobs.JobView memory j = jobs.getJob(jobId);
            if (j.state >= uint8(ITrainingJobs.JobState.Finished)) continue;
            ITrainingJobs.RoundView memory r = jobs.getRound(jobId, j.round);
            if (r.stage == uint8(ITrainingJobs.Stage.Challenge)) {
                // Paid out once its window (or a challenged round's start window) has passed.
                _settle(jobId, j.round, r.trainers.length, false);
                if (j.state == uint8(ITrainingJobs.JobState.Waiting)) _restartOrCancel(jobId, j.requester, jobSeed, 2);
                _observe(jobId);
                return;
            }
            if (j.state == uint8(ITrainingJobs.JobState.Waiting)) {
                _restartOrCancel(jobId, j.requester, jobSeed, behaviour);
                _observe(jobId);
                return;
            }
            if (r.stage != uint8(ITrainingJobs.Stage.AggregateReveal)) continue;
            _settle(jobId, j.round, r.trainers.length, b == 0);
            _observe(jobId);
            return;
        }
    }

    /// @dev An actor challenges the first round from `jobSeed` on that is in its Challenge stage
    /// and not challenged yet, bonding slashAmount.
    function challenge(uint256 jobSeed, uint256 actorSeed) external {
        uint256 count = jobs.jobCount();
        for (uint256 k = 0; k < count; ++k) {
            uint256 jobId = 1 + (jobSeed % count + k) % count;
            ITrainingJobs.JobView memory j = jobs.getJob(jobId);
            if (j.state != uint8(ITrainingJobs.JobState.Running)) continue;
            ITrainingJobs.RoundView memory r = jobs.getRound(jobId, j.round);
            if (r.stage != uint8(ITrainingJobs.Stage.Challenge) || r.challenger != address(0)) continue;
            address challenger = actors[actorSeed % actors.length];
            uint256 bond = jobs.slashAmount();
            vm.prank(challenger);
            try jobs.challengeRound{value: bond}(jobId) {
                ++challenges;
            } catch {}
            _observe(jobId);
            return;
        }
    }

    /// @dev The keeper that checks liveness: every running round past its last deadline can be
    /// moved on by anyone. Past the reveal deadline plus one reveal window any scores settle it
    /// (without agreement); past a challenge window the recorded verdict's scores pay it out (a
    /// challenged round whose escalation never started included).
    function pushAll() external {
        uint256 count = jobs.jobCount();
        for (uint256 jobId = 1; jobId <= count; ++jobId) {
            ITrainingJobs.JobView memory j = jobs.getJob(jobId);
            if (j.state >= uint8(ITrainingJobs.JobState.Finished)) continue;
            ITrainingJobs.RoundView memory r = jobs.getRound(jobId, j.round);
            if (r.stage == uint8(ITrainingJobs.Stage.Challenge) && block.number > r.deadline) {
                (int64[] memory scores,) = _scores(jobId, j.round, r.trainers.length);
                try jobs.settleRound(jobId, bytes32(0), 0, scores) {}
                catch {
                    livenessBroken = true;
                }
            } else if (
                j.state == uint8(ITrainingJobs.JobState.Running)
                    && r.stage == uint8(ITrainingJobs.Stage.AggregateReveal)
                    && block.number > uint256(r.deadline) + j.revealWindow
            ) {
                try jobs.settleRound(jobId, keccak256("anything"), 0, new int64[](0)) {}
                catch {
                    livenessBroken = true;
                }
            }
            _observe(jobId);
        }
    }

    function roll(uint8 blocks) external {
        vm.roll(block.number + bound(blocks, 1, 4));
    }

    /// @dev The first account from `seed` on that has credit withdraws it (with none, an account
    /// without credit tries, which must fail).
    function withdraw(uint256 seed) external {
        uint256 total = actors.length + requesters.length;
        address account;
        for (uint256 k = 0; k < total; ++k) {
            uint256 i = (seed % total + k) % total;
            account = i < actors.length ? actors[i] : requesters[i - actors.length];
            if (jobs.owed(account) != 0) break;
        }
        vm.prank(account);
        try jobs.withdraw() {
            ++withdrawals;
        } catch {}
    }

    function registerNode(bool trainer) external {
        if (actors.length >= MAX_ACTORS) return;
        _register(trainer ? TRAINER_CLASS : AGGREGATOR_CLASS);
    }

    /// @dev A node asks to leave and, once unbonded, takes its stake out. Deactivated nodes always
    /// try; active ones one time in four (exits are for good, and the pool must not drain).
    function exit(uint256 actorSeed) external {
        address node = actors[actorSeed % actors.length];
        bool active = jobs.getNode(node).status == uint8(INodeRegistry.NodeStatus.Active);
        if (active && (actorSeed / actors.length) % 4 != 0) return;
        vm.prank(node);
        try jobs.requestExit() {} catch {}
        vm.prank(node);
        try jobs.withdrawStake() {} catch {}
    }

    // ---- helpers ----

    function _register(uint32 gpuClass) internal {
        address node = vm.addr(1000 + actors.length);
        vm.deal(node, 100 ether);
        uint256 stake = jobs.nodeStake();
        vm.prank(node);
        jobs.register{value: stake}(gpuClass, 1, 0, 0, "");
        actors.push(node);
    }

    /// @dev The first running job from `jobSeed` on whose current round is in a stage from `from`
    /// to `to`, with that round.
    function _running(uint256 jobSeed, ITrainingJobs.Stage from, ITrainingJobs.Stage to)
        internal
        view
        returns (bool ok, uint256 jobId, uint256 round, ITrainingJobs.RoundView memory r)
    {
        uint256 count = jobs.jobCount();
        for (uint256 k = 0; k < count; ++k) {
            jobId = 1 + (jobSeed % count + k) % count;
            ITrainingJobs.JobView memory j = jobs.getJob(jobId);
            if (j.state != uint8(ITrainingJobs.JobState.Running)) continue;
            round = j.round;
            r = jobs.getRound(jobId, round);
            if (r.stage >= uint8(from) && r.stage <= uint8(to)) return (true, jobId, round, r);
        }
    }

    /// @dev Node i's behaviour in 0..7 (0 idles, 1 misbehaves), spread by hashing so that the
    /// fuzzer's favourite values (0, all ones, small numbers) still mix idle, misbehaving and
    /// honest nodes.
    function _behaviour(uint256 seed, uint256 i) internal pure returns (uint256) {
        return uint256(keccak256(abi.encode(seed, i))) % 8;
    }

    function _settle(uint256 jobId, uint256 round, uint256 trainers, bool wrong) internal {
        (int64[] memory scores, uint32 flagged) = _scores(jobId, round, trainers);
        bytes32 model = wrong ? keccak256("wrong") : _model(jobId, round);
        bool escalated = jobs.getRound(jobId, round).escalationSeats != 0;
        try jobs.settleRound(jobId, model, flagged, scores) {
            ITrainingJobs.RoundView memory r = jobs.getRound(jobId, round);
            if (r.stage != uint8(ITrainingJobs.Stage.Settled)) return; // decided, now challengeable
            if (escalated) ++escalationsDecided;
            if (r.outcome == uint8(ITrainingJobs.RoundOutcome.Agreed)) ++agreedRounds;
            else ++noConsensusRounds;
        } catch {}
    }

    function _restartOrCancel(uint256 jobId, address requester, uint256 seed, uint8 behaviour) internal {
        uint256 b = uint256(keccak256(abi.encode(seed, behaviour))) % 8;
        if (b >= 2) {
            try jobs.startRound(jobId) {} catch {}
            return;
        }
        vm.prank(b == 0 ? requester : actors[seed % actors.length]);
        try jobs.cancelJob(jobId) {
            ++cancelled;
        } catch {}
    }

    function _commitAggregate(
        uint256 jobId,
        uint256 round,
        address member,
        bool lie,
        bytes32 scoresDigest,
        uint32 flagged
    ) internal {
        bytes32 model = lie ? _lie(member) : _model(jobId, round);
        bytes32 fingerprint = keccak256(abi.encode(model, scoresDigest, flagged));
        vm.prank(member);
        try jobs.commitAggregate(jobId, _commitment(jobId, round, member, model, fingerprint)) {
            _lies[jobId][round][member] = lie;
        } catch {}
    }

    function _revealAggregate(uint256 jobId, uint256 round, address member, bytes32 scoresDigest, uint32 flagged)
        internal
    {
        bytes32 model = _lies[jobId][round][member] ? _lie(member) : _model(jobId, round);
        vm.prank(member);
        try jobs.revealAggregate(jobId, model, scoresDigest, flagged, _salt(member), "") {} catch {}
    }

    function _update(uint256 jobId, uint256 round, address trainer) internal pure returns (bytes32) {
        return keccak256(abi.encode("update", jobId, round, trainer));
    }

    function _model(uint256 jobId, uint256 round) internal pure returns (bytes32) {
        return keccak256(abi.encode("model", jobId, round));
    }

    function _lie(address member) internal pure returns (bytes32) {
        return keccak256(abi.encode("lie", member));
    }

    /// @dev The honest score vector (some negative, some zero) and flag mask (trainer 0, one round
    /// in four) of a round.
    function _scores(uint256 jobId, uint256 round, uint256 n)
        internal
        pure
        returns (int64[] memory scores, uint32 flagged)
    {
        scores = new int64[](n);
        for (uint256 i = 0; i < n; ++i) {
            scores[i] = int64(int256(uint256(keccak256(abi.encode(jobId, round, i))) % 5e9)) - 1e9;
        }
        flagged = uint256(keccak256(abi.encode("flag", jobId, round))) % 4 == 0 ? 1 : 0;
    }

    function _salt(address node) internal pure returns (bytes32) {
        return keccak256(abi.encode("salt", node));
    }

    function _commitment(uint256 jobId, uint256 round, address node, bytes32 digest, bytes32 fingerprint)
        internal
        view
        returns (bytes32)
    {
        return Commitments.compute(
            block.chainid, address(jobs), (jobId << 128) | round, node, digest, fingerprint, _salt(node)
        );
    }

    /// @dev Compares a job's escrow, round and state with what was last seen of it, and records
    /// them. Only actions on a job can move it; the next action on it sees any change made since.
    function _observe(uint256 jobId) internal {
        ITrainingJobs.JobView memory j = jobs.getJob(jobId);
        if (_seen[jobId]) {
            if (j.escrow > _lastEscrow[jobId]) escrowIncreased = true;
            if (j.round < _lastRound[jobId]) roundDecreased = true;
            if (_lastState[jobId] >= uint8(ITrainingJobs.JobState.Finished) && j.state != _lastState[jobId]) {
                endedJobRevived = true;
            }
        }
        _seen[jobId] = true;
        _lastEscrow[jobId] = j.escrow;
        _lastRound[jobId] = j.round;
        _lastState[jobId] = j.state;
    }

    /// @dev Jobs still Waiting or Running.
    function _liveJobs(uint256 count) internal view returns (uint256 live) {
        for (uint256 id = 1; id <= count; ++id) {
            if (jobs.getJob(id).state < uint8(ITrainingJobs.JobState.Finished)) ++live;
        }
    }
}

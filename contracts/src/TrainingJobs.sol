// SPDX-License-Identifier: Apache-2.0
pragma solidity 0.8.28;

import {ITrainingJobs} from "./interfaces/ITrainingJobs.sol";
import {NodeRegistry} from "./NodeRegistry.sol";
import {TrainingJobsViews} from "./TrainingJobsViews.sol";
import {CommitReveal} from "./libraries/CommitReveal.sol";
import {JobStorage} from "./libraries/JobStorage.sol";
import {Popcount} from "./libraries/Popcount.sol";
import {RewardSplits} from "./libraries/RewardSplits.sol";
import {Verdicts} from "./libraries/Verdicts.sol";
import {JobRecord, RoundRecord} from "./types/JobRecords.sol";

/// @title Federated training jobs: per-round trainer and committee commit-reveal, Shapley payouts.
/// @notice See ITrainingJobs for the protocol. The books always balance: the contract holds
/// exactly Σ stakes + Σ job escrows + Σ credits owed.
/// @dev Structure (EIP-170 leaves room only for the state-changing paths): records live in
/// JobStorage, both commit-reveal stages run through CommitReveal, and `getJob`/`getRound` are
/// served by a TrainingJobsViews deployed by the constructor and DELEGATECALLed.
contract TrainingJobs is NodeRegistry, ITrainingJobs {
    /// @notice Most rounds a job may ask for.
    uint256 public constant MAX_ROUNDS = 1000;
    /// @notice Most trainers per round (masks are 32 bits wide).
    uint256 public constant MAX_TRAINERS = 32;
    /// @notice Most committee members per round (masks are 16 bits wide).
    uint256 public constant MAX_COMMITTEE = 16;
    /// @notice Longest stage window, in blocks.
    uint256 public constant MAX_WINDOW = type(uint24).max;

    /// @dev Committee members' activeIndex is COMMITTEE_INDEX + their index; trainers' is theirs.
    uint256 private constant COMMITTEE_INDEX = 64;

    uint256 private immutable _MIN_WINDOW;
    /// @dev Serves getJob and getRound over this contract's storage (see TrainingJobsViews).
    address private immutable _VIEWS;

    /// @param nodeStake_ Wei each node locks.
    /// @param slashAmount_ Penalty for a flagged update or a disagreeing aggregate.
    /// @param noShowAmount_ Penalty for a missed commit or reveal (slashAmount_ <= it <= nodeStake_).
    /// @param unbondingBlocks_ Blocks between the end of an exiting node's work and withdrawStake.
    /// @param treasury_ Account credited with every penalty.
    /// @param minWindow_ Shortest stage window a job may ask for (at least 1).
    constructor(
        uint256 nodeStake_,
        uint256 slashAmount_,
        uint256 noShowAmount_,
        uint256 unbondingBlocks_,
        address treasury_,
        uint256 minWindow_
    ) NodeRegistry(nodeStake_, slashAmount_, noShowAmount_, unbondingBlocks_, treasury_) {
        if (minWindow_ == 0 || minWindow_ > MAX_WINDOW) {
            revert NodeRegistryInvalidConfig(nodeStake_, slashAmount_, noShowAmount_);
        }
        _MIN_WINDOW = minWindow_;
        _VIEWS = address(new TrainingJobsViews());
    }

    /// @inheritdoc ITrainingJobs
    function createJob(JobParams calldata p) external payable nonReentrant returns (uint256 jobId) {
        uint8 quorum = _validate(p);
        JobStorage.Layout storage s = JobStorage.layout();
        jobId = ++s.jobCount;
        JobRecord storage j = s.jobs[jobId];
        j.requester = msg.sender;
        j.state = uint8(JobState.Waiting);
        j.rounds = p.rounds;
        j.trainers = p.trainers;
        j.committee = p.committee;
        j.quorum = quorum;
        j.poolPerRound = p.poolPerRound;
        j.committeeFeePerRound = p.committeeFeePerRound;
        j.commitWindow = p.commitWindow;
        j.revealWindow = p.revealWindow;
        j.trainerClass = p.trainerClass;
        j.aggregatorClass = p.aggregatorClass;
        j.escrow = uint128(msg.value);
        j.specDigest = p.specDigest;
        j.modelDigest = p.initialModelDigest;
        emit JobCreated(jobId, msg.sender, p.specDigest, p.specURI, p.initialModelDigest, msg.value);
        _wait(jobId, j, 0);
    }

    /// @inheritdoc ITrainingJobs
    function startRound(uint256 jobId) external nonReentrant {
        JobRecord storage j = _knownJob(jobId);
        if (j.state != uint8(JobState.Waiting)) revert TrainingJobsWrongState(jobId, j.state);
        uint256 seedBlock = j.seedBlock;
        if (block.number <= seedBlock) revert TrainingJobsSeedNotReady(jobId, seedBlock + 1);
        bytes32 hash = blockhash(seedBlock);
        if (hash == 0) {
            _wait(jobId, j, j.round);
            return;
        }
        bytes32 seed = keccak256(abi.encode(hash, jobId, j.round));
        RoundRecord storage r = JobStorage.layout().rounds[jobId][j.round];
        if (r.challenger == address(0) ? !_tryStartRound(jobId, j, seed) : !_tryEscalate(jobId, j, r, seed)) {
            revert TrainingJobsNotEnoughNodes(
                jobId, _availableCounts[j.trainerClass], _availableCounts[j.aggregatorClass]
            );
        }
    }

    /// @inheritdoc ITrainingJobs
    function cancelJob(uint256 jobId) external nonReentrant {
        JobRecord storage j = _knownJob(jobId);
        if (msg.sender != j.requester) revert TrainingJobsNotRequester(jobId, msg.sender);
        // A challenged round waits too, but its verdict is already public: it cannot be refunded.
        if (j.state != uint8(JobState.Waiting) || JobStorage.layout().rounds[jobId][j.round].trainers.length != 0) {
            revert TrainingJobsWrongState(jobId, j.state);
        }
        uint256 refund = j.escrow;
        j.escrow = 0;
        j.state = uint8(JobState.Cancelled);
        _owed[msg.sender] += refund;
        emit RequesterCredited(jobId, j.round, msg.sender, refund);
        emit JobEnded(jobId, uint8(JobState.Cancelled));
    }

    /// @inheritdoc ITrainingJobs
    function commitUpdate(uint256 jobId, bytes32 commitment) external {
        _commit(jobId, commitment, false);
    }

    /// @inheritdoc ITrainingJobs
    function revealUpdate(uint256 jobId, bytes32 updateDigest, bytes32 salt, string calldata updateURI) external {
        (JobRecord storage j, RoundRecord storage r, uint256 round, uint256 index, bool all) =
            _reveal(jobId, false, updateDigest, updateDigest, salt);
        emit UpdateRevealed(jobId, round, msg.sender, index, updateDigest, salt, updateURI);
        if (all) _open(jobId, round, r, Stage.AggregateCommit, block.number + j.commitWindow);
    }

    /// @inheritdoc ITrainingJobs
    function commitAggregate(uint256 jobId, bytes32 commitment) external {
        _commit(jobId, commitment, true);
    }

    /// @inheritdoc ITrainingJobs
    function revealAggregate(
        uint256 jobId,
        bytes32 modelDigest,
        bytes32 scoresDigest,
        uint32 flaggedMask,
        bytes32 salt,
        string calldata modelURI
    ) external {
        bytes32 fingerprint = keccak256(abi.encode(modelDigest, scoresDigest, flaggedMask));
        (,, uint256 round,,) = _reveal(jobId, true, modelDigest, fingerprint, salt);
        emit AggregateRevealed(jobId, round, msg.sender, modelDigest, scoresDigest, flaggedMask, salt, modelURI);
    }

    /// @inheritdoc ITrainingJobs
    function settleRound(uint256 jobId, bytes32 modelDigest, uint32 flaggedMask, int64[] calldata scores)
        external
        nonReentrant
    {
        JobRecord storage j = _knownJob(jobId);
        uint256 round = j.round;
        RoundRecord storage r = JobStorage.layout().rounds[jobId][round];
        if (r.stage == uint8(Stage.Challenge)) {
            // Unchallenged, or challenged without an escalation that started: the verdict stands.
            if (block.number <= r.deadline) revert TrainingJobsNotSettleable(jobId, round, r.deadline);
            if (r.challenger != address(0)) _owed[r.challenger] += _penalty(false);
            return _payOut(jobId, round, j, r, _recorded(jobId, round, r, scores));
        }
        if (j.state != uint8(JobState.Running)) revert TrainingJobsWrongState(jobId, j.state);
        _sync(jobId, round, j, r, Stage.AggregateReveal);
        if (r.escalation != 0) return _settleEscalation(jobId, round, j, r, modelDigest, flaggedMask, scores);
        (bool agreed, uint256 groupMask,) = _decide(jobId, round, j, r, modelDigest, flaggedMask, scores);
        if (!agreed) return _payOut(jobId, round, j, r, new int64[](0));
        r.groupMask = uint16(groupMask);
        uint256 deadline = block.number + j.revealWindow;
        _open(jobId, round, r, Stage.Challenge, deadline);
        emit RoundDecided(jobId, round, modelDigest, r.scoresDigest, flaggedMask, deadline);
    }

    /// @inheritdoc ITrainingJobs
    function challengeRound(uint256 jobId) external payable nonReentrant {
        JobRecord storage j = _knownJob(jobId);
        uint256 round = j.round;
        RoundRecord storage r = JobStorage.layout().rounds[jobId][round];
        uint256 bond = _penalty(false);
        if (
            r.stage != uint8(Stage.Challenge) || block.number > r.deadline || r.challenger != address(0)
                || msg.value != bond || _escalationSeats(j.committee) == 0
        ) revert TrainingJobsNotChallengeable(jobId, round, bond);
        r.challenger = msg.sender;
        // The escalation must start within a commit and a reveal window, else the verdict stands.
        r.deadline = uint32(block.number + j.commitWindow + j.revealWindow);
        emit RoundChallenged(jobId, round, msg.sender, bond);
        _wait(jobId, j, round);
    }

    /// @inheritdoc ITrainingJobs
    function withdraw() external nonReentrant {
        uint256 amount = _owed[msg.sender];
        if (amount == 0) revert TrainingJobsNothingToWithdraw(msg.sender);
        _owed[msg.sender] = 0;
        emit Withdrawn(msg.sender, amount);
        _send(msg.sender, amount);
    }

    /// @inheritdoc ITrainingJobs
    function owed(address account) external view returns (uint256) {
        return _owed[account];
    }

    /// @inheritdoc ITrainingJobs
    function getJob(uint256) external view returns (JobView memory v) {
        _viewsAsView()();
        return v; // not reached: the views return or revert for us
    }

    /// @inheritdoc ITrainingJobs
    function getRound(uint256, uint256) external view returns (RoundView memory v) {
        _viewsAsView()();
        return v; // not reached: the views return or revert for us
    }

    /// @inheritdoc ITrainingJobs
    function jobCount() external view returns (uint256) {
        return JobStorage.layout().jobCount;
    }

    function _validate(JobParams calldata p) private view returns (uint8 quorum) {
        (uint256 rounds, uint256 trainers, uint256 committee, uint8 asked) =
            (p.rounds, p.trainers, p.committee, p.quorum);
        quorum = asked == 0 ? uint8(committee / 2 + 1) : asked;
        if (
            rounds == 0 || rounds > MAX_ROUNDS || trainers == 0 || trainers > MAX_TRAINERS || committee == 0
                || committee > MAX_COMMITTEE || quorum > committee || quorum <= committee / 2
        ) {
            revert TrainingJobsInvalidShape(rounds, trainers, committee, asked);
        }
        (uint24 commitWindow, uint24 revealWindow) = (p.commitWindow, p.revealWindow);
        if (commitWindow < _MIN_WINDOW || revealWindow < _MIN_WINDOW) {
            revert TrainingJobsInvalidWindow(commitWindow, revealWindow);
        }
        uint256 required = rounds * (uint256(p.poolPerRound) + p.committeeFeePerRound);
        if (required == 0 || msg.value != required) revert TrainingJobsInvalidEscrow(msg.value, required);
    }

    /// @dev The job waits for `startRound`, which draws the next round with blockhash(this block):
    /// nobody who creates the job or settles a round can see or choose who is picked next.
    function _wait(uint256 jobId, JobRecord storage j, uint256 round) private {
        j.state = uint8(JobState.Waiting);
        j.seedBlock = uint64(block.number);
        emit JobWaiting(jobId, round, block.number);
    }

    /// @dev Picks the round's trainers and committee with `seed` and opens its commit stage;
    /// returns false, picking nobody, when too few nodes are free.
    function _tryStartRound(uint256 jobId, JobRecord storage j, bytes32 seed) private returns (bool) {
        uint256 round = j.round;
        address[] memory trainers = _pickTrainers(j, seed, jobId);
        address[] memory committee;
        if (trainers.length != 0) {
            committee = _pickAvailable(
                j.aggregatorClass,
                j.committee,
                keccak256(abi.encode(seed, "committee")),
                uint40(jobId),
                COMMITTEE_INDEX,
                _anyNode()
            );
            if (committee.length == 0) {
                for (uint256 k = 0; k < trainers.length; ++k) {
                    _release(trainers[k], 0, j.trainerClass);
                }
            }
        }
        if (committee.length == 0) return false;
        RoundRecord storage r = JobStorage.layout().rounds[jobId][round];
        r.trainers = trainers;
        r.committee = committee;
        r.trainWords = new bytes32[](trainers.length);
        r.aggWords = new bytes32[](committee.length);
        uint256 deadline = block.number + j.commitWindow;
        r.deadline = uint32(deadline);
        j.state = uint8(JobState.Running);
        emit RoundStarted(jobId, round, trainers, committee, j.modelDigest, seed, deadline);
        return true;
    }

    /// @dev Picks `trainers` free trainers or, when fewer are free, all of them but at least
    /// trainers / 2 + 1; empty when too few.
    function _pickTrainers(JobRecord storage j, bytes32 seed, uint256 jobId)
        private
        returns (address[] memory trainers)
    {
        uint256 wanted = j.trainers;
        uint256 least = wanted / 2 + 1;
        uint256 free = _availableCounts[j.trainerClass];
        if (free < wanted) wanted = free < least ? least : free;
        trainers = _pickAvailable(j.trainerClass, wanted, seed, uint40(jobId), 0, _anyNode());
    }

    /// @dev Jobs declare no requirements beyond the GPU class.
    function _anyNode() private pure returns (Requirements memory) {
        return Requirements({vramMiB: 0, executors: 0, feePerReplica: type(uint256).max});
    }

    /// @dev Records the round's outcome; on agreement also the posted digests and flags (the
    /// deciding seats: the first committee, or the escalation's). The job's model moves at payout.
    function _decide(
        uint256 jobId,
        uint256 round,
        JobRecord storage j,
        RoundRecord storage r,
        bytes32 modelDigest,
        uint32 flaggedMask,
        int64[] calldata scores
    ) private returns (bool agreed, uint256 groupMask, uint256 size) {
        bytes32 scoresDigest = RewardSplits.scoresDigest(scores);
        (agreed, groupMask, size) =
            _verdict(jobId, round, j, r, keccak256(abi.encode(modelDigest, scoresDigest, flaggedMask)));
        if (!agreed) {
            // A first round without a group ends NoConsensus; a failed escalation keeps the first verdict.
            if (r.escalation == 0) r.outcome = uint8(RoundOutcome.NoConsensus);
            return (false, 0, 0);
        }
        if (scores.length != r.trainers.length) {
            revert TrainingJobsWrongScores(jobId, round, scoresDigest, scoresDigest);
        }
        r.outcome = uint8(RoundOutcome.Agreed);
        r.flaggedMask = flaggedMask;
        r.modelDigest = modelDigest;
        r.scoresDigest = scoresDigest;
    }

    /// @dev The committee verdict once reveals are over. Agreement needs a group of at least the
    /// quorum whose fingerprint equals `posted`; a mismatch reverts until one further reveal window
    /// has passed, after which the round counts as having no agreement.
    function _verdict(uint256 jobId, uint256 round, JobRecord storage j, RoundRecord storage r, bytes32 posted)
        private
        view
        returns (bool agreed, uint256 groupMask, uint256 size)
    {
        uint256 deadline = r.deadline;
        uint16 phase = _phase(j, r);
        uint16 revealed = r.aggRevealed & phase;
        if (revealed != r.aggCommitted & phase && block.number <= deadline) {
            revert TrainingJobsNotSettleable(jobId, round, deadline);
        }
        bytes32[] memory fingerprints = new bytes32[](r.aggWords.length);
        for (uint256 i = 0; i < fingerprints.length; ++i) {
            if (revealed & (1 << i) != 0) fingerprints[i] = r.aggWords[i];
        }
        uint256 representative;
        (representative, groupMask, size,) = Verdicts.best(fingerprints, revealed, false, 0);
        agreed = size != 0 && size >= (r.escalation == 0 ? j.quorum : r.escalation / 2 + 1);
        if (agreed && posted != fingerprints[representative]) {
            if (block.number <= deadline + j.revealWindow) {
                revert TrainingJobsWrongScores(jobId, round, fingerprints[representative], posted);
            }
            agreed = false;
        }
        if (!agreed) (groupMask, size) = (0, 0);
    }

    /// @dev Pays trainers by score; no-shows are penalised, flagged ones only when `slashFlags`.
    /// An empty `scores` means no agreement: the pool is refunded. When the agreed scores give
    /// nothing to any eligible trainer, no trainer is paid and the pool is refunded too (the
    /// committee scores each payable trainer 1 when none is positive, so all-zero scores mean
    /// that nobody was payable). Returns the requester's credit.
    function _settleTrainers(
        uint256 jobId,
        uint256 round,
        JobRecord storage j,
        RoundRecord storage r,
        uint32 flaggedMask,
        int64[] memory scores,
        bool slashFlags
    ) private returns (uint256 credit) {
        uint256 n = r.trainers.length;
        uint32 revealed = r.trainRevealed;
        uint256[] memory payouts;
        (payouts, credit) = scores.length != 0
            ? _trainerPayouts(j.poolPerRound, revealed & ~flaggedMask, scores)
            : (new uint256[](n), uint256(j.poolPerRound));
        for (uint256 i = 0; i < n; ++i) {
            address trainer = r.trainers[i];
            uint256 penalty;
            if (revealed & (1 << i) == 0) {
                penalty = _penalty(true);
                emit NodePenalised(jobId, round, trainer, penalty, uint8(PenaltyReason.NoShow));
            } else if (slashFlags && flaggedMask & (1 << i) != 0) {
                penalty = _penalty(false);
                emit NodePenalised(jobId, round, trainer, penalty, uint8(PenaltyReason.Flagged));
            } else if (payouts[i] != 0) {
                _owed[trainer] += payouts[i];
                emit TrainerPaid(jobId, round, trainer, payouts[i]);
            }
            _release(trainer, penalty, j.trainerClass);
        }
    }

    /// @dev The pool split by the scores of the `eligible` trainers (bit set); all dust when none
    /// has a positive score. Returns the payouts and the dust.
    function _trainerPayouts(uint256 pool, uint256 eligibleMask, int64[] memory scores)
        private
        view
        returns (uint256[] memory payouts, uint256 dust)
    {
        (payouts, dust) = TrainingJobsViews(_VIEWS).trainerPayouts(pool, eligibleMask, scores);
    }

    /// @dev Pays the agreeing seats (groupMask 0: no agreement, fee refunded); no-shows are
    /// penalised, disagreeing members only when a two-thirds group outvoted them (otherwise they
    /// are unpaid). Returns the requester's credit.
    function _settleCommittee(uint256 jobId, uint256 round, JobRecord storage j, RoundRecord storage r, bool slashes)
        private
        returns (uint256 credit)
    {
        uint256 fee = j.committeeFeePerRound;
        uint256 groupMask = r.groupMask;
        // Every seat's share is fee / seats, so outvoting a member earns the rest nothing.
        uint256 perMember = fee / r.committee.length;
        credit = fee - perMember * Popcount.count(groupMask);
        uint16 revealed = r.aggRevealed;
        for (uint256 i = 0; i < r.committee.length; ++i) {
            address member = r.committee[i];
            uint256 penalty;
            if (revealed & (1 << i) == 0) {
                penalty = _penalty(true);
                emit NodePenalised(jobId, round, member, penalty, uint8(PenaltyReason.NoShow));
            } else if (groupMask & (1 << i) != 0) {
                if (perMember != 0) {
                    _owed[member] += perMember;
                    emit MemberPaid(jobId, round, member, perMember);
                }
            } else if (slashes) {
                penalty = _penalty(false);
                emit NodePenalised(jobId, round, member, penalty, uint8(PenaltyReason.WrongAggregate));
            }
            _release(member, penalty, j.aggregatorClass);
        }
    }

    /// @dev Decides a challenged round by its escalation's verdict, settles the bond and pays out.
    function _settleEscalation(
        uint256 jobId,
        uint256 round,
        JobRecord storage j,
        RoundRecord storage r,
        bytes32 modelDigest,
        uint32 flaggedMask,
        int64[] calldata scores
    ) private {
        bytes32 first = _fingerprint(r);
        (, uint256 groupMask, uint256 size) = _decide(jobId, round, j, r, modelDigest, flaggedMask, scores);
        if (size == 0) return _keepFirstVerdict(jobId, round, j, r, scores);
        _adoptEscalation(j, r, groupMask, first);
        _payOut(jobId, round, j, r, scores);
    }

    /// @dev No escalation verdict: the first one stands, nobody is slashed for a result, and the
    /// challenger (not shown wrong) gets its bond back.
    function _keepFirstVerdict(
        uint256 jobId,
        uint256 round,
        JobRecord storage j,
        RoundRecord storage r,
        int64[] calldata scores
    ) private {
        _owed[r.challenger] += _penalty(false);
        _payOut(jobId, round, j, r, _recorded(jobId, round, r, scores));
    }

    /// @dev Records the escalation's group, joined by the first-round members whose aggregate is
    /// its verdict, and settles the bond: back when the verdict changed, else to the treasury.
    function _adoptEscalation(JobRecord storage j, RoundRecord storage r, uint256 groupMask, bytes32 first) private {
        bytes32 verdict = _fingerprint(r);
        for (uint256 i = 0; i < j.committee; ++i) {
            if (r.aggRevealed & (1 << i) != 0 && r.aggWords[i] == verdict) groupMask |= 1 << i;
        }
        r.groupMask = uint16(groupMask);
        if (verdict != first) _owed[r.challenger] += _penalty(false);
        else _creditTreasury(r.challenger, _penalty(false));
    }

    function _fingerprint(RoundRecord storage r) private view returns (bytes32) {
        return keccak256(abi.encode(r.modelDigest, r.scoresDigest, r.flaggedMask));
    }

    /// @dev Records a trainer's (or a deciding member's) commitment; opens the reveal stage once
    /// every one of them committed.
    function _commit(uint256 jobId, bytes32 commitment, bool member) private {
        (JobRecord storage j, RoundRecord storage r, uint256 round) = _current(jobId);
        uint256 index = _seat(jobId, j, r, member);
        _sync(jobId, round, j, r, member ? Stage.AggregateCommit : Stage.TrainCommit);
        (uint256 committed, CommitReveal.Refusal refusal) =
            CommitReveal.commit(member ? r.aggCommitted : r.trainCommitted, index);
        if (refusal != CommitReveal.Refusal.None) revert TrainingJobsAlreadyCommitted(jobId, msg.sender);
        uint256 seats;
        if (member) {
            r.aggCommitted = uint16(committed);
            r.aggWords[index] = commitment;
            seats = _phase(j, r);
            emit AggregateCommitted(jobId, round, msg.sender, commitment);
        } else {
            r.trainCommitted = uint32(committed);
            r.trainWords[index] = commitment;
            seats = (1 << r.trainers.length) - 1;
            emit UpdateCommitted(jobId, round, msg.sender, commitment);
        }
        if (CommitReveal.allIn(committed, seats)) {
            Stage reveal = member ? Stage.AggregateReveal : Stage.TrainReveal;
            _open(jobId, round, r, reveal, CommitReveal.revealDeadline(r.deadline, j.revealWindow));
        }
    }

    /// @dev Checks a trainer's (or a deciding member's) reveal against its commitment and keeps
    /// `fingerprint` (a trainer's: its update digest) in its word. `all`: every committed seat
    /// of the stage has now revealed.
    function _reveal(uint256 jobId, bool member, bytes32 resultDigest, bytes32 fingerprint, bytes32 salt)
        private
        returns (JobRecord storage j, RoundRecord storage r, uint256 round, uint256 index, bool all)
    {
        (j, r, round) = _current(jobId);
        index = _seat(jobId, j, r, member);
        _sync(jobId, round, j, r, member ? Stage.AggregateReveal : Stage.TrainReveal);
        // The last stage has no next one to open: its deadline closes it here.
        if (member && !CommitReveal.isOpen(r.deadline)) {
            revert TrainingJobsWrongStage(jobId, round, uint8(Stage.Settled));
        }
        uint256 committed = member ? r.aggCommitted : r.trainCommitted;
        (uint256 revealed, CommitReveal.Refusal refusal) =
            CommitReveal.reveal(committed, member ? r.aggRevealed : r.trainRevealed, index);
        if (refusal == CommitReveal.Refusal.NotCommitted) revert TrainingJobsNotCommitted(jobId, msg.sender);
        if (refusal != CommitReveal.Refusal.None) revert TrainingJobsAlreadyRevealed(jobId, msg.sender);
        _openCommitment(jobId, round, member ? r.aggWords : r.trainWords, index, resultDigest, fingerprint, salt);
        if (member) r.aggRevealed = uint16(revealed);
        else r.trainRevealed = uint32(revealed);
        all = revealed == committed;
    }

    /// @dev Pays the round out as recorded (empty `scores`: no agreement, pool and fee refunded)
    /// and lets the next round start.
    function _payOut(uint256 jobId, uint256 round, JobRecord storage j, RoundRecord storage r, int64[] memory scores)
        private
    {
        bool agreed = r.outcome == uint8(RoundOutcome.Agreed);
        // The job's model moves on only with a final verdict: an escalation recomputes the round
        // from the model it started with.
        if (agreed) j.modelDigest = r.modelDigest;
        // A two-thirds group of the deciding seats slashes (a captured bare majority can withhold
        // pay, not stake); a failed escalation's deciding seats hold no group, so nobody is.
        uint16 phase = _phase(j, r);
        bool slashes = _canSlash(Popcount.count(r.groupMask & phase), Popcount.count(phase));
        uint256 credit = agreed
            ? _settleTrainers(jobId, round, j, r, r.flaggedMask, scores, slashes)
            : _settleTrainers(jobId, round, j, r, 0, new int64[](0), false);
        credit += _settleCommittee(jobId, round, j, r, slashes);
        r.stage = uint8(Stage.Settled);
        j.escrow -= uint128(uint256(j.poolPerRound) + j.committeeFeePerRound);
        _owed[j.requester] += credit;
        emit RoundSettled(jobId, round, r.outcome, r.modelDigest, r.scoresDigest, r.flaggedMask, scores, r.groupMask);
        emit RequesterCredited(jobId, round, j.requester, credit);
        j.round = uint16(round + 1);
        if (round + 1 == j.rounds) {
            j.state = uint8(JobState.Finished);
            emit JobEnded(jobId, uint8(JobState.Finished));
        } else {
            _wait(jobId, j, round + 1);
        }
    }

    /// @dev The posted scores when they are the recorded verdict's.
    function _recorded(uint256 jobId, uint256 round, RoundRecord storage r, int64[] calldata scores)
        private
        view
        returns (int64[] memory)
    {
        bytes32 posted = RewardSplits.scoresDigest(scores);
        if (posted != r.scoresDigest) revert TrainingJobsWrongScores(jobId, round, r.scoresDigest, posted);
        return scores;
    }

    /// @dev Draws the escalation of a challenged round into the committee seats after the first
    /// committee's and reopens its aggregate stages; false, picking nobody, when too few are free.
    function _tryEscalate(uint256 jobId, JobRecord storage j, RoundRecord storage r, bytes32 seed)
        private
        returns (bool)
    {
        uint256 first = j.committee;
        uint256 seats = _escalationSeats(first);
        address[] memory members =
            _pickAvailable(j.aggregatorClass, seats, seed, uint40(jobId), COMMITTEE_INDEX + first, _anyNode());
        if (members.length == 0) return false;
        for (uint256 k = 0; k < seats; ++k) {
            r.committee.push(members[k]);
            r.aggWords.push();
        }
        r.escalation = uint8(seats);
        j.state = uint8(JobState.Running);
        uint256 deadline = block.number + j.commitWindow;
        _open(jobId, j.round, r, Stage.AggregateCommit, deadline);
        emit RoundEscalated(jobId, j.round, members, first, seed, deadline);
        return true;
    }

    /// @dev Mask of the committee seats that decide now: the first committee, or the escalation.
    function _phase(JobRecord storage j, RoundRecord storage r) private view returns (uint16) {
        uint256 first = (1 << j.committee) - 1;
        return uint16(r.escalation == 0 ? first : ((1 << r.aggWords.length) - 1) ^ first);
    }

    /// @dev min(2c + 1, MAX_COMMITTEE − c) fresh seats for an escalation of a c-member committee; 0
    /// when that is not more than c.
    function _escalationSeats(uint256 committee) private pure returns (uint256 seats) {
        seats = 2 * committee + 1;
        if (seats > MAX_COMMITTEE - committee) seats = MAX_COMMITTEE - committee;
        if (seats <= committee) seats = 0;
    }

    /// @dev The caller's trainer seat or committee seat; a committee seat must be one of the
    /// seats deciding now.
    function _seat(uint256 jobId, JobRecord storage j, RoundRecord storage r, bool member)
        private
        view
        returns (uint256 index)
    {
        index = _roleIndex(jobId, member);
        if (member && _phase(j, r) & (1 << index) == 0) revert TrainingJobsNotSelected(jobId, msg.sender);
    }

    /// @dev Applies passed deadlines to the round's stored stage, then requires `expected`.
    function _sync(uint256 jobId, uint256 round, JobRecord storage j, RoundRecord storage r, Stage expected) private {
        (Stage stage, uint256 deadline) = JobStorage.effective(j, r);
        if (uint8(stage) != r.stage) _open(jobId, round, r, stage, deadline);
        if (stage != expected) revert TrainingJobsWrongStage(jobId, round, uint8(stage));
    }

    function _open(uint256 jobId, uint256 round, RoundRecord storage r, Stage stage, uint256 deadline) private {
        r.stage = uint8(stage);
        r.deadline = uint32(deadline);
        emit StageOpened(jobId, round, uint8(stage), deadline);
    }

    /// @dev Checks that the caller's reveal opens the commitment in `words[index]`, then keeps
    /// `fingerprint` there.
    function _openCommitment(
        uint256 jobId,
        uint256 round,
        bytes32[] storage words,
        uint256 index,
        bytes32 resultDigest,
        bytes32 fingerprint,
        bytes32 salt
    ) private {
        bytes32 committed = words[index];
        bytes32 computed = CommitReveal.commitment((jobId << 128) | round, resultDigest, fingerprint, salt);
        if (computed != committed) revert TrainingJobsCommitmentMismatch(jobId, msg.sender, committed, computed);
        words[index] = fingerprint;
    }

    function _current(uint256 jobId) private view returns (JobRecord storage j, RoundRecord storage r, uint256 round) {
        j = _knownJob(jobId);
        if (j.state != uint8(JobState.Running)) revert TrainingJobsWrongState(jobId, j.state);
        round = j.round;
        r = JobStorage.layout().rounds[jobId][round];
    }

    /// @dev The caller's index among the current round's trainers (or committee members).
    function _roleIndex(uint256 jobId, bool committee) private view returns (uint256) {
        NodeRecord storage n = _nodes[msg.sender];
        uint256 index = n.activeIndex;
        if (n.activeTask != jobId || (index >= COMMITTEE_INDEX) != committee) {
            revert TrainingJobsNotSelected(jobId, msg.sender);
        }
        return committee ? index - COMMITTEE_INDEX : index;
    }

    function _knownJob(uint256 jobId) private view returns (JobRecord storage j) {
        j = JobStorage.layout().jobs[jobId];
        if (j.requester == address(0)) revert TrainingJobsUnknownJob(jobId);
    }

    /// @dev `_delegateToViews` typed as a view: DELEGATECALL is a state-changing opcode to the
    /// compiler, but TrainingJobsViews only reads, so the views stay `view` in the ABI.
    function _viewsAsView() private pure returns (function() internal view fn) {
        function() internal delegate = _delegateToViews;
        assembly ("memory-safe") {
            fn := delegate
        }
    }

    /// @dev Runs this call's calldata in TrainingJobsViews over this contract's storage and
    /// returns (or reverts with) its result as is.
    function _delegateToViews() private {
        address views = _VIEWS;
        assembly {
            calldatacopy(0, 0, calldatasize())
            let ok := delegatecall(gas(), views, 0, calldatasize(), 0, 0)
            returndatacopy(0, 0, returndatasize())
            if iszero(ok) { revert(0, returndatasize()) }
            return(0, returndatasize())
        }
    }

    function _send(address to, uint256 amount) internal override {
        (bool ok,) = to.call{value: amount}("");
        if (!ok) revert TrainingJobsTransferFailed(to, amount);
    }
}

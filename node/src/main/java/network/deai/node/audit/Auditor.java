package network.deai.node.audit;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import network.deai.contracts.abi.Address;
import network.deai.contracts.abi.Bytes32;
import network.deai.contracts.abi.Commitment;
import network.deai.contracts.abi.TaskSeed;
import network.deai.contracts.gen.TaskManager;
import network.deai.node.chain.SamplingEvents;
import network.deai.node.chain.TaskManagerClient;
import network.deai.node.domain.Node;
import network.deai.node.domain.NodeStatus;
import network.deai.node.domain.Replica;
import network.deai.node.domain.ReplicaOutcome;
import network.deai.node.domain.Sampling;
import network.deai.node.domain.SamplingDecision;
import network.deai.node.domain.SamplingEvent;
import network.deai.node.domain.SamplingStage;
import network.deai.node.domain.SelectionDraw;
import network.deai.node.domain.SlashReason;
import network.deai.node.domain.Task;
import network.deai.node.domain.TaskSeats;
import network.deai.node.domain.TaskState;
import network.deai.verifier.domain.consensus.ConsensusRule;
import network.deai.verifier.domain.consensus.Mode;
import network.deai.verifier.domain.consensus.Verdict;
import org.jspecify.annotations.Nullable;
import org.web3j.abi.EventEncoder;
import org.web3j.protocol.core.methods.response.Log;

/** Rebuilds and re-checks on-chain records from events and views only (any JSON-RPC chain). */
public final class Auditor {

  private final TaskManagerClient client;

  /** An auditor reading through {@code client}. */
  public Auditor(TaskManagerClient client) {
    this.client = client;
  }

  /** The task's record and its re-check. */
  public TaskAudit task(BigInteger taskId) {
    if (taskId.signum() <= 0 || taskId.compareTo(client.taskCount()) > 0) {
      throw new IllegalArgumentException(
          "no task " + taskId + " (tasks are numbered 1.." + client.taskCount() + ")");
    }
    Task task = client.task(taskId);
    TaskManager.TaskCreatedEventResponse created = client.taskCreated(taskId);
    List<Log> logs = client.taskLogs(taskId, created.log.getBlockNumber().longValueExact());
    Events events = Events.of(logs);
    Sampling sampling = client.sampling(taskId);
    List<String> workers = client.replicas(taskId);
    List<String> problems = new ArrayList<>();
    List<TaskAudit.Replica> replicas = new ArrayList<>();
    List<Optional<Bytes32>> revealed = new ArrayList<>();
    for (int i = 0; i < workers.size(); i++) {
      replicas.add(replica(taskId, i, workers.get(i), events, problems));
      // Events are keyed by node; a node that abstained in round one can hold an escalation seat
      // too, so only a seat the chain marks revealed takes the node's reveal.
      TaskManager.RevealedEventResponse r = events.revealed.get(Address.of(workers.get(i)));
      boolean seatRevealed = (task.revealedMask() & (1 << i)) != 0;
      revealed.add(
          r == null || !seatRevealed ? Optional.empty() : Optional.of(Bytes32.wrap(r.fingerprint)));
    }
    TaskState state = task.state();
    Mode mode = task.mode() == network.deai.node.domain.Mode.EXACT ? Mode.EXACT : Mode.SIMILAR;
    TaskSeats seats = task.seats();
    for (TaskManager.TaskStartedEventResponse started : events.started) {
      checkSeed(taskId, started, problems);
      checkPicks(task, started, problems);
    }
    boolean unchecked = sampling.stage() == SamplingStage.UNCHECKED;
    if (unchecked) {
      checkUnchecked(task, state, revealed, problems);
    } else {
      checkVerdict(task, state, mode, seats, revealed, problems);
    }
    checkBooks(task, state, seats, replicas, problems);
    SampledAudit sampled = sampled(taskId, sampling, logs, workers, replicas);
    problems.addAll(sampled.problems());
    TaskManager.@Nullable TaskStartedEventResponse first =
        events.started.isEmpty() ? null : events.started.get(0);
    return new TaskAudit(
        taskId,
        task.requester().hex(),
        state.solidityName(),
        mode.name(),
        task.quorum(),
        task.maxDistance(),
        task.fee(),
        Bytes32.wrap(created.specDigest).toHex(),
        created.specURI,
        first == null ? "" : Bytes32.wrap(first.seed).toHex(),
        first == null ? 0 : first.seedBlock.longValueExact(),
        seats.escalationSeats(),
        task.commitDeadline(),
        task.revealDeadline(),
        task.verdictFingerprint().toHex(),
        task.groupSize(),
        task.payoutPerMember(),
        task.requesterCredit(),
        replicas,
        sampled,
        problems);
  }

  private SampledAudit sampled(
      BigInteger taskId,
      Sampling sampling,
      List<Log> logs,
      List<String> workers,
      List<TaskAudit.Replica> replicas) {
    if (!sampling.sampled()) {
      return SampledAudit.none();
    }
    List<SamplingEvent> events = SamplingEvents.of(logs);
    Optional<SamplingDecision> recomputed =
        sampling.decisionBlock() == 0
            ? Optional.empty()
            : Optional.of(decision(taskId, sampling, events));
    TaskAudit.Replica executor = replicas.get(0);
    return SampledAudit.of(
        sampling,
        recomputed,
        events,
        workers.size() <= 1 ? List.of() : workers.subList(1, workers.size()),
        client.challengeBond(taskId),
        executor.slashed(),
        executor.outcome().equals(ReplicaOutcome.PAID.solidityName()));
  }

  /**
   * The check decision as the contract took it: from the decision block's hash, or, when that hash
   * had aged out of the 256-block window by the time the decision was taken (the TaskSampled
   * event's block), "checked" with the seed of a zero hash.
   */
  private SamplingDecision decision(
      BigInteger taskId, Sampling sampling, List<SamplingEvent> events) {
    Optional<Long> decidedAt =
        events.stream()
            .filter(SamplingEvent.Sampled.class::isInstance)
            .map(e -> ((SamplingEvent.Sampled) e).block())
            .findFirst();
    if (decidedAt.isPresent()
        && SamplingDecision.agedOut(sampling.decisionBlock(), decidedAt.get())) {
      return SamplingDecision.whenAgedOut(taskId);
    }
    return SamplingDecision.decide(
        client.blockHash(sampling.decisionBlock()), taskId, sampling.sampleRateBps());
  }

  /**
   * An unchecked sampled task that settled stands on its executor alone: the verdict group is seat
   * 0 and the verdict its revealed fingerprint.
   */
  private static void checkUnchecked(
      Task task, TaskState state, List<Optional<Bytes32>> revealed, List<String> problems) {
    if (state != TaskState.SETTLED) {
      return;
    }
    Optional<Bytes32> executor = revealed.isEmpty() ? Optional.empty() : revealed.get(0);
    if (task.groupMask() != 1
        || executor.isEmpty()
        || !executor.get().equals(task.verdictFingerprint())) {
      problems.add(
          "an unchecked sampled task settles on its executor's revealed fingerprint alone, but"
              + " the chain's group is "
              + Integer.toBinaryString(task.groupMask())
              + " with fingerprint "
              + task.verdictFingerprint().toHex());
    }
  }

  private TaskAudit.Replica replica(
      BigInteger taskId, int index, String worker, Events events, List<String> problems) {
    Address who = Address.of(worker);
    Replica view = client.replica(taskId, index);
    TaskManager.CommittedEventResponse committed =
        view.committed() ? events.committed.get(who) : null;
    TaskManager.RevealedEventResponse revealed = view.revealed() ? events.revealed.get(who) : null;
    boolean checks = true;
    if (revealed != null) {
      Bytes32 recomputed =
          Commitment.compute(
              client.chainId(),
              Address.of(client.address()),
              taskId,
              who,
              Bytes32.wrap(revealed.resultDigest),
              Bytes32.wrap(revealed.fingerprint),
              Bytes32.wrap(revealed.salt));
      checks = committed != null && recomputed.equals(Bytes32.wrap(committed.commitment));
      if (!checks) {
        problems.add("replica " + index + ": revealed values do not hash to its commitment");
      }
    }
    // An abstained seat is neither paid nor slashed, whatever the node's other seat got.
    boolean abstained = view.outcome() == ReplicaOutcome.ABSTAINED;
    TaskManager.ReplicaSlashedEventResponse slashed = abstained ? null : events.slashed.get(who);
    TaskManager.ReplicaPaidEventResponse paid = abstained ? null : events.paid.get(who);
    return new TaskAudit.Replica(
        index,
        worker,
        committed == null ? "" : Bytes32.wrap(committed.commitment).toHex(),
        revealed == null ? "" : Bytes32.wrap(revealed.resultDigest).toHex(),
        revealed == null ? "" : Bytes32.wrap(revealed.fingerprint).toHex(),
        revealed == null ? "" : Bytes32.wrap(revealed.salt).toHex(),
        revealed == null ? "" : revealed.resultURI,
        checks,
        view.outcome().solidityName(),
        paid == null ? BigInteger.ZERO : paid.amount,
        slashed == null ? BigInteger.ZERO : slashed.amount,
        slashed == null ? "" : SlashReason.fromChain(slashed.reason.intValue()).label());
  }

  /**
   * Each draw (the first round's, and an escalation's) must have used seed =
   * keccak256(abi.encode(blockhash(seedBlock), taskId)), the hash of a block that did not exist
   * when the task was created or escalated, recomputed here from the chain.
   */
  private void checkSeed(
      BigInteger taskId, TaskManager.TaskStartedEventResponse started, List<String> problems) {
    long seedBlock = started.seedBlock.longValueExact();
    Bytes32 expected = TaskSeed.compute(client.blockHash(seedBlock), taskId);
    if (!expected.equals(Bytes32.wrap(started.seed))) {
      problems.add(
          "selection seed "
              + Bytes32.wrap(started.seed).toHex()
              + " is not keccak256(blockhash("
              + seedBlock
              + "), taskId) = "
              + expected.toHex());
    }
  }

  /**
   * The seed must have picked exactly the replicas the chain recorded: the draw is replayed ({@link
   * SelectionDraw}) over the available set as it was at the end of the block before the start,
   * which is the set the start drew from unless another transaction of the contract came first in
   * the same block (then the draw cannot be replayed from views and is not checked).
   */
  private void checkPicks(
      Task task, TaskManager.TaskStartedEventResponse started, List<String> problems) {
    long block = started.log.getBlockNumber().longValueExact();
    BigInteger logIndex = started.log.getLogIndex();
    for (Log log : client.logs(block, block)) {
      if (log.getLogIndex().compareTo(logIndex) < 0
          && !log.getTransactionHash().equals(started.log.getTransactionHash())) {
        return; // another transaction changed the set first in this block
      }
    }
    int first = started.firstIndex.intValueExact();
    int count = started.workers.size();
    SelectionDraw.Requirements requirements =
        new SelectionDraw.Requirements(
            task.minVramMiB(),
            task.executors(),
            task.fee().divide(BigInteger.valueOf(Math.max(first + count, task.replicas()))));
    List<String> expected =
        SelectionDraw.draw(
            client.availableSetAt(task.gpuClass(), block - 1),
            count,
            Bytes32.wrap(started.seed),
            requirements);
    List<Address> want = expected.stream().map(Address::of).toList();
    List<Address> got = started.workers.stream().map(w -> Address.of(w.toString())).toList();
    if (!want.equals(got)) {
      problems.add(
          "the seed of the draw in block "
              + block
              + " picks "
              + expected
              + " from the available set, but the chain recorded "
              + got);
    }
  }

  private static void checkVerdict(
      Task task,
      TaskState state,
      Mode mode,
      TaskSeats seats,
      List<Optional<Bytes32>> revealed,
      List<String> problems) {
    if (state != TaskState.SETTLED && state != TaskState.NO_CONSENSUS) {
      return;
    }
    int maxDistance = task.maxDistance();
    Verdict verdict =
        seats.escalationSeats() == 0
            ? ConsensusRule.verdict(revealed, mode, maxDistance, task.quorum())
            : ConsensusRule.escalatedVerdict(revealed, seats.firstDeciding(), mode, maxDistance);
    switch (verdict) {
      case Verdict.Agreed agreed -> {
        int mask = 0;
        for (int i : agreed.group()) {
          mask |= 1 << i;
        }
        if (state != TaskState.SETTLED
            || mask != task.groupMask()
            || !agreed.fingerprint().equals(task.verdictFingerprint())) {
          problems.add(
              "recomputed verdict (group "
                  + agreed.group()
                  + ", fingerprint "
                  + agreed.fingerprint().toHex()
                  + ") differs from the chain's");
        }
      }
      case Verdict.NoConsensus none -> {
        if (state != TaskState.NO_CONSENSUS) {
          problems.add(
              "recomputed verdict is NoConsensus but the chain says " + state.solidityName());
        }
      }
    }
  }

  /**
   * The payout rules, from the task's masks: abstainers get and lose nothing; a seat that did not
   * reveal loses noShowAmount; Settled pays each group member fee / seats (the replicas, plus the
   * escalation seats of an escalated task) and slashes a revealed non-member only under a group of
   * at least 3 holding two thirds of the deciding seats (otherwise it is unpaid); NoConsensus pays
   * nobody and spends the revealed shares for the treasury; the requester gets the rest of the fee
   * back. Penalties go to the treasury.
   */
  private void checkBooks(
      Task task,
      TaskState state,
      TaskSeats seats,
      List<TaskAudit.Replica> replicas,
      List<String> problems) {
    if (!state.isFinal()) {
      return;
    }
    BigInteger perReplica = task.fee().divide(BigInteger.valueOf(seats.total()));
    int spent = 0;
    for (TaskAudit.Replica r : replicas) {
      ReplicaOutcome outcome = expectedOutcome(task, state, seats, 1 << r.index());
      boolean paid = outcome == ReplicaOutcome.PAID;
      spent += paid || isSpentWithoutConsensus(task, state, r.index()) ? 1 : 0;
      if (!outcome.solidityName().equals(r.outcome())) {
        problems.add(
            "replica "
                + r.index()
                + " is "
                + r.outcome()
                + ", the rules give "
                + outcome.solidityName());
      }
      expect(
          problems, "replica " + r.index() + " pay", paid ? perReplica : BigInteger.ZERO, r.paid());
      BigInteger penalty =
          switch (outcome) {
            case SLASHED_WRONG -> client.slashAmount();
            case SLASHED_NO_SHOW -> client.noShowAmount();
            case PENDING, PAID, UNPAID, ABSTAINED -> BigInteger.ZERO;
          };
      expect(problems, "replica " + r.index() + " penalty", penalty, r.slashed());
    }
    BigInteger credit = task.fee().subtract(perReplica.multiply(BigInteger.valueOf(spent)));
    expect(problems, "requester credit", credit, task.requesterCredit());
    expect(problems, "pay per replica", perReplica, task.payoutPerMember());
  }

  /** A finalized task's replica outcome under the v2 rules (docs/protocol.md §3). */
  private static ReplicaOutcome expectedOutcome(
      Task task, TaskState state, TaskSeats seats, int bit) {
    if ((task.abstainedMask() & bit) != 0) {
      return ReplicaOutcome.ABSTAINED;
    }
    if ((task.revealedMask() & bit) == 0) {
      // a started task's replica that neither revealed nor abstained
      return ReplicaOutcome.SLASHED_NO_SHOW;
    }
    if (state != TaskState.SETTLED) {
      return ReplicaOutcome.UNPAID;
    }
    if ((task.groupMask() & bit) != 0) {
      return ReplicaOutcome.PAID;
    }
    return seats.canSlash(task.groupMask()) ? ReplicaOutcome.SLASHED_WRONG : ReplicaOutcome.UNPAID;
  }

  private static boolean isSpentWithoutConsensus(Task task, TaskState state, int index) {
    return state == TaskState.NO_CONSENSUS && (task.revealedMask() & (1 << index)) != 0;
  }

  private static void expect(
      List<String> problems, String what, BigInteger expected, BigInteger actual) {
    if (!expected.equals(actual)) {
      problems.add("books: " + what + " is " + actual + " wei, the rules give " + expected);
    }
  }

  /** The node's record: registration, every task it served and what it earned or lost. */
  public NodeAudit node(String address) {
    Address who = Address.of(address);
    Node info = client.node(who.hex());
    if (info.status() == NodeStatus.NONE) {
      throw new IllegalArgumentException(address + " never registered with " + client.address());
    }
    String workerTopic =
        org.web3j.utils.Numeric.toHexStringWithPrefixZeroPadded(
            org.web3j.utils.Numeric.toBigInt(who.hex()), 64);
    long head = client.blockNumber();
    List<NodeAudit.Entry> entries = new ArrayList<>();
    for (long start = 0; start <= head; start += TaskManagerClient.LOG_RANGE) {
      long end = Math.min(head, start + TaskManagerClient.LOG_RANGE - 1);
      for (Log log : client.logs(start, end, null, null, workerTopic)) {
        NodeAudit.Entry entry = NodeAudit.Entry.of(log);
        if (entry != null) {
          entries.add(entry);
        }
      }
    }
    return NodeAudit.of(who.hex(), info, client.owed(who.hex()), entries);
  }

  /** A task's events keyed by worker. */
  private static final class Events {
    final Map<Address, TaskManager.CommittedEventResponse> committed = new HashMap<>();
    final Map<Address, TaskManager.RevealedEventResponse> revealed = new HashMap<>();
    final Map<Address, TaskManager.ReplicaPaidEventResponse> paid = new HashMap<>();
    final Map<Address, TaskManager.ReplicaSlashedEventResponse> slashed = new HashMap<>();
    final List<TaskManager.TaskStartedEventResponse> started = new ArrayList<>();

    static Events of(List<Log> logs) {
      Events events = new Events();
      for (Log log : logs) {
        String topic = log.getTopics().get(0);
        if (topic.equals(EventEncoder.encode(TaskManager.TASKSTARTED_EVENT))) {
          events.started.add(TaskManager.getTaskStartedEventFromLog(log));
        } else if (topic.equals(EventEncoder.encode(TaskManager.COMMITTED_EVENT))) {
          var e = TaskManager.getCommittedEventFromLog(log);
          events.committed.put(Address.of(e.worker), e);
        } else if (topic.equals(EventEncoder.encode(TaskManager.REVEALED_EVENT))) {
          var e = TaskManager.getRevealedEventFromLog(log);
          events.revealed.put(Address.of(e.worker), e);
        } else if (topic.equals(EventEncoder.encode(TaskManager.REPLICAPAID_EVENT))) {
          var e = TaskManager.getReplicaPaidEventFromLog(log);
          events.paid.put(Address.of(e.worker), e);
        } else if (topic.equals(EventEncoder.encode(TaskManager.REPLICASLASHED_EVENT))) {
          var e = TaskManager.getReplicaSlashedEventFromLog(log);
          events.slashed.put(Address.of(e.worker), e);
        }
      }
      return events;
    }
  }
}

package network.deai.node.chain;

import java.math.BigInteger;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import network.deai.contracts.abi.Bytes32;
import network.deai.contracts.gen.TaskManager;
import network.deai.node.domain.SamplingEvent;
import network.deai.node.domain.SlashReason;
import network.deai.node.domain.TaskState;
import org.jspecify.annotations.Nullable;
import org.web3j.abi.EventEncoder;
import org.web3j.abi.datatypes.Event;
import org.web3j.protocol.core.methods.response.Log;

/**
 * One decoded TaskManager event: where it is ({@code block}, {@code tx}, {@code logIndex}), which
 * event ({@code kind}), which task it is about ({@code taskId}, 0 for a node or account event),
 * which account ({@code account}, lower-case hex, empty when none), an amount in wei (0 when none),
 * a short {@code detail} for people, for {@code TaskFinalized} only the state the task ended in
 * ({@code finalState}) and, for the sampled-validation events only ({@code TaskSampled}, {@code
 * TaskChallenged}, {@code ChallengeResolved}), the decoded {@code sampling} event.
 */
public record ChainEvent(
    long block,
    String tx,
    int logIndex,
    Kind kind,
    BigInteger taskId,
    String account,
    BigInteger amount,
    String detail,
    @Nullable TaskState finalState,
    @Nullable SamplingEvent sampling) {

  /** The TaskManager events this record decodes, with the names the contract declares. */
  public enum Kind {
    TASK_CREATED("TaskCreated"),
    TASK_PENDING("TaskPending"),
    TASK_STARTED("TaskStarted"),
    TASK_ESCALATED("TaskEscalated"),
    REPLICA_ABSTAINED("ReplicaAbstained"),
    COMMITTED("Committed"),
    REVEAL_OPENED("RevealOpened"),
    REVEALED("Revealed"),
    TASK_FINALIZED("TaskFinalized"),
    REPLICA_PAID("ReplicaPaid"),
    REPLICA_SLASHED("ReplicaSlashed"),
    REQUESTER_CREDITED("RequesterCredited"),
    WITHDRAWN("Withdrawn"),
    NODE_REGISTERED("NodeRegistered"),
    NODE_REACTIVATED("NodeReactivated"),
    NODE_STAKE_WITHDRAWN("NodeStakeWithdrawn"),
    NODE_EXIT_REQUESTED("NodeExitRequested"),
    NODE_EXIT_SCHEDULED("NodeExitScheduled"),
    NODE_DEACTIVATED("NodeDeactivated"),
    TREASURY_CREDITED("TreasuryCredited"),
    TASK_SAMPLED("TaskSampled"),
    TASK_CHALLENGED("TaskChallenged"),
    CHALLENGE_RESOLVED("ChallengeResolved");

    private final String solidityName;

    Kind(String solidityName) {
      this.solidityName = solidityName;
    }

    /** The event's name in the contract ("TaskCreated"). */
    public String solidityName() {
      return solidityName;
    }
  }

  private static final Map<String, Function<Log, ChainEvent>> DECODERS =
      Map.ofEntries(
          entry(TaskManager.TASKCREATED_EVENT, ChainEvent::created),
          entry(TaskManager.TASKPENDING_EVENT, ChainEvent::pending),
          entry(TaskManager.TASKSTARTED_EVENT, ChainEvent::started),
          entry(TaskManager.TASKESCALATED_EVENT, ChainEvent::escalated),
          entry(TaskManager.REPLICAABSTAINED_EVENT, ChainEvent::abstained),
          entry(TaskManager.COMMITTED_EVENT, ChainEvent::committed),
          entry(TaskManager.REVEALOPENED_EVENT, ChainEvent::revealOpened),
          entry(TaskManager.REVEALED_EVENT, ChainEvent::revealed),
          entry(TaskManager.TASKFINALIZED_EVENT, ChainEvent::finalized),
          entry(TaskManager.REPLICAPAID_EVENT, ChainEvent::paid),
          entry(TaskManager.REPLICASLASHED_EVENT, ChainEvent::slashed),
          entry(TaskManager.REQUESTERCREDITED_EVENT, ChainEvent::credited),
          entry(TaskManager.WITHDRAWN_EVENT, ChainEvent::withdrawn),
          entry(TaskManager.NODEREGISTERED_EVENT, ChainEvent::registered),
          entry(TaskManager.NODEREACTIVATED_EVENT, ChainEvent::reactivated),
          entry(TaskManager.NODESTAKEWITHDRAWN_EVENT, ChainEvent::stakeWithdrawn),
          entry(TaskManager.NODEEXITREQUESTED_EVENT, ChainEvent::exitRequested),
          entry(TaskManager.NODEEXITSCHEDULED_EVENT, ChainEvent::exitScheduled),
          entry(TaskManager.NODEDEACTIVATED_EVENT, ChainEvent::deactivated),
          entry(TaskManager.TREASURYCREDITED_EVENT, ChainEvent::treasuryCredited),
          entry(TaskManager.TASKSAMPLED_EVENT, ChainEvent::sampling),
          entry(TaskManager.TASKCHALLENGED_EVENT, ChainEvent::sampling),
          entry(TaskManager.CHALLENGERESOLVED_EVENT, ChainEvent::sampling));

  /**
   * Lower-cases the account; a final state comes with {@code TaskFinalized} and only with it, a
   * sampling event with the three sampled-validation kinds and only with them.
   */
  public ChainEvent {
    account = account.toLowerCase(Locale.ROOT);
    if ((kind == Kind.TASK_FINALIZED) != (finalState != null)) {
      throw new IllegalArgumentException(kind + " with final state " + finalState);
    }
    boolean sampled =
        kind == Kind.TASK_SAMPLED
            || kind == Kind.TASK_CHALLENGED
            || kind == Kind.CHALLENGE_RESOLVED;
    if (sampled != (sampling != null)) {
      throw new IllegalArgumentException(kind + " with sampling event " + sampling);
    }
  }

  /** The event in {@code log}, or null for a log this explorer does not know. */
  public static @Nullable ChainEvent of(Log log) {
    if (log.getTopics() == null || log.getTopics().isEmpty()) {
      return null;
    }
    Function<Log, ChainEvent> decoder = DECODERS.get(log.getTopics().get(0));
    return decoder == null ? null : decoder.apply(log);
  }

  private static Map.Entry<String, Function<Log, ChainEvent>> entry(
      Event event, Function<Log, ChainEvent> decoder) {
    return Map.entry(EventEncoder.encode(event), decoder);
  }

  private static ChainEvent at(
      Log log, Kind kind, BigInteger taskId, String account, BigInteger amount, String detail) {
    return new ChainEvent(
        log.getBlockNumber().longValueExact(),
        log.getTransactionHash(),
        log.getLogIndex().intValueExact(),
        kind,
        taskId,
        account,
        amount,
        detail,
        null,
        null);
  }

  private static ChainEvent created(Log log) {
    var e = TaskManager.getTaskCreatedEventFromLog(log);
    return at(
        log,
        Kind.TASK_CREATED,
        e.taskId,
        e.requester,
        e.fee,
        e.replicas + " replicas, quorum " + e.quorum + ", class " + e.gpuClass + ", " + e.specURI);
  }

  private static ChainEvent pending(Log log) {
    var e = TaskManager.getTaskPendingEventFromLog(log);
    return at(log, Kind.TASK_PENDING, e.taskId, "", BigInteger.ZERO, "seed block " + e.seedBlock);
  }

  private static ChainEvent started(Log log) {
    var e = TaskManager.getTaskStartedEventFromLog(log);
    String workers = String.join(" ", e.workers.stream().map(Object::toString).toList());
    return at(log, Kind.TASK_STARTED, e.taskId, "", BigInteger.ZERO, workers);
  }

  private static ChainEvent escalated(Log log) {
    var e = TaskManager.getTaskEscalatedEventFromLog(log);
    return at(log, Kind.TASK_ESCALATED, e.taskId, "", BigInteger.ZERO, e.seats + " seats");
  }

  private static ChainEvent abstained(Log log) {
    var e = TaskManager.getReplicaAbstainedEventFromLog(log);
    return at(log, Kind.REPLICA_ABSTAINED, e.taskId, e.worker, BigInteger.ZERO, "seat " + e.index);
  }

  private static ChainEvent committed(Log log) {
    var e = TaskManager.getCommittedEventFromLog(log);
    return at(
        log,
        Kind.COMMITTED,
        e.taskId,
        e.worker,
        BigInteger.ZERO,
        Bytes32.wrap(e.commitment).toHex());
  }

  private static ChainEvent revealOpened(Log log) {
    var e = TaskManager.getRevealOpenedEventFromLog(log);
    return at(log, Kind.REVEAL_OPENED, e.taskId, "", BigInteger.ZERO, "until " + e.revealDeadline);
  }

  private static ChainEvent revealed(Log log) {
    var e = TaskManager.getRevealedEventFromLog(log);
    return at(
        log,
        Kind.REVEALED,
        e.taskId,
        e.worker,
        BigInteger.ZERO,
        Bytes32.wrap(e.fingerprint).toHex());
  }

  private static ChainEvent finalized(Log log) {
    var e = TaskManager.getTaskFinalizedEventFromLog(log);
    TaskState state = TaskState.fromChain(e.state.intValueExact());
    return new ChainEvent(
        log.getBlockNumber().longValueExact(),
        log.getTransactionHash(),
        log.getLogIndex().intValueExact(),
        Kind.TASK_FINALIZED,
        e.taskId,
        "",
        BigInteger.ZERO,
        state.solidityName(),
        state,
        null);
  }

  private static ChainEvent paid(Log log) {
    var e = TaskManager.getReplicaPaidEventFromLog(log);
    return at(log, Kind.REPLICA_PAID, e.taskId, e.worker, e.amount, "");
  }

  private static ChainEvent slashed(Log log) {
    var e = TaskManager.getReplicaSlashedEventFromLog(log);
    String reason = SlashReason.fromChain(e.reason.intValue()).label();
    return at(log, Kind.REPLICA_SLASHED, e.taskId, e.worker, e.amount, reason);
  }

  private static ChainEvent credited(Log log) {
    var e = TaskManager.getRequesterCreditedEventFromLog(log);
    return at(log, Kind.REQUESTER_CREDITED, e.taskId, e.requester, e.amount, "");
  }

  private static ChainEvent withdrawn(Log log) {
    var e = TaskManager.getWithdrawnEventFromLog(log);
    return at(log, Kind.WITHDRAWN, BigInteger.ZERO, e.account, e.amount, "");
  }

  private static ChainEvent registered(Log log) {
    var e = TaskManager.getNodeRegisteredEventFromLog(log);
    return at(log, Kind.NODE_REGISTERED, BigInteger.ZERO, e.node, e.stake, "class " + e.gpuClass);
  }

  private static ChainEvent reactivated(Log log) {
    var e = TaskManager.getNodeReactivatedEventFromLog(log);
    return at(log, Kind.NODE_REACTIVATED, BigInteger.ZERO, e.node, e.amount, "");
  }

  private static ChainEvent stakeWithdrawn(Log log) {
    var e = TaskManager.getNodeStakeWithdrawnEventFromLog(log);
    return at(log, Kind.NODE_STAKE_WITHDRAWN, BigInteger.ZERO, e.node, e.amount, "");
  }

  private static ChainEvent exitRequested(Log log) {
    var e = TaskManager.getNodeExitRequestedEventFromLog(log);
    return at(log, Kind.NODE_EXIT_REQUESTED, BigInteger.ZERO, e.node, BigInteger.ZERO, "");
  }

  private static ChainEvent exitScheduled(Log log) {
    var e = TaskManager.getNodeExitScheduledEventFromLog(log);
    return at(log, Kind.NODE_EXIT_SCHEDULED, BigInteger.ZERO, e.node, BigInteger.ZERO, "");
  }

  private static ChainEvent deactivated(Log log) {
    var e = TaskManager.getNodeDeactivatedEventFromLog(log);
    return at(log, Kind.NODE_DEACTIVATED, BigInteger.ZERO, e.node, e.remainingStake, "");
  }

  private static ChainEvent treasuryCredited(Log log) {
    var e = TaskManager.getTreasuryCreditedEventFromLog(log);
    return at(log, Kind.TREASURY_CREDITED, BigInteger.ZERO, e.from, e.amount, "");
  }

  private static ChainEvent sampling(Log log) {
    SamplingEvent event = SamplingEvents.decode(log).orElseThrow();
    return switch (event) {
      case SamplingEvent.Sampled e ->
          sampling(
              log,
              Kind.TASK_SAMPLED,
              "",
              BigInteger.ZERO,
              (e.checked() ? "checked" : "unchecked")
                  + ", decided by block "
                  + e.decisionBlock()
                  + (e.checked() ? "" : ", challenge window to block " + e.challengeDeadline()),
              e);
      case SamplingEvent.Challenged e ->
          sampling(log, Kind.TASK_CHALLENGED, e.challenger().hex(), e.bond(), "bond", e);
      case SamplingEvent.ChallengeResolved e ->
          sampling(
              log,
              Kind.CHALLENGE_RESOLVED,
              e.challenger().hex(),
              e.toChallenger(),
              (e.upheld() ? "upheld" : "not upheld")
                  + ", "
                  + e.toChallenger()
                  + " wei to the challenger, "
                  + e.toRequester()
                  + " wei to the requester",
              e);
    };
  }

  private static ChainEvent sampling(
      Log log, Kind kind, String account, BigInteger amount, String detail, SamplingEvent event) {
    return new ChainEvent(
        log.getBlockNumber().longValueExact(),
        log.getTransactionHash(),
        log.getLogIndex().intValueExact(),
        kind,
        event.taskId(),
        account,
        amount,
        detail,
        null,
        event);
  }
}

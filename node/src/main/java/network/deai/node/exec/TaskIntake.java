package network.deai.node.exec;

import java.math.BigInteger;
import java.util.List;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import network.deai.contracts.abi.Address;
import network.deai.contracts.gen.TaskManager;
import network.deai.node.domain.JournalEntry;
import network.deai.node.domain.Node;
import network.deai.node.domain.TaskLedger;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.web3j.abi.EventEncoder;
import org.web3j.protocol.core.methods.response.Log;

/**
 * Reads the contract's logs as the poller hands them over: journals each assignment to this node
 * (drawn at start, or as a replacement for a replica that abstained) and starts running it, passes
 * creations, escalations and reseeds to the pending-task starter, and remembers task specs.
 */
final class TaskIntake {
  private static final Logger LOG = LoggerFactory.getLogger(TaskIntake.class);
  private static final String TASK_STARTED = EventEncoder.encode(TaskManager.TASKSTARTED_EVENT);
  private static final String TASK_CREATED = EventEncoder.encode(TaskManager.TASKCREATED_EVENT);
  private static final String TASK_PENDING = EventEncoder.encode(TaskManager.TASKPENDING_EVENT);
  private static final String ABSTAINED = EventEncoder.encode(TaskManager.REPLICAABSTAINED_EVENT);
  private static final String ESCALATED = EventEncoder.encode(TaskManager.TASKESCALATED_EVENT);

  private final WorkerParts p;
  private final TaskExecution execution;
  private final Supplier<@Nullable Node> nodeInfo;
  private final BooleanSupplier draining;

  TaskIntake(
      WorkerParts parts,
      TaskExecution execution,
      Supplier<@Nullable Node> nodeInfo,
      BooleanSupplier draining) {
    this.p = parts;
    this.execution = execution;
    this.nodeInfo = nodeInfo;
    this.draining = draining;
  }

  /** Handles one log of the contract. */
  void onLog(Log log) {
    List<String> topics = log.getTopics();
    if (topics.isEmpty()) {
      return;
    }
    String topic = topics.get(0);
    Node info = nodeInfo.get();
    if (topic.equals(TASK_CREATED)) {
      TaskManager.TaskCreatedEventResponse created = TaskManager.getTaskCreatedEventFromLog(log);
      p.specs().created(created);
      if (info != null) {
        p.starts().created(created, info);
      }
    } else if (topic.equals(TASK_PENDING)) {
      p.starts().reseeded(TaskManager.getTaskPendingEventFromLog(log));
    } else if (topic.equals(TASK_STARTED)) {
      onStarted(TaskManager.getTaskStartedEventFromLog(log));
    } else if (topic.equals(ESCALATED)) {
      if (info != null) {
        p.starts().escalated(TaskManager.getTaskEscalatedEventFromLog(log), info);
      }
    } else if (topic.equals(ABSTAINED)) {
      TaskManager.ReplicaAbstainedEventResponse event =
          TaskManager.getReplicaAbstainedEventFromLog(log);
      if (Address.of(event.replacement).equals(p.me())) {
        assign(event.taskId, event.index.intValueExact());
      }
    }
  }

  private void onStarted(TaskManager.TaskStartedEventResponse event) {
    p.starts().started(event.taskId);
    int position = indexOf(event.workers.stream().map(Object::toString).toList());
    assign(event.taskId, position < 0 ? -1 : event.firstIndex.intValueExact() + position);
  }

  /**
   * This node became replica {@code index} of a task (drawn at start, or as the replacement of a
   * replica that abstained): journal it and run it. A task it abstained from before is abstained
   * from again at once, so it never commits to it.
   */
  void assign(BigInteger taskId, int index) {
    if (index < 0) {
      return;
    }
    Optional<TaskLedger.Progress> known = p.journal().ledger().progress(taskId);
    if (known.isPresent()) {
      if (known.get().stage() == TaskLedger.Stage.CLOSED) {
        p.abstention().send(taskId, "drawn again as a replacement for a task it abstained from");
      }
      return;
    }
    p.journal().append(new JournalEntry.TaskAssigned(taskId));
    p.metrics().increment("tasks_assigned_total");
    LOG.info("assigned task {} as replica {}", taskId, index);
    TaskWork work = new TaskWork(taskId, index, System.nanoTime());
    p.open().put(work);
    if (!draining.getAsBoolean()) {
      execution.start(work); // a draining worker abstains on this tick's reconcile
    }
  }

  /**
   * Reopens every task the journal left unfinished (a restart): at this node's seat, or closes it
   * in the journal when the node holds no seat in it. The chain loop then picks each one up at the
   * step its journal and the chain say.
   */
  void resume() {
    for (BigInteger taskId : p.journal().ledger().unfinished()) {
      int index = indexOf(p.client().replicas(taskId));
      if (index < 0) {
        p.journal().append(new JournalEntry.TaskClosed(taskId, "not-a-replica"));
      } else {
        LOG.info("resuming task {} from the journal", taskId);
        p.open().put(new TaskWork(taskId, index, System.nanoTime()));
      }
    }
  }

  /** This node's seat among {@code workers}, or -1. */
  int indexOf(List<String> workers) {
    for (int i = 0; i < workers.size(); i++) {
      if (Address.of(workers.get(i)).equals(p.me())) {
        return i;
      }
    }
    return -1;
  }
}

package network.deai.node.exec;

import java.math.BigInteger;
import java.util.Optional;
import network.deai.contracts.gen.TaskManager;
import network.deai.node.chain.TaskStarter;
import network.deai.node.domain.Node;
import network.deai.node.domain.PendingTasks;
import network.deai.node.domain.StartAttempt;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A worker's help with liveness: it remembers the Pending tasks created for its GPU class and,
 * while the worker is idle and active, starts the oldest one (anyone may start a task): one
 * simulated attempt per block, at most one start transaction per block. Used by the chain loop
 * only.
 */
final class PendingTaskStarter {
  private static final Logger LOG = LoggerFactory.getLogger(PendingTaskStarter.class);
  private static final int CAPACITY = 1024;

  private final TaskStarter starter;
  private final Metrics metrics;
  private final PendingTasks pending = new PendingTasks(CAPACITY);

  PendingTaskStarter(TaskStarter starter, Metrics metrics) {
    this.starter = starter;
    this.metrics = metrics;
  }

  /** A task was created; remembered when it is of {@code node}'s class. */
  void created(TaskManager.TaskCreatedEventResponse created, Node node) {
    if (created.gpuClass.longValueExact() == node.gpuClass()) {
      pending.pending(created.taskId, created.log.getBlockNumber().longValueExact());
    }
  }

  /**
   * A task of {@code node}'s class escalated: it is Pending again and waits for fresh replicas,
   * which idle nodes of the class (never its first-round replicas, which stay assigned) start.
   */
  void escalated(TaskManager.TaskEscalatedEventResponse event, Node node) {
    if (event.gpuClass.longValueExact() == node.gpuClass()) {
      pending.pending(event.taskId, event.log.getBlockNumber().longValueExact());
    }
  }

  /** A task's aged-out seed block was replaced. */
  void reseeded(TaskManager.TaskPendingEventResponse event) {
    pending.reseeded(event.taskId, event.seedBlock.longValueExact());
  }

  /** A task started. */
  void started(BigInteger taskId) {
    pending.forget(taskId);
  }

  /** On a new block: tries to start the oldest Pending task when the node is idle and active. */
  void help(long block, boolean idle, Node node) {
    if (!idle || !node.isActive()) {
      return;
    }
    Optional<BigInteger> next = pending.next(block);
    if (next.isEmpty()) {
      return;
    }
    BigInteger taskId = next.get();
    switch (starter.attempt(taskId)) {
      case StartAttempt.Sent sent -> {
        pending.startSent(block);
        metrics.increment("starts_sent_total");
        LOG.info(
            "task {}: startTask sent in {} (helping a pending task start)", taskId, sent.txHash());
      }
      case StartAttempt.NotYet notYet ->
          LOG.debug("task {}: not startable yet: {}", taskId, notYet.reason());
      case StartAttempt.Closed closed -> pending.forget(taskId);
      case StartAttempt.Refused refused -> {
        LOG.debug("task {}: startTask refused: {}", taskId, refused.error());
        pending.forget(taskId);
      }
    }
  }
}

package network.deai.node.exec;

import java.math.BigInteger;
import java.util.function.Supplier;
import network.deai.node.chain.TransactionSender;
import network.deai.node.domain.JournalEntry;
import network.deai.node.domain.Replica;
import network.deai.node.domain.Sampling;
import network.deai.node.domain.Task;
import network.deai.node.domain.TaskState;
import network.deai.node.domain.TaskStep;
import network.deai.node.domain.WorkerSeat;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.event.Level;

/**
 * Drives one open task a step on each block: reads the task from the chain, asks {@link
 * TaskStep#next} what to do given the journal and the seat's bookkeeping, and does it. Runs on the
 * chain loop only; an RPC error leaves the task for the next block.
 */
final class TaskReconciler {
  private static final Logger LOG = LoggerFactory.getLogger(TaskReconciler.class);
  private static final BigInteger FINALIZE_GAS = BigInteger.valueOf(2_000_000);

  private final WorkerParts p;
  private final TaskExecution execution;
  private final Supplier<@Nullable String> draining;

  /** {@code draining} says why the worker drains, or null when it does not. */
  TaskReconciler(WorkerParts parts, TaskExecution execution, Supplier<@Nullable String> draining) {
    this.p = parts;
    this.execution = execution;
    this.draining = draining;
  }

  /** Takes the task's next step at {@code block}. */
  void reconcile(TaskWork work, long block) {
    // Only this loop thread starts executions, so a task seen idle here stays idle until this step
    // is done; on an executing task the only step is to abstain, claiming the task through
    // work.decided first, so the two never both act on it.
    try {
      WorkerSeat seat =
          work.seat(
              p.open().stage(work.taskId),
              p.open().prepared(work.taskId).isPresent(),
              draining.get());
      if (!TaskStep.needsTask(seat, block)) {
        return;
      }
      Task task = p.client().task(work.taskId);
      @Nullable Sampling sampling =
          seat.executing() || task.isFinal()
              ? null
              : p.sampledSeat().sampling(work.taskId).orElse(null);
      perform(work, TaskStep.next(seat, task, sampling, block), task, block);
    } catch (RuntimeException e) {
      LOG.warn("task {}: {} (will retry)", work.taskId, e.getMessage());
    }
  }

  private void perform(TaskWork work, TaskStep step, Task task, long block) {
    switch (step) {
      case TaskStep.Wait w -> LOG.trace("task {}: waiting ({})", work.taskId, w.reason());
      case TaskStep.Close c -> close(work, c.state());
      case TaskStep.Forget f -> p.open().remove(work.taskId);
      case TaskStep.Execute e -> execution.start(work);
      case TaskStep.Abstain a -> abstain(work, a);
      case TaskStep.Commit c ->
          p.steps().afterPrepared(work.taskId, work.index, task, block, prepared(work));
      case TaskStep.EnsureCommitted e -> {
        if (!p.steps().recommitIfDropped(work.taskId, work.index, task, block, prepared(work))) {
          perform(work, e.then(), task, block);
        }
      }
      case TaskStep.Reveal r ->
          p.steps()
              .reveal(work.taskId, p.client().replica(work.taskId, work.index), prepared(work));
      case TaskStep.StartDecision s -> p.sampledSeat().start(work.taskId, s.sampling(), block);
      case TaskStep.Finalize f -> finalizeTask(work, block);
    }
  }

  private JournalEntry.ResultPrepared prepared(TaskWork work) {
    return p.open().prepared(work.taskId).orElseThrow();
  }

  private void abstain(TaskWork work, TaskStep.Abstain a) {
    switch (a.cause()) {
      case INPUTS_UNAVAILABLE -> {}
      case DRAINING -> p.metrics().increment("drain_abstains_total");
      case TOO_SLOW -> p.metrics().increment("executions_too_slow_total");
    }
    p.abstention().abstain(work, a.why());
  }

  /** Sends {@code finalize} when a simulation says it goes through. */
  private void finalizeTask(TaskWork work, long block) {
    String data = p.client().finalizeData(work.taskId);
    if (p.client().simulate(p.me().hex(), data, BigInteger.ZERO).isEmpty()) {
      work.finalizeBlock = block;
      TransactionSender.Sent sent = p.steps().send(data, FINALIZE_GAS);
      p.metrics().increment("finalize_sent_total");
      LOG.info("task {}: finalize sent in {}", work.taskId, sent.hash());
    }
  }

  private void close(TaskWork work, TaskState state) {
    Replica replica = p.client().replica(work.taskId, work.index);
    String outcome = state.solidityName() + "/" + replica.outcome().solidityName();
    p.journal().append(new JournalEntry.TaskClosed(work.taskId, outcome));
    p.sampledSeat().closed(work.taskId, work.index);
    p.open().remove(work.taskId);
    p.metrics().increment("tasks_closed_total{outcome=\"" + outcome + "\"}");
    p.metrics().add("paid_wei_total", replica.payout().longValue());
    p.metrics().add("slashed_wei_total", replica.slashed().longValue());
    LOG.atLevel(closedLevel(replica.slashed()))
        .log(
            "task {} closed: {} (paid {} wei, slashed {} wei)",
            work.taskId,
            outcome,
            replica.payout(),
            replica.slashed());
  }

  /** A task that cost the node stake is logged at WARN, so that operators' alerts see it. */
  static Level closedLevel(BigInteger slashed) {
    return slashed.signum() > 0 ? Level.WARN : Level.INFO;
  }
}

package network.deai.node.exec;

import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import network.deai.node.chain.ChainWriter;
import network.deai.node.domain.TaskStep;

/**
 * The chain loop's work on open tasks: on each new block (or, without one, every {@link
 * TaskExecution#RETRY_AFTER} while a task is open) it takes every open task's next step, committed
 * seats first ({@link TaskStep#turn}), then settles the outbox and raises the fee of what waits too
 * long. Runs on the chain loop only.
 */
final class TaskLoop {
  private static final Duration STALE_AFTER = Duration.ofSeconds(30);

  private final OpenTasks open;
  private final TaskReconciler reconciler;
  private final ChainWriter sender;
  private long lastBlock = -1;
  private long reconciledNanos;

  /** {@code startNanos} is when the worker started, from {@link System#nanoTime()}. */
  TaskLoop(OpenTasks open, TaskReconciler reconciler, ChainWriter sender, long startNanos) {
    this.open = open;
    this.reconciler = reconciler;
    this.sender = sender;
    this.reconciledNanos = startNanos;
  }

  /** Takes the open tasks' steps at head {@code block} if it is time; true when it did. */
  boolean tick(long block, long nowNanos) {
    Duration since = Duration.ofNanos(nowNanos - reconciledNanos);
    if (!TaskStep.reconcileNow(
        block, lastBlock, !open.isEmpty(), since, TaskExecution.RETRY_AFTER)) {
      return false;
    }
    reconciledNanos = nowNanos;
    lastBlock = block;
    List<TaskWork> works =
        open.all().stream()
            .sorted(Comparator.comparingInt(w -> TaskStep.turn(open.stage(w.taskId))))
            .toList();
    for (TaskWork work : works) {
      reconciler.reconcile(work, block);
    }
    if (sender.settle() > 0) {
      sender.bumpStale(STALE_AFTER); // not mined for a while: same nonce, higher price
    }
    return true;
  }
}

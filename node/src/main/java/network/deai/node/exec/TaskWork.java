package network.deai.node.exec;

import java.math.BigInteger;
import java.util.concurrent.atomic.AtomicBoolean;
import network.deai.node.domain.TaskLedger;
import network.deai.node.domain.WorkerSeat;
import org.jspecify.annotations.Nullable;

/** The per-task bookkeeping of an open task that is not worth journaling. */
final class TaskWork {
  final BigInteger taskId;
  final int index;
  final long seenNanos;
  volatile boolean executing;

  /**
   * Set by whichever comes first: the execution about to commit its result, or an abstention
   * (declined, inputs unavailable, or the execution still running as the deadline nears).
   */
  final AtomicBoolean decided = new AtomicBoolean();

  volatile long commitDeadline = Long.MAX_VALUE;
  volatile long retryAtNanos;
  volatile long attemptBlock;
  volatile @Nullable String unavailable;
  volatile long lastTryBlocks;
  volatile long finalizeBlock = -1;

  TaskWork(BigInteger taskId, int index, long seenNanos) {
    this.taskId = taskId;
    this.index = index;
    this.seenNanos = seenNanos;
  }

  /** The seat as {@link network.deai.node.domain.TaskStep#next} reads it. */
  WorkerSeat seat(TaskLedger.Stage stage, boolean prepared, @Nullable String draining) {
    return new WorkerSeat(
        index,
        stage,
        prepared,
        executing,
        decided.get(),
        commitDeadline,
        unavailable,
        lastTryBlocks,
        draining,
        finalizeBlock);
  }
}

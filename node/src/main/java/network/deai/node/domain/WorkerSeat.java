package network.deai.node.domain;

import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * What a worker knows about its own seat in one open task, apart from the chain: the seat index,
 * how far its journal got, and the bookkeeping of the execution under way. {@link TaskStep#next}
 * decides from it and the task as the chain shows it.
 *
 * @param index the seat this worker holds
 * @param stage how far the journal got
 * @param prepared whether a result and salt are journalled
 * @param executing whether an execution of the task is under way
 * @param decided whether the execution's result is being committed, or the task was abstained from;
 *     once set, nothing else acts on the task's commit
 * @param executionDeadline the commit deadline the running execution read ({@code Long.MAX_VALUE}
 *     until it read one)
 * @param unavailable why the last execution could not fetch its inputs; null when it could
 * @param lastTryBlocks how many blocks that last execution took (at the chain's fastest measured
 *     block rate, or as read from the chain); 0 when none failed
 * @param draining why the worker drains ("the node is stopping"); null when it does not
 * @param finalizeSentBlock the block a finalize was last sent at; -1 for never
 */
public record WorkerSeat(
    int index,
    TaskLedger.Stage stage,
    boolean prepared,
    boolean executing,
    boolean decided,
    long executionDeadline,
    @Nullable String unavailable,
    long lastTryBlocks,
    @Nullable String draining,
    long finalizeSentBlock) {
  /** Checks the seat index and stage. */
  public WorkerSeat {
    Objects.requireNonNull(stage, "stage");
    if (index < 0 || index >= 16) {
      throw new IllegalArgumentException("a seat index is 0..15, got " + index);
    }
    if (lastTryBlocks < 0) {
      throw new IllegalArgumentException("lastTryBlocks must be >= 0, got " + lastTryBlocks);
    }
  }
}

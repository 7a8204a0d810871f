package network.deai.node.exec;

import java.math.BigInteger;
import java.util.Collection;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import network.deai.node.domain.DrainDecision;
import network.deai.node.domain.JournalEntry;
import network.deai.node.domain.TaskLedger;
import network.deai.node.journal.Journal;
import org.jspecify.annotations.Nullable;

/**
 * The tasks a worker holds open, with their journal progress: shared by the chain loop (intake,
 * reconcile) and the execution threads.
 */
final class OpenTasks {
  private final Map<BigInteger, TaskWork> open = new ConcurrentHashMap<>();
  private final Journal journal;
  private final Consumer<BigInteger> forget;

  /** {@code forget} drops what other parts cache about a task once it leaves. */
  OpenTasks(Journal journal, Consumer<BigInteger> forget) {
    this.journal = journal;
    this.forget = forget;
  }

  void put(TaskWork work) {
    open.put(work.taskId, work);
  }

  @Nullable TaskWork get(BigInteger taskId) {
    return open.get(taskId);
  }

  /** The task is no longer open: forgets it here and in the caches about it. */
  void remove(BigInteger taskId) {
    open.remove(taskId);
    forget.accept(taskId);
  }

  Collection<TaskWork> all() {
    return open.values();
  }

  boolean isEmpty() {
    return open.isEmpty();
  }

  int size() {
    return open.size();
  }

  /** How far the journal got with the task; assigned when it does not mention it. */
  TaskLedger.Stage stage(BigInteger taskId) {
    return journal
        .ledger()
        .progress(taskId)
        .map(TaskLedger.Progress::stage)
        .orElse(TaskLedger.Stage.ASSIGNED);
  }

  /** The journalled result and salt, once prepared. */
  Optional<JournalEntry.ResultPrepared> prepared(BigInteger taskId) {
    return journal.ledger().progress(taskId).flatMap(TaskLedger.Progress::prepared);
  }

  /**
   * The open tasks that still need this worker to avoid a penalty (assigned, prepared or committed,
   * not yet revealed).
   */
  int atStake() {
    int count = 0;
    for (TaskWork work : open.values()) {
      if (DrainDecision.atStake(stage(work.taskId))) {
        count++;
      }
    }
    return count;
  }
}

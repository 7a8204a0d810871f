package network.deai.node.domain;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The per-task state folded from journal entries, in order: what a restarted worker must still do.
 * Pure; the journal feeds it. Thread-safe: the worker's chain loop and its execution threads share
 * it.
 */
public final class TaskLedger {
  /** How far a task got. */
  public enum Stage {
    ASSIGNED,
    PREPARED,
    COMMITTED,
    REVEALED,
    CLOSED
  }

  /** One task's progress: its stage and the prepared result, when there is one. */
  public record Progress(Stage stage, Optional<JournalEntry.ResultPrepared> prepared) {}

  private final Map<BigInteger, Progress> tasks = new LinkedHashMap<>();

  /** Folds entries in journal order. */
  public static TaskLedger of(List<JournalEntry> entries) {
    TaskLedger ledger = new TaskLedger();
    entries.forEach(ledger::apply);
    return ledger;
  }

  /** Applies one entry. */
  public synchronized void apply(JournalEntry entry) {
    Optional<JournalEntry.ResultPrepared> prepared =
        Optional.ofNullable(tasks.get(entry.taskId())).flatMap(Progress::prepared);
    Progress next =
        switch (entry) {
          case JournalEntry.TaskAssigned a ->
              new Progress(stageOr(entry, Stage.ASSIGNED), prepared);
          case JournalEntry.ExecutionRejected r ->
              new Progress(stageOr(entry, Stage.ASSIGNED), prepared);
          case JournalEntry.ResultPrepared p -> new Progress(Stage.PREPARED, Optional.of(p));
          case JournalEntry.CommitSent c -> new Progress(Stage.COMMITTED, prepared);
          case JournalEntry.RevealSent r -> new Progress(Stage.REVEALED, prepared);
          case JournalEntry.TaskClosed c -> new Progress(Stage.CLOSED, prepared);
        };
    tasks.put(entry.taskId(), next);
  }

  private Stage stageOr(JournalEntry entry, Stage fallback) {
    Progress known = tasks.get(entry.taskId());
    return known == null ? fallback : known.stage();
  }

  /** The task's progress, if the journal mentions it. */
  public synchronized Optional<Progress> progress(BigInteger taskId) {
    return Optional.ofNullable(tasks.get(taskId));
  }

  /** Every task's stage, in first-seen order. */
  public synchronized Map<BigInteger, Stage> stages() {
    Map<BigInteger, Stage> stages = new LinkedHashMap<>();
    tasks.forEach((id, progress) -> stages.put(id, progress.stage()));
    return stages;
  }

  /** Tasks not closed yet, in first-seen order: the work a restarted worker resumes. */
  public synchronized List<BigInteger> unfinished() {
    List<BigInteger> open = new ArrayList<>();
    tasks.forEach(
        (id, progress) -> {
          if (progress.stage() != Stage.CLOSED) {
            open.add(id);
          }
        });
    return open;
  }
}

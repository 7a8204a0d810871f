package network.deai.node.domain;

/**
 * What a worker does with a task it holds while it drains (paused, or stopping on a signal): a task
 * it has not started is stepped back from at once with {@code abstain}, which costs nothing; a task
 * it is running or has committed to is finished, since leaving it would cost the stake.
 */
public enum DrainDecision {
  /** Not draining: serve the task as usual. */
  RUN,
  /** Draining and the task is assigned but not running: abstain now (no pay, no penalty). */
  ABSTAIN,
  /** Draining, but the task is running or committed to: finish it (commit, reveal). */
  FINISH;

  /**
   * The decision for a task at {@code stage}, {@code executing} when its execution is under way.
   * Only an {@link TaskLedger.Stage#ASSIGNED} task that is not executing can still be abstained
   * from; every later stage has a result journalled, or a commitment on chain, that must be
   * revealed.
   */
  public static DrainDecision of(boolean draining, TaskLedger.Stage stage, boolean executing) {
    if (!draining) {
      return RUN;
    }
    return stage == TaskLedger.Stage.ASSIGNED && !executing ? ABSTAIN : FINISH;
  }

  /**
   * Whether a task at {@code stage} still needs the worker to avoid a penalty: it is assigned,
   * prepared or committed but not yet revealed. Once revealed or closed, the worker may stop.
   */
  public static boolean atStake(TaskLedger.Stage stage) {
    return switch (stage) {
      case ASSIGNED, PREPARED, COMMITTED -> true;
      case REVEALED, CLOSED -> false;
    };
  }
}

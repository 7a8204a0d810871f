package network.deai.node.exec;

import java.util.function.UnaryOperator;

/**
 * The points where a program that runs a worker (a devnet, a bench, a test) may stand in front of
 * its parts without the worker knowing: each executor, the store its results go to, and a listener
 * to its protocol steps. {@link #NONE} leaves the worker as it is.
 *
 * @param executors replaces each executor; the answer must keep the executor's name
 * @param results replaces the result store
 * @param steps told after each protocol step
 */
public record WorkerHooks(
    UnaryOperator<TaskExecutor> executors, UnaryOperator<ResultStore> results, StepListener steps) {
  /** The worker as it is. */
  public static final WorkerHooks NONE =
      new WorkerHooks(UnaryOperator.identity(), UnaryOperator.identity(), StepListener.NONE);

  /** These hooks with each executor replaced by {@code replace}'s answer for it. */
  public WorkerHooks withExecutors(UnaryOperator<TaskExecutor> replace) {
    return new WorkerHooks(replace, results, steps);
  }

  /** These hooks with the result store replaced by {@code replace}'s answer for it. */
  public WorkerHooks withResults(UnaryOperator<ResultStore> replace) {
    return new WorkerHooks(executors, replace, steps);
  }

  /** These hooks telling {@code listener} of every protocol step. */
  public WorkerHooks withSteps(StepListener listener) {
    return new WorkerHooks(executors, results, listener);
  }
}

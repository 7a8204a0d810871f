package network.deai.node.exec;

import java.math.BigInteger;

/**
 * Told each time the worker has taken a step of the commit-reveal protocol for a task, on the
 * thread that took it, before the worker goes on; a harness observes the worker's progress through
 * it (a crash test holds the thread there and kills the process). The worker's own, {@link #NONE},
 * does nothing.
 */
@FunctionalInterface
public interface StepListener {
  /** Listens to nothing. */
  StepListener NONE = (step, taskId) -> {};

  /** The steps, in protocol order. */
  enum Step {
    /** The result and its salt are journalled; nothing is sent yet. */
    PREPARE,
    /** The commit was handed to the sender (broadcast, or queued in the outbox), not journalled. */
    BROADCAST,
    /** The commit is sent and journalled. */
    COMMIT,
    /** The reveal is sent and journalled. */
    REVEAL
  }

  /** The worker has just taken {@code step} for task {@code taskId}. */
  void after(Step step, BigInteger taskId);
}

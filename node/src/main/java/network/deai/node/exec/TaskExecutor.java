package network.deai.node.exec;

import network.deai.node.domain.Outcome;
import network.deai.node.domain.TaskSpec;
import org.jspecify.annotations.Nullable;

/**
 * Runs one kind of task. Implementations must return the same output for the same spec and bytes
 * (up to declared float noise) and turn every problem with the input into a rejection.
 */
public interface TaskExecutor {
  /** The name specs use in their {@code executor} field. */
  String name();

  /**
   * Runs the task on already digest-checked bytes; {@code model} is null when the spec has none.
   */
  Outcome<float[]> execute(TaskSpec spec, byte @Nullable [] model, byte[] inputs);

  /**
   * Pays this executor's one-time costs (loading an engine or a model, a first inference) with a
   * small run of its own; the node calls it twice before it takes work, timing the second call as
   * the first run's estimate. Must be idempotent; does nothing by default.
   *
   * @throws RuntimeException or {@link LinkageError} when the executor cannot run on this node
   */
  default void warmUp() {}
}

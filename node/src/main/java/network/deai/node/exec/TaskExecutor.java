package network.deai.node.exec;

import java.util.Map;
import java.util.TreeMap;
import java.util.function.UnaryOperator;
import network.deai.node.domain.Outcome;
import network.deai.node.domain.ResultFingerprint;
import network.deai.node.domain.ResultVector;
import network.deai.node.domain.Safetensors;
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

  /**
   * Runs the task and returns the output whose {@link Output#bytes()} the worker stores and
   * fingerprints with {@link ResultFingerprint}: by default {@link #execute}'s floats as one
   * vector; executors named in {@link ResultFingerprint#TENSOR_EXECUTORS} return named tensors.
   */
  default Outcome<Output> run(TaskSpec spec, byte @Nullable [] model, byte[] inputs) {
    return switch (execute(spec, model, inputs)) {
      case Outcome.Rejected<float[]> r -> new Outcome.Rejected<>(r.rejection());
      case Outcome.Ok<float[]> ok -> Outcome.ok(new Output.Vector(ok.value()));
    };
  }

  /** What an executor produced, before it is encoded into result bytes. */
  sealed interface Output {
    /** The result bytes: a {@link ResultVector} or a safetensors file. */
    byte[] bytes();

    /** The same output with every tensor's floats replaced by {@code change} of them. */
    Output map(UnaryOperator<float[]> change);

    /** One float vector, encoded as a {@link ResultVector}. */
    @SuppressWarnings("ArrayRecordComponent") // handed over by the executor, never shared
    record Vector(float[] values) implements Output {
      @Override
      public byte[] bytes() {
        return ResultVector.encode(values);
      }

      @Override
      public Output map(UnaryOperator<float[]> change) {
        return new Vector(change.apply(values));
      }
    }

    /** Named float tensors, encoded as safetensors in name order. */
    record Tensors(Map<String, Safetensors.Tensor> tensors) implements Output {
      /** Copies the map. */
      public Tensors {
        tensors = java.util.Collections.unmodifiableMap(new TreeMap<>(tensors));
      }

      @Override
      public byte[] bytes() {
        return Safetensors.write(tensors);
      }

      @Override
      public Output map(UnaryOperator<float[]> change) {
        Map<String, Safetensors.Tensor> changed = new TreeMap<>();
        tensors.forEach(
            (name, t) ->
                changed.put(name, new Safetensors.Tensor(t.shape(), change.apply(t.data()))));
        return new Tensors(changed);
      }
    }
  }
}

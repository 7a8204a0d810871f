package network.deai.node.exec;

import java.util.function.BiFunction;
import network.deai.node.domain.Outcome;
import network.deai.node.domain.TaskSpec;
import org.jspecify.annotations.Nullable;

/**
 * An executor that runs {@code delegate} and passes every output tensor through {@code change} of
 * the spec and its floats; rejections pass unchanged. The node itself never wraps its executors:
 * this is the seam that {@link WorkerHooks#withExecutors} wrappers build on.
 *
 * @param delegate the executor that runs the task
 * @param change the new floats of each output tensor, given the spec and the old ones
 */
public record MappedExecutor(TaskExecutor delegate, BiFunction<TaskSpec, float[], float[]> change)
    implements TaskExecutor {
  @Override
  public String name() {
    return delegate.name();
  }

  @Override
  public void warmUp() {
    delegate.warmUp();
  }

  @Override
  public Outcome<float[]> execute(TaskSpec spec, byte @Nullable [] model, byte[] inputs) {
    return switch (delegate.execute(spec, model, inputs)) {
      case Outcome.Rejected<float[]> r -> r;
      case Outcome.Ok<float[]> ok -> Outcome.ok(change.apply(spec, ok.value()));
    };
  }

  @Override
  public Outcome<Output> run(TaskSpec spec, byte @Nullable [] model, byte[] inputs) {
    return switch (delegate.run(spec, model, inputs)) {
      case Outcome.Rejected<Output> r -> r;
      case Outcome.Ok<Output> ok -> Outcome.ok(ok.value().map(v -> change.apply(spec, v)));
    };
  }
}

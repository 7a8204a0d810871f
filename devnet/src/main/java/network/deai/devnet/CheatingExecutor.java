package network.deai.devnet;

import java.nio.ByteBuffer;
import java.util.function.UnaryOperator;
import java.util.random.RandomGenerator;
import network.deai.contracts.crypto.Hashes;
import network.deai.node.domain.Outcome;
import network.deai.node.domain.TaskSpec;
import network.deai.node.exec.TaskExecutor;
import org.jspecify.annotations.Nullable;

/**
 * A replicated-mode cheater's executor, standing in front of an honest worker's: it runs the task,
 * then replaces the output. LAZY returns random numbers shaped like it, so it agrees with nobody;
 * COLLUDE returns a wrong output every colluder computes alike (each value negated and offset by a
 * number drawn from the spec's digest), so the colluders agree with each other only.
 */
final class CheatingExecutor implements TaskExecutor {
  private final TaskExecutor delegate;
  private final Population.Behaviour behaviour;
  private final RandomGenerator random;

  private CheatingExecutor(
      TaskExecutor delegate, Population.Behaviour behaviour, RandomGenerator random) {
    this.delegate = delegate;
    this.behaviour = behaviour;
    this.random = random;
  }

  /**
   * The executor hook for {@code behaviour}: LAZY and COLLUDE wrap each executor, HONEST leaves it.
   */
  static UnaryOperator<TaskExecutor> wrapping(
      Population.Behaviour behaviour, RandomGenerator random) {
    return switch (behaviour) {
      case HONEST -> UnaryOperator.identity();
      case LAZY, COLLUDE -> executor -> new CheatingExecutor(executor, behaviour, random);
      case NO_SHOW, COPYCAT ->
          throw new IllegalArgumentException(behaviour + " runs no worker to wrap");
    };
  }

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
    throw new UnsupportedOperationException("run() replaces the output");
  }

  @Override
  public Outcome<Output> run(TaskSpec spec, byte @Nullable [] model, byte[] inputs) {
    return switch (delegate.run(spec, model, inputs)) {
      case Outcome.Rejected<Output> r -> r;
      case Outcome.Ok<Output> ok -> Outcome.ok(ok.value().map(v -> cheat(spec, v)));
    };
  }

  private float[] cheat(TaskSpec spec, float[] honest) {
    float[] cheat = new float[honest.length];
    if (behaviour == Population.Behaviour.LAZY) {
      for (int i = 0; i < cheat.length; i++) {
        cheat[i] = (float) random.nextGaussian();
      }
      return cheat;
    }
    int offset =
        1 + (ByteBuffer.wrap(Hashes.sha256(spec.canonicalBytes()).toArray()).getShort() & 0x7fff);
    for (int i = 0; i < cheat.length; i++) {
      cheat[i] = -honest[i] + offset;
    }
    return cheat;
  }
}

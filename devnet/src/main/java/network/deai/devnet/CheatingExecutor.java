package network.deai.devnet;

import java.nio.ByteBuffer;
import java.util.function.UnaryOperator;
import java.util.random.RandomGenerator;
import network.deai.contracts.crypto.Hashes;
import network.deai.node.domain.TaskSpec;
import network.deai.node.exec.MappedExecutor;
import network.deai.node.exec.TaskExecutor;

/**
 * A replicated-mode cheater's executor, standing in front of an honest worker's: it runs the task,
 * then replaces the output. LAZY returns random numbers shaped like it, so it agrees with nobody;
 * COLLUDE returns a wrong output every colluder computes alike (each value negated and offset by a
 * number drawn from the spec's digest), so the colluders agree with each other only.
 */
final class CheatingExecutor {
  private final Population.Behaviour behaviour;
  private final RandomGenerator random;

  private CheatingExecutor(Population.Behaviour behaviour, RandomGenerator random) {
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
      case LAZY, COLLUDE -> {
        CheatingExecutor cheater = new CheatingExecutor(behaviour, random);
        yield executor -> new MappedExecutor(executor, cheater::cheat);
      }
      case NO_SHOW, COPYCAT ->
          throw new IllegalArgumentException(behaviour + " runs no worker to wrap");
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

package network.deai.node.exec;

import java.util.random.RandomGenerator;
import network.deai.node.domain.ResultVector;

/**
 * Cheating workers for the worker tests, played by standing in front of an honest worker through
 * {@link WorkerHooks}: the node itself has no cheating behaviour.
 */
final class CheatingWorkers {
  private CheatingWorkers() {}

  /**
   * Computes every task, then commits random numbers shaped like the output instead: its replicas
   * never agree with it.
   */
  static WorkerHooks lazy(RandomGenerator random) {
    return WorkerHooks.NONE.withExecutors(
        executor -> new MappedExecutor(executor, (spec, v) -> gaussian(v.length, random)));
  }

  /**
   * Commits and reveals the honest fingerprint, but stores and serves other bytes (random numbers
   * of the same length) under the digest it reveals.
   */
  static WorkerHooks decoy(RandomGenerator random) {
    return WorkerHooks.NONE.withResults(store -> result -> store.put(guess(result, random)));
  }

  private static byte[] guess(byte[] result, RandomGenerator random) {
    return ResultVector.encode(gaussian(ResultVector.decode(result).length, random));
  }

  private static float[] gaussian(int length, RandomGenerator random) {
    float[] guess = new float[length];
    for (int i = 0; i < guess.length; i++) {
      guess[i] = (float) random.nextGaussian();
    }
    return guess;
  }
}

package network.deai.devnet;

import java.util.List;
import java.util.SplittableRandom;
import network.deai.learning.Attack;
import network.deai.learning.GaussianNoise;
import network.deai.learning.NoisedCopy;
import network.deai.learning.SignFlip;
import network.deai.node.job.UpdatePolicy;

/**
 * The devnet's Byzantine trainers and Sybils, plugged into a node's trainer through its {@link
 * UpdatePolicy}: each trains as an honest trainer does, then sends an attack's update instead
 * (randomised with the trainer's own seed).
 */
enum TrainerAttack implements UpdatePolicy {
  /** Sends the update negated ({@link SignFlip}). */
  SIGN_FLIP,
  /** Sends the update plus unit Gaussian noise per coordinate ({@link GaussianNoise}). */
  NOISE,
  /**
   * One identity of a Sybil owner: trains with the owner's seed (the job seed and round, not its
   * address), so identities holding the owner's shard compute one update, and sends its own noised
   * copy of it ({@link NoisedCopy}, cosine 0.8–0.95).
   */
  NOISED_COPY;

  @Override
  public long trainingSeed(Seeds seeds) {
    return this == NOISED_COPY ? seeds.shared() : seeds.own();
  }

  @Override
  public float[] apply(float[] update, Seeds seeds) {
    return attack().craft(update, List.of(), new SplittableRandom(seeds.own()));
  }

  private Attack attack() {
    return switch (this) {
      case SIGN_FLIP -> new SignFlip(1.0);
      case NOISE -> new GaussianNoise(1.0);
      case NOISED_COPY -> new NoisedCopy(0.8, 0.95);
    };
  }
}

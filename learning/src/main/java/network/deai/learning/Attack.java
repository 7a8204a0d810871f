package network.deai.learning;

import java.util.List;
import java.util.random.RandomGenerator;

/**
 * How a Byzantine trainer turns its round into a malicious update.
 *
 * <p>A caller runs every attack the same way: train on {@link #poison}{@code (shard)} to get the
 * attacker's own update, then send {@link #craft}{@code (ownUpdate, benignUpdates, rng)}. Data
 * attacks act in {@code poison}, model attacks in {@code craft}; the others pass through.
 *
 * <p>Guarantees: {@code craft} returns a new array of the update length, never writes to its
 * arguments, draws randomness only through {@link Sampler} (so a seeded generator gives the same
 * update on every JVM), and sums benign updates in list order with {@code double} accumulators.
 */
public sealed interface Attack
    permits NoAttack, GaussianNoise, SignFlip, LabelFlip, Alie, Ipm, NoisedCopy {

  /** The shard the attacker trains on; the shard itself unless this is a data-poisoning attack. */
  default Dataset poison(Dataset shard) {
    return shard;
  }

  /** Whether {@link #craft} reads {@code benignUpdates} (an omniscient or colluding attacker). */
  default boolean usesBenignUpdates() {
    return false;
  }

  /**
   * The update to send.
   *
   * @param ownUpdate the update this attacker computed on {@link #poison}{@code (shard)}
   * @param benignUpdates the benign updates the attacker can see (the caller decides which: the
   *     colluders' own honest updates, or every honest update for an omniscient attacker); may be
   *     empty unless {@link #usesBenignUpdates()}
   * @param rng randomness for randomised attacks
   * @throws IllegalArgumentException if the vectors differ in length, or benign updates are needed
   *     and none are given
   */
  float[] craft(float[] ownUpdate, List<float[]> benignUpdates, RandomGenerator rng);
}

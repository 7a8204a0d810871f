package network.deai.learning;

import java.util.List;
import java.util.random.RandomGenerator;

/**
 * Label flipping, a data-poisoning attack: the attacker trains honestly on its shard with every
 * label {@code y} replaced by {@code classes − 1 − y} (9 − y for digits) and sends that update
 * unchanged. As in Fang et al., "Local Model Poisoning Attacks to Byzantine-Robust Federated
 * Learning" (USENIX Security 2020); see also Tolpegin et al., "Data Poisoning Attacks Against
 * Federated Learning Systems" (ESORICS 2020).
 */
public record LabelFlip() implements Attack {

  /** The shard with flipped labels (rows shared, labels new). */
  public static Dataset flipLabels(Dataset shard) {
    int[] flipped = new int[shard.size()];
    for (int i = 0; i < flipped.length; i++) {
      flipped[i] = shard.classes() - 1 - shard.y()[i];
    }
    return shard.withLabels(flipped);
  }

  @Override
  public Dataset poison(Dataset shard) {
    return flipLabels(shard);
  }

  /**
   * A copy of {@code ownUpdate}, which must have been trained on {@link #poison}{@code (shard)}.
   */
  @Override
  public float[] craft(float[] ownUpdate, List<float[]> benignUpdates, RandomGenerator rng) {
    return ownUpdate.clone();
  }
}

package network.deai.bench;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.IntStream;
import network.deai.learning.Attack;
import network.deai.learning.DataSplit;
import network.deai.learning.Dataset;
import network.deai.learning.LocalTrainer;
import network.deai.learning.Model;
import network.deai.learning.Partitioner;
import network.deai.learning.TrainingConfig;

/**
 * A federation of trainers on one data set: the last {@code byzantine} trainers run {@code attack},
 * the others train honestly. Produces each round's updates from a starting model. Trainers train in
 * parallel, each from its own seed, so the updates do not depend on the thread count.
 */
final class Federation {
  final Model model;
  final LocalTrainer trainer;
  final TrainingConfig config;
  final DataSplit split;
  final List<Dataset> shards;
  final int byzantine;

  /**
   * Shards {@code data}'s training rows: IID when {@code alpha} is infinite, otherwise
   * Dirichlet(alpha) over labels with at least 20 rows per shard.
   */
  Federation(BenchData data, int trainers, int byzantine, double alpha, long seed) {
    this.model = data.model();
    this.trainer = new LocalTrainer(model);
    this.config = data.local();
    this.split = data.split();
    this.shards =
        Double.isInfinite(alpha)
            ? Partitioner.iid(split.train(), trainers, seed)
            : Partitioner.dirichlet(split.train(), trainers, alpha, 20, seed);
    this.byzantine = byzantine;
  }

  int size() {
    return shards.size();
  }

  boolean isByzantine(int trainer) {
    return trainer >= shards.size() - byzantine;
  }

  /** Updates of every trainer, each trained from {@code starts[k]}; attackers craft theirs. */
  List<float[]> round(float[][] starts, Attack attack, int round, long seed) {
    float[][] trained = new float[size()][];
    IntStream.range(0, size())
        .parallel()
        .forEach(k -> trained[k] = train(k, starts[k], attack, round, seed));
    List<float[]> updates = new ArrayList<>(Arrays.asList(trained));
    List<float[]> honest = new ArrayList<>();
    for (int k = 0; k < size(); k++) {
      if (!isByzantine(k)) {
        honest.add(updates.get(k));
      }
    }
    SplittableRandom rng = new SplittableRandom(seed + round);
    for (int k = 0; k < size(); k++) {
      if (isByzantine(k)) {
        updates.set(k, attack.craft(updates.get(k), honest, rng));
      }
    }
    return updates;
  }

  private float[] train(int k, float[] start, Attack attack, int round, long seed) {
    Dataset shard = isByzantine(k) ? attack.poison(shards.get(k)) : shards.get(k);
    return trainer.train(start, shard, config, seed * 1_000_003L + round * 101L + k);
  }
}

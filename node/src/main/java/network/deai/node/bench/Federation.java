package network.deai.node.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import network.deai.node.learning.Attack;
import network.deai.node.learning.DataSplit;
import network.deai.node.learning.Dataset;
import network.deai.node.learning.DigitsDataset;
import network.deai.node.learning.LocalTrainer;
import network.deai.node.learning.Partitioner;
import network.deai.node.learning.SoftmaxModel;
import network.deai.node.learning.TrainingConfig;

/**
 * A federation of trainers on the bundled digits data: the last {@code byzantine} trainers run
 * {@code attack}, the others train honestly. Produces each round's updates from a starting model.
 */
final class Federation {
  final SoftmaxModel model = SoftmaxModel.digits();
  final LocalTrainer trainer = new LocalTrainer(model);
  final TrainingConfig config = TrainingConfig.digitsLocal();
  final DataSplit split;
  final List<Dataset> shards;
  final int byzantine;

  Federation(int trainers, int byzantine, boolean dirichlet, long seed) {
    this.split = DigitsDataset.split(seed);
    this.shards =
        dirichlet
            ? Partitioner.dirichlet(split.train(), trainers, Partitioner.REFERENCE_ALPHA, 20, seed)
            : Partitioner.iid(split.train(), trainers, seed);
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
    List<float[]> honest = new ArrayList<>();
    List<float[]> updates = new ArrayList<>();
    for (int k = 0; k < size(); k++) {
      Dataset shard = isByzantine(k) ? attack.poison(shards.get(k)) : shards.get(k);
      float[] u = trainer.train(starts[k], shard, config, seed * 1_000_003L + round * 101L + k);
      updates.add(u);
      if (!isByzantine(k)) {
        honest.add(u);
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
}

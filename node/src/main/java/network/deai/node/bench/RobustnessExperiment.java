package network.deai.node.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.function.IntFunction;
import network.deai.node.learning.Attack;
import network.deai.node.learning.Dataset;
import network.deai.node.learning.ParameterVectors;
import network.deai.verifier.domain.aggregation.AggregationRule;
import network.deai.verifier.domain.aggregation.ModelUpdate;
import network.deai.verifier.domain.aggregation.Ubar;

/**
 * Federated training on digits under one attack and one rule; reports the worst test accuracy over
 * benign trainers. Server rules keep one global model (every benign trainer holds it). UBAR is
 * decentralised as in its paper: each benign trainer keeps its own model, receives every trainer's
 * trained parameters, aggregates them with UBAR from its own point of view (ρ = benign share, loss
 * on its own shard) and mixes 50/50 with its own parameters.
 */
final class RobustnessExperiment {
  private final Federation federation;
  private final int rounds;
  private final long seed;

  RobustnessExperiment(Federation federation, int rounds, long seed) {
    this.federation = federation;
    this.rounds = rounds;
    this.seed = seed;
  }

  /** Worst benign test accuracy after training with a server-side rule. */
  double serverRule(IntFunction<AggregationRule> ruleForRound, Attack attack) {
    float[] global = federation.model.initialParameters(seed);
    int n = federation.size();
    for (int r = 0; r < rounds; r++) {
      float[][] starts = new float[n][];
      java.util.Arrays.fill(starts, global);
      List<float[]> updates = federation.round(starts, attack, r, seed);
      List<ModelUpdate> wrapped = new ArrayList<>();
      for (int k = 0; k < n; k++) {
        wrapped.add(new ModelUpdate(k, updates.get(k), federation.shards.get(k).size()));
      }
      global = ParameterVectors.add(global, ruleForRound.apply(r).aggregate(wrapped).aggregate());
    }
    return federation.model.accuracy(global, federation.split.test());
  }

  /**
   * Worst benign test accuracy after decentralised UBAR training (the paper's Algorithm 1): each
   * benign node i broadcasts its estimate x_i, receives its neighbours' (every other trainer;
   * Byzantine trainers send the benign mean moved by their crafted update), runs UBAR from x_i with
   * ρ = benign share of its neighbours and the loss on a 32-row sample of its own shard, and
   * updates x_i ← ½·x_i + ½·R + δ_i, where δ_i is its local training step from x_i.
   */
  double ubar(Attack attack) {
    int n = federation.size();
    int benign = n - federation.byzantine;
    float[][] models = new float[n][];
    for (int k = 0; k < n; k++) {
      models[k] = federation.model.initialParameters(seed);
    }
    for (int r = 0; r < rounds; r++) {
      List<float[]> updates = federation.round(models, attack, r, seed);
      float[] benignMean =
          ParameterVectors.mean(java.util.Arrays.asList(models).subList(0, benign));
      float[][] estimates = new float[n][];
      for (int k = 0; k < n; k++) {
        estimates[k] = k < benign ? models[k] : ParameterVectors.add(benignMean, updates.get(k));
      }
      float[][] next = models.clone();
      for (int i = 0; i < benign; i++) {
        next[i] = ubarStep(i, estimates, updates.get(i), benign, r);
      }
      for (int k = benign; k < n; k++) {
        next[k] = benignMean;
      }
      models = next;
    }
    double worst = 1;
    for (int i = 0; i < benign; i++) {
      worst = Math.min(worst, federation.model.accuracy(models[i], federation.split.test()));
    }
    return worst;
  }

  private float[] ubarStep(int i, float[][] estimates, float[] localStep, int benign, int round) {
    int n = estimates.length;
    List<ModelUpdate> neighbours = new ArrayList<>();
    for (int j = 0; j < n; j++) {
      if (j != i) {
        neighbours.add(new ModelUpdate(j, estimates[j], 1));
      }
    }
    Dataset shard = federation.shards.get(i);
    int[] order =
        network.deai.node.learning.Sampler.permutation(
            new java.util.SplittableRandom(seed * 31 + round * 1009L + i), shard.size());
    Dataset sample = shard.subset(order, 0, Math.min(32, order.length));
    Ubar rule =
        new Ubar(
            (double) (benign - 1) / (n - 1), estimates[i], p -> federation.model.loss(p, sample));
    float[] aggregate = rule.aggregate(neighbours).aggregate();
    float[] mixed = ParameterVectors.mean(List.of(estimates[i], aggregate));
    return ParameterVectors.add(mixed, localStep);
  }
}

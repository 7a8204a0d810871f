package network.deai.bench;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import network.deai.learning.Attack;
import network.deai.learning.NoAttack;
import network.deai.learning.ParameterVectors;
import network.deai.node.job.FlParameters;
import network.deai.node.job.RoundComputation;
import network.deai.verifier.domain.aggregation.AggregationRule;
import network.deai.verifier.domain.aggregation.ModelUpdate;

/**
 * Federated training under one attack and one rule, as a job's committee runs it: every round each
 * trainer trains from the global model, the updates (weight 1 each, in trainer order) go through
 * {@link RoundComputation#rule} with the committee's validation set, and the global model moves by
 * the aggregate. Reports the test accuracy of the final global model, which every benign trainer
 * holds.
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

  /** Test accuracy after training with the job rule {@code rule} sized for the Byzantine count. */
  double run(String rule, Attack attack) {
    return train(rule, attack, federation.size());
  }

  /**
   * Test accuracy of FedAvg over the honest trainers alone, no attack: the best a rule can do once
   * it leaves out the Byzantine trainers' shards.
   */
  double runHonest() {
    return train("fedavg", new NoAttack(), federation.size() - federation.byzantine);
  }

  /** Trains with {@code rule} on the updates of the first {@code n} trainers. */
  private double train(String rule, Attack attack, int n) {
    FlParameters parameters = FlParameters.digits().withRule(rule, federation.byzantine);
    float[] global = federation.model.initialParameters(seed);
    for (int r = 0; r < rounds; r++) {
      float[][] starts = new float[federation.size()][];
      Arrays.fill(starts, global);
      List<float[]> updates = federation.round(starts, attack, r, seed);
      List<ModelUpdate> wrapped = new ArrayList<>();
      for (int k = 0; k < n; k++) {
        wrapped.add(new ModelUpdate(k, updates.get(k), 1));
      }
      AggregationRule aggregation =
          RoundComputation.rule(
              parameters,
              n,
              federation.model,
              global,
              federation.split.validation(),
              wrapped,
              seed * 31 + r);
      global = ParameterVectors.add(global, aggregation.aggregate(wrapped).aggregate());
    }
    return federation.model.accuracy(global, federation.split.test());
  }
}

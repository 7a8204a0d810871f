package network.deai.learning;

import java.util.SplittableRandom;

/**
 * Local mini-batch SGD, the client step of FedAvg (McMahan et al. 2017).
 *
 * <p>Each epoch visits the shard in an order drawn from a {@link SplittableRandom} seeded by the
 * caller ({@link Sampler#shuffle}), steps {@code p ← (float) (p − lr · g)} on consecutive batches,
 * and uses the model's deterministic gradient, so the result is a pure function of (model, start
 * parameters, shard, config, seed): bitwise identical on every JVM.
 */
public final class LocalTrainer {

  private final Model model;

  /** A trainer for {@code model}. */
  public LocalTrainer(Model model) {
    this.model = model;
  }

  /** The model this trainer updates. */
  public Model model() {
    return model;
  }

  /**
   * Trains from {@code global} on {@code shard} and returns the update {@code trained − global}
   * (float subtraction per coordinate). Does not modify {@code global}.
   */
  public float[] train(float[] global, Dataset shard, TrainingConfig config, long seed) {
    float[] trained = fit(global, shard, config, seed);
    for (int i = 0; i < trained.length; i++) {
      trained[i] -= global[i];
    }
    return trained;
  }

  /**
   * Trains from {@code start} on {@code data} and returns the new parameters. Does not modify
   * {@code start}.
   *
   * @throws IllegalArgumentException if {@code data} is empty or does not fit the model
   */
  public float[] fit(float[] start, Dataset data, TrainingConfig config, long seed) {
    Logits.checkParameters(start, model.parameterCount());
    Logits.checkData(data, model.features(), model.classes(), false);
    float[] params = start.clone();
    SplittableRandom rng = new SplittableRandom(seed);
    int[] order = Sampler.permutation(rng, data.size());
    for (int epoch = 0; epoch < config.epochs(); epoch++) {
      if (epoch > 0) {
        Sampler.shuffle(rng, order);
      }
      for (int from = 0; from < order.length; from += config.batchSize()) {
        int to = Math.min(order.length, from + config.batchSize());
        float[] gradient = model.gradient(params, data.subset(order, from, to));
        for (int i = 0; i < params.length; i++) {
          params[i] = (float) (params[i] - config.learningRate() * gradient[i]);
        }
      }
    }
    return params;
  }
}

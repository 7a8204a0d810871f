package network.deai.learning;

/**
 * Hyper-parameters of local mini-batch SGD.
 *
 * @param learningRate step size, positive
 * @param epochs passes over the shard, at least 1
 * @param batchSize rows per step, at least 1 (the last batch of an epoch may be smaller)
 */
public record TrainingConfig(double learningRate, int epochs, int batchSize) {

  /** Checks the ranges. */
  public TrainingConfig {
    if (!(learningRate > 0) || Double.isInfinite(learningRate) || epochs < 1 || batchSize < 1) {
      throw new IllegalArgumentException(
          "learning rate " + learningRate + ", epochs " + epochs + ", batch " + batchSize);
    }
  }

  /** The digits reference for local training in a federated round: lr 0.5, 2 epochs, batch 16. */
  public static TrainingConfig digitsLocal() {
    return new TrainingConfig(0.5, 2, 16);
  }
}

package network.deai.learning;

import java.util.List;
import network.deai.incentive.domain.shapley.CoalitionUtility;

/**
 * The Shapley utility of a round: validation accuracy (or negative validation cross-entropy) of
 * (global model + mean of the coalition's updates), without retraining; the empty coalition scores
 * the global model itself. The loss is smooth where accuracy moves in steps of 1/rows, so small
 * harmful updates get negative marginal contributions instead of ties.
 */
public final class CoalitionAccuracy implements CoalitionUtility {
  private final Model model;
  private final float[] global;
  private final List<float[]> updates;
  private final Dataset validation;
  private final boolean negativeLoss;

  /** Accuracy of updates applied to {@code global}, scored on {@code validation}. */
  public CoalitionAccuracy(Model model, float[] global, List<float[]> updates, Dataset validation) {
    this(model, global, updates, validation, false);
  }

  /**
   * Accuracy, or with {@code negativeLoss} the negated mean cross-entropy, of updates applied to
   * {@code global}, scored on {@code validation}.
   */
  public CoalitionAccuracy(
      Model model,
      float[] global,
      List<float[]> updates,
      Dataset validation,
      boolean negativeLoss) {
    this.negativeLoss = negativeLoss;
    this.model = model;
    this.global = global;
    this.updates = updates;
    this.validation = validation;
  }

  @Override
  public double value(long mask) {
    int members = Long.bitCount(mask);
    if (members == 0) {
      return score(global);
    }
    double[] sum = new double[global.length];
    for (int k = 0; k < updates.size(); k++) {
      if ((mask & (1L << k)) != 0) {
        float[] u = updates.get(k);
        for (int j = 0; j < sum.length; j++) {
          sum[j] += u[j];
        }
      }
    }
    float[] params = new float[global.length];
    for (int j = 0; j < params.length; j++) {
      params[j] = (float) (global[j] + sum[j] / members);
    }
    return score(params);
  }

  private double score(float[] params) {
    return negativeLoss ? -model.loss(params, validation) : model.accuracy(params, validation);
  }
}

package network.deai.node.bench;

import java.util.List;
import network.deai.incentive.domain.shapley.CoalitionUtility;
import network.deai.node.learning.Dataset;
import network.deai.node.learning.SoftmaxModel;

/**
 * The Shapley utility of a round: validation accuracy of (global model + mean of the coalition's
 * updates), without retraining; the empty coalition scores the global model itself.
 */
final class CoalitionAccuracy implements CoalitionUtility {
  private final SoftmaxModel model;
  private final float[] global;
  private final List<float[]> updates;
  private final Dataset validation;

  CoalitionAccuracy(SoftmaxModel model, float[] global, List<float[]> updates, Dataset validation) {
    this.model = model;
    this.global = global;
    this.updates = updates;
    this.validation = validation;
  }

  @Override
  public double value(long mask) {
    int members = Long.bitCount(mask);
    if (members == 0) {
      return model.accuracy(global, validation);
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
    return model.accuracy(params, validation);
  }
}

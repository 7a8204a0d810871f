package network.deai.verifier.domain.aggregation;

import java.util.ArrayList;
import java.util.List;

/**
 * FedAvg (McMahan et al. 2017, "Communication-Efficient Learning of Deep Networks from
 * Decentralized Data"): the sample-weighted mean Σ nᵢ·Δᵢ / Σ nᵢ, summed in double in list order.
 * When every update reports 0 samples the plain mean is used. No update is ever excluded.
 */
public final class FedAvg implements AggregationRule {
  private final int threads;

  /** Single-threaded FedAvg. */
  public FedAvg() {
    this(1);
  }

  /** FedAvg over coordinate blocks split among {@code threads} threads. */
  public FedAvg(int threads) {
    this.threads = threads;
  }

  @Override
  public AggregationResult aggregate(List<ModelUpdate> updates) {
    int d = Vectors.dimension(updates);
    long total = 0;
    for (ModelUpdate u : updates) {
      total += u.samples();
    }
    double[] weights = new double[updates.size()];
    for (int i = 0; i < weights.length; i++) {
      weights[i] = total == 0 ? 1.0 / updates.size() : (double) updates.get(i).samples() / total;
    }
    float[] out = new float[d];
    int blocks = (d + Vectors.BLOCK - 1) / Vectors.BLOCK;
    Parallel.forEach(threads, blocks, b -> weightedBlock(updates, weights, out, b));
    List<Integer> all = new ArrayList<>();
    for (int i = 0; i < updates.size(); i++) {
      all.add(i);
    }
    return Vectors.result(updates, all, out);
  }

  private static void weightedBlock(
      List<ModelUpdate> updates, double[] weights, float[] out, int block) {
    int from = block * Vectors.BLOCK;
    int to = Math.min(out.length, from + Vectors.BLOCK);
    double[] acc = new double[to - from];
    for (int i = 0; i < weights.length; i++) {
      float[] v = updates.get(i).delta();
      double w = weights[i];
      for (int j = from; j < to; j++) {
        acc[j - from] += w * v[j];
      }
    }
    for (int j = from; j < to; j++) {
      out[j] = (float) acc[j - from];
    }
  }

  @Override
  public String name() {
    return "fedavg";
  }
}

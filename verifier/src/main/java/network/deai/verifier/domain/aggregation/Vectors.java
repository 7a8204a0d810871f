package network.deai.verifier.domain.aggregation;

import java.util.ArrayList;
import java.util.List;

/** Shared vector helpers for the rules: checks, means, pairwise squared distances. */
final class Vectors {
  /** Coordinates per cache block when scanning many vectors together. */
  static final int BLOCK = 2048;

  private Vectors() {}

  static int dimension(List<ModelUpdate> updates) {
    if (updates.isEmpty()) {
      throw new IllegalArgumentException("no updates to aggregate");
    }
    int d = updates.get(0).delta().length;
    for (ModelUpdate u : updates) {
      if (u.delta().length != d) {
        throw new IllegalArgumentException(
            "update of worker " + u.worker() + " has dimension " + u.delta().length + ", not " + d);
      }
    }
    return d;
  }

  /** Unweighted mean of the selected updates, summed in double in list order per coordinate. */
  static float[] mean(List<ModelUpdate> updates, List<Integer> indices, int threads) {
    int d = updates.get(0).delta().length;
    float[] out = new float[d];
    int blocks = (d + BLOCK - 1) / BLOCK;
    Parallel.forEach(
        threads,
        blocks,
        b -> {
          int from = b * BLOCK;
          int to = Math.min(d, from + BLOCK);
          double[] acc = new double[to - from];
          for (int index : indices) {
            float[] v = updates.get(index).delta();
            for (int j = from; j < to; j++) {
              acc[j - from] += v[j];
            }
          }
          for (int j = from; j < to; j++) {
            out[j] = (float) (acc[j - from] / indices.size());
          }
        });
    return out;
  }

  /**
   * Squared Euclidean distances Σ(x−y)² of all pairs, accumulated in double: four interleaved lanes
   * per pair over coordinates in increasing order, combined as (l0 + l1) + (l2 + l3).
   */
  static double[][] pairwiseSquared(List<ModelUpdate> updates, int threads) {
    int n = updates.size();
    int pairs = n * (n - 1) / 2;
    int[] first = new int[pairs];
    int[] second = new int[pairs];
    for (int i = 0, p = 0; i < n; i++) {
      for (int j = i + 1; j < n; j++, p++) {
        first[p] = i;
        second[p] = j;
      }
    }
    double[] sums = new double[pairs];
    Parallel.forEach(
        threads,
        pairs,
        p -> sums[p] = squared(updates.get(first[p]).delta(), updates.get(second[p]).delta()));
    double[][] out = new double[n][n];
    for (int p = 0; p < pairs; p++) {
      out[first[p]][second[p]] = sums[p];
      out[second[p]][first[p]] = sums[p];
    }
    return out;
  }

  static double squared(float[] x, float[] y) {
    double l0 = 0;
    double l1 = 0;
    double l2 = 0;
    double l3 = 0;
    int j = 0;
    for (; j + 3 < x.length; j += 4) {
      double a = (double) x[j] - y[j];
      double b = (double) x[j + 1] - y[j + 1];
      double c = (double) x[j + 2] - y[j + 2];
      double e = (double) x[j + 3] - y[j + 3];
      l0 += a * a;
      l1 += b * b;
      l2 += c * c;
      l3 += e * e;
    }
    for (; j < x.length; j++) {
      double a = (double) x[j] - y[j];
      l0 += a * a;
    }
    return (l0 + l1) + (l2 + l3);
  }

  static List<Integer> workers(List<ModelUpdate> updates, List<Integer> indices) {
    List<Integer> ids = new ArrayList<>();
    for (int index : indices) {
      ids.add(updates.get(index).worker());
    }
    ids.sort(null);
    return ids;
  }

  static List<Integer> complement(int n, List<Integer> indices) {
    List<Integer> rest = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      if (!indices.contains(i)) {
        rest.add(i);
      }
    }
    return rest;
  }

  static AggregationResult result(
      List<ModelUpdate> updates, List<Integer> kept, float[] aggregate) {
    return new AggregationResult(
        aggregate, workers(updates, kept), workers(updates, complement(updates.size(), kept)));
  }
}

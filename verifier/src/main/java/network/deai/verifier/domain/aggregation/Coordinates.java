package network.deai.verifier.domain.aggregation;

import java.util.List;

/** Per-coordinate order statistics over a set of updates, block by block. */
final class Coordinates {
  /** Computes one output coordinate from the sorted values of that coordinate. */
  @FunctionalInterface
  interface SortedReducer {
    float reduce(float[] sorted, int count);
  }

  private Coordinates() {}

  /**
   * For each coordinate gathers the values of {@code indices}' updates, sorts them in the total
   * order of {@link Float#compare} (NaN last) and reduces them. Deterministic for any threads.
   */
  static float[] reduce(
      List<ModelUpdate> updates, List<Integer> indices, int threads, SortedReducer reducer) {
    int d = updates.get(0).delta().length;
    int n = indices.size();
    float[][] vectors = new float[n][];
    for (int k = 0; k < n; k++) {
      vectors[k] = updates.get(indices.get(k)).delta();
    }
    float[] out = new float[d];
    int blocks = (d + Vectors.BLOCK - 1) / Vectors.BLOCK;
    Parallel.forEach(
        threads,
        blocks,
        b -> {
          float[] scratch = new float[n];
          int from = b * Vectors.BLOCK;
          int to = Math.min(d, from + Vectors.BLOCK);
          for (int j = from; j < to; j++) {
            for (int k = 0; k < n; k++) {
              scratch[k] = vectors[k][j];
            }
            insertionSort(scratch, n);
            out[j] = reducer.reduce(scratch, n);
          }
        });
    return out;
  }

  static void insertionSort(float[] a, int n) {
    for (int i = 1; i < n; i++) {
      float v = a[i];
      int j = i - 1;
      while (j >= 0 && Float.compare(a[j], v) > 0) {
        a[j + 1] = a[j];
        j--;
      }
      a[j + 1] = v;
    }
  }

  static float median(float[] sorted, int n) {
    return n % 2 == 1
        ? sorted[n / 2]
        : (float) (((double) sorted[n / 2 - 1] + (double) sorted[n / 2]) / 2.0);
  }
}

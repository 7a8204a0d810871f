package network.deai.incentive.domain.shapley;

import java.util.random.RandomGenerator;

/** Marginal-contribution scans over random permutations, with optional truncation. */
final class Permutations {
  private Permutations() {}

  /**
   * Averages marginal contributions over {@code count} permutations.
   *
   * @param firstCycle when ≥ 0, permutation k starts with player (k mod n) (GTG's guided order)
   * @param tolerance truncate a scan once |v(N) − v(S)| < tolerance·|v(N)| (0 = never)
   * @param grandValue v(N), used only when truncating
   */
  static double[] scan(
      int n,
      int count,
      MemoizedUtility v,
      RandomGenerator rng,
      int firstCycle,
      double tolerance,
      double grandValue) {
    double[] sum = new double[n];
    int[] order = new int[n];
    for (int k = 0; k < count; k++) {
      shuffle(order, rng, firstCycle < 0 ? -1 : k % n);
      long mask = 0;
      double previous = v.value(0);
      for (int position = 0; position < n; position++) {
        if (tolerance > 0 && Math.abs(grandValue - previous) < tolerance * Math.abs(grandValue)) {
          break;
        }
        int player = order[position];
        mask |= 1L << player;
        double current = v.value(mask);
        sum[player] += current - previous;
        previous = current;
      }
    }
    for (int i = 0; i < n; i++) {
      sum[i] /= count;
    }
    return sum;
  }

  /** Fisher–Yates; when {@code first} ≥ 0 that player is moved to the front afterwards. */
  static void shuffle(int[] order, RandomGenerator rng, int first) {
    for (int i = 0; i < order.length; i++) {
      order[i] = i;
    }
    for (int i = order.length - 1; i > 0; i--) {
      int j = rng.nextInt(i + 1);
      int t = order[i];
      order[i] = order[j];
      order[j] = t;
    }
    if (first >= 0) {
      for (int i = 0; i < order.length; i++) {
        if (order[i] == first) {
          order[i] = order[0];
          order[0] = first;
          break;
        }
      }
    }
  }
}

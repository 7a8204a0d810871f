package network.deai.verifier.domain.canonical;

import java.util.Arrays;

/**
 * The order every canonical form ranks scores by: {@code a} ranks above {@code b} when {@code a >
 * b} numerically, or when {@code b} is NaN and {@code a} is not. Equal scores ({@code -0.0f} and
 * {@code 0.0f} included, and two NaNs of any payload) rank by index, the lower index first.
 */
final class Ranking {
  private Ranking() {}

  /** Whether {@code a} ranks strictly above {@code b}. */
  static boolean above(float a, float b) {
    return a > b || (Float.isNaN(b) && !Float.isNaN(a));
  }

  /** The index (relative to {@code from}) of the best of {@code scores[from, from + length)}. */
  static int best(float[] scores, int from, int length) {
    int best = 0;
    for (int c = 1; c < length; c++) {
      if (above(scores[from + c], scores[from + best])) {
        best = c;
      }
    }
    return best;
  }

  /** The indices (relative to {@code from}) of the {@code k} best scores, best first. */
  static int[] top(float[] scores, int from, int length, int k) {
    Integer[] order = new Integer[length];
    Arrays.setAll(order, i -> i);
    Arrays.sort(
        order,
        (i, j) -> {
          float a = scores[from + i];
          float b = scores[from + j];
          return above(a, b) ? -1 : above(b, a) ? 1 : Integer.compare(i, j);
        });
    int[] best = new int[k];
    for (int i = 0; i < k; i++) {
      best[i] = order[i];
    }
    return best;
  }
}

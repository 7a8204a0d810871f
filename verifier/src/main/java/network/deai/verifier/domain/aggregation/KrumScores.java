package network.deai.verifier.domain.aggregation;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** Krum scores over a precomputed squared-distance matrix, restricted to a candidate set. */
final class KrumScores {
  private KrumScores() {}

  /**
   * Score of each candidate: the sum of its {@code candidates.size() - f - 2} smallest squared
   * distances to the other candidates (Blanchard et al. 2017).
   */
  static double[] scores(double[][] distances, List<Integer> candidates, int f) {
    int n = candidates.size();
    int closest = n - f - 2;
    if (closest < 1) {
      throw new IllegalArgumentException("Krum needs n > f + 2 (n=" + n + ", f=" + f + ")");
    }
    double[] scores = new double[n];
    double[] row = new double[n - 1];
    for (int a = 0; a < n; a++) {
      int k = 0;
      for (int b = 0; b < n; b++) {
        if (a != b) {
          row[k++] = distances[candidates.get(a)][candidates.get(b)];
        }
      }
      Arrays.sort(row);
      double s = 0;
      for (int c = 0; c < closest; c++) {
        s += row[c];
      }
      scores[a] = s;
    }
    return scores;
  }

  /** Candidate positions ordered by score, ties broken by worker id. */
  static List<Integer> ranked(
      double[] scores, List<Integer> candidates, List<ModelUpdate> updates) {
    List<Integer> order = new ArrayList<>();
    for (int a = 0; a < scores.length; a++) {
      order.add(a);
    }
    order.sort(
        (x, y) -> {
          int byScore = Double.compare(scores[x], scores[y]);
          return byScore != 0
              ? byScore
              : Integer.compare(
                  updates.get(candidates.get(x)).worker(), updates.get(candidates.get(y)).worker());
        });
    return order;
  }
}

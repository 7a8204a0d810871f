package network.deai.verifier.domain.aggregation;

import java.util.ArrayList;
import java.util.List;

/**
 * Multi-Krum (Blanchard et al. 2017, §5): the unweighted mean of the {@code m} updates with the
 * lowest Krum scores, all scores computed once over the full set (as in the paper and ByzFL;
 * Flower's variant is the same). Needs n > 2f + 2 and 1 ≤ m ≤ n.
 */
public final class MultiKrum implements AggregationRule {
  private final int f;
  private final int m;
  private final int threads;

  /** Multi-Krum keeping {@code m} updates. */
  public MultiKrum(int f, int m) {
    this(f, m, 1);
  }

  /** Multi-Krum computing on {@code threads} threads. */
  public MultiKrum(int f, int m, int threads) {
    if (f < 0 || m < 1) {
      throw new IllegalArgumentException("need f >= 0 and m >= 1, got f=" + f + ", m=" + m);
    }
    this.f = f;
    this.m = m;
    this.threads = threads;
  }

  @Override
  public AggregationResult aggregate(List<ModelUpdate> updates) {
    Vectors.dimension(updates);
    int n = updates.size();
    if (n <= 2 * f + 2 || m > n) {
      throw new IllegalArgumentException(
          "Multi-Krum needs n > 2f + 2 and m <= n (n=" + n + ", f=" + f + ", m=" + m + ")");
    }
    double[][] distances = Vectors.pairwiseSquared(updates, threads);
    List<Integer> all = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      all.add(i);
    }
    List<Integer> ranked = KrumScores.ranked(KrumScores.scores(distances, all, f), all, updates);
    List<Integer> chosen = new ArrayList<>(ranked.subList(0, m));
    chosen.sort(null);
    return Vectors.result(updates, chosen, Vectors.mean(updates, chosen, threads));
  }

  @Override
  public String name() {
    return "multi-krum";
  }
}

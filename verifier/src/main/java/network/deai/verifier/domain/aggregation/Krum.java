package network.deai.verifier.domain.aggregation;

import java.util.ArrayList;
import java.util.List;

/**
 * Krum (Blanchard et al. 2017, "Machine Learning with Adversaries: Byzantine Tolerant Gradient
 * Descent"): returns the single update whose sum of squared distances to its n − f − 2 nearest
 * neighbours is smallest (ties: lowest worker id). Needs n > 2f + 2.
 */
public final class Krum implements AggregationRule {
  private final int f;
  private final int threads;

  /** Krum tolerating {@code f} Byzantine updates. */
  public Krum(int f) {
    this(f, 1);
  }

  /** Krum computing distances on {@code threads} threads. */
  public Krum(int f, int threads) {
    if (f < 0) {
      throw new IllegalArgumentException("f must be >= 0, got " + f);
    }
    this.f = f;
    this.threads = threads;
  }

  @Override
  public AggregationResult aggregate(List<ModelUpdate> updates) {
    Vectors.dimension(updates);
    int n = updates.size();
    if (n <= 2 * f + 2) {
      throw new IllegalArgumentException("Krum needs n > 2f + 2 (n=" + n + ", f=" + f + ")");
    }
    double[][] distances = Vectors.pairwiseSquared(updates, threads);
    List<Integer> all = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      all.add(i);
    }
    double[] scores = KrumScores.scores(distances, all, f);
    int chosen = KrumScores.ranked(scores, all, updates).get(0);
    return Vectors.result(updates, List.of(chosen), updates.get(chosen).delta().clone());
  }

  @Override
  public String name() {
    return "krum";
  }
}

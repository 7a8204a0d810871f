package network.deai.verifier.domain.aggregation;

import java.util.ArrayList;
import java.util.List;

/**
 * Bulyan (El Mhamdi et al. 2018, "The Hidden Vulnerability of Distributed Learning in Byzantium"):
 * select θ = n − 2f updates by repeatedly applying Krum to the remaining set (scores recomputed on
 * what remains, distances computed once), then per coordinate average the β = θ − 2f selected
 * values closest to their median. Closest values form a contiguous window of the sorted values
 * grown outwards from the median; on equal distance the lower value is taken. Needs n ≥ 4f + 3 (the
 * paper's condition; ByzFL checks the same).
 */
public final class Bulyan implements AggregationRule {
  private final int f;
  private final int threads;

  /** Bulyan tolerating {@code f} Byzantine updates. */
  public Bulyan(int f) {
    this(f, 1);
  }

  /** Bulyan on {@code threads} threads. */
  public Bulyan(int f, int threads) {
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
    if (n < 4 * f + 3) {
      throw new IllegalArgumentException("Bulyan needs n >= 4f + 3 (n=" + n + ", f=" + f + ")");
    }
    double[][] distances = Vectors.pairwiseSquared(updates, threads);
    List<Integer> remaining = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      remaining.add(i);
    }
    List<Integer> selected = new ArrayList<>();
    int theta = n - 2 * f;
    while (selected.size() < theta) {
      int pick;
      if (remaining.size() > f + 2) {
        double[] scores = KrumScores.scores(distances, remaining, f);
        pick = remaining.get(KrumScores.ranked(scores, remaining, updates).get(0));
      } else {
        pick = remaining.get(0);
      }
      selected.add(pick);
      remaining.remove(Integer.valueOf(pick));
    }
    int beta = theta - 2 * f;
    float[] out = Coordinates.reduce(updates, selected, threads, (s, c) -> closestMean(s, c, beta));
    return Vectors.result(updates, selected, out);
  }

  private static float closestMean(float[] sorted, int count, int beta) {
    float median = Coordinates.median(sorted, count);
    int lo = (count - 1) / 2;
    int hi = lo;
    while (hi - lo + 1 < beta) {
      boolean canLow = lo > 0;
      boolean canHigh = hi < count - 1;
      double low = canLow ? Math.abs((double) median - sorted[lo - 1]) : Double.POSITIVE_INFINITY;
      double high = canHigh ? Math.abs((double) sorted[hi + 1] - median) : Double.POSITIVE_INFINITY;
      if (low <= high) {
        lo--;
      } else {
        hi++;
      }
    }
    double s = 0;
    for (int k = lo; k <= hi; k++) {
      s += sorted[k];
    }
    return (float) (s / beta);
  }

  @Override
  public String name() {
    return "bulyan";
  }
}

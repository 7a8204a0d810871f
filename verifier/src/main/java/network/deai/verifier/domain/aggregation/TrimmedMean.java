package network.deai.verifier.domain.aggregation;

import java.util.ArrayList;
import java.util.List;

/**
 * Coordinate-wise trimmed mean (Yin et al. 2018): per coordinate drop the {@code b} largest and
 * {@code b} smallest values and average the remaining n − 2b in double, in ascending order. Needs n
 * > 2b.
 */
public final class TrimmedMean implements AggregationRule {
  private final int b;
  private final int threads;

  /** Trimmed mean dropping {@code b} values at each end. */
  public TrimmedMean(int b) {
    this(b, 1);
  }

  /** Trimmed mean on {@code threads} threads. */
  public TrimmedMean(int b, int threads) {
    if (b < 0) {
      throw new IllegalArgumentException("b must be >= 0, got " + b);
    }
    this.b = b;
    this.threads = threads;
  }

  @Override
  public AggregationResult aggregate(List<ModelUpdate> updates) {
    Vectors.dimension(updates);
    int n = updates.size();
    if (n <= 2 * b) {
      throw new IllegalArgumentException("trimmed mean needs n > 2b (n=" + n + ", b=" + b + ")");
    }
    List<Integer> all = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      all.add(i);
    }
    float[] out =
        Coordinates.reduce(
            updates,
            all,
            threads,
            (sorted, count) -> {
              double s = 0;
              for (int k = b; k < count - b; k++) {
                s += sorted[k];
              }
              return (float) (s / (count - 2 * b));
            });
    return Vectors.result(updates, all, out);
  }

  @Override
  public String name() {
    return "trimmed-mean";
  }
}

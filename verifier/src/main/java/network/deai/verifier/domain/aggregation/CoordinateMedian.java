package network.deai.verifier.domain.aggregation;

import java.util.ArrayList;
import java.util.List;

/**
 * Coordinate-wise median (Yin et al. 2018, "Byzantine-Robust Distributed Learning: Towards Optimal
 * Statistical Rates"). For even n the mean of the two middle values (computed in double), as in
 * Flower and ByzFL. Values are ordered by {@link Float#compare} (NaN largest). Every update counts
 * as kept: the rule excludes values, not workers.
 */
public final class CoordinateMedian implements AggregationRule {
  private final int threads;

  /** Single-threaded median. */
  public CoordinateMedian() {
    this(1);
  }

  /** Median over coordinate blocks on {@code threads} threads. */
  public CoordinateMedian(int threads) {
    this.threads = threads;
  }

  @Override
  public AggregationResult aggregate(List<ModelUpdate> updates) {
    Vectors.dimension(updates);
    List<Integer> all = new ArrayList<>();
    for (int i = 0; i < updates.size(); i++) {
      all.add(i);
    }
    return Vectors.result(
        updates, all, Coordinates.reduce(updates, all, threads, Coordinates::median));
  }

  @Override
  public String name() {
    return "median";
  }
}

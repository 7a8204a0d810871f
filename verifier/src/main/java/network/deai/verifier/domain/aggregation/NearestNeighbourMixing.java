package network.deai.verifier.domain.aggregation;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Nearest-neighbour mixing (Allouah et al. 2023, "Fixing by Mixing: A Recipe for Optimal Byzantine
 * ML under Heterogeneity"): each update is replaced by the mean of its n − f nearest updates,
 * itself included. Nearest by squared Euclidean distance ({@link Vectors#squared}); ties go to the
 * lower list position. The chosen neighbours are averaged in list order, in double, and rounded to
 * float once. Each output keeps its centre's worker id and sample count. Needs 0 ≤ f < n.
 */
public final class NearestNeighbourMixing implements PreAggregation {
  private final int f;
  private final int threads;

  /** Mixing that assumes at most {@code f} Byzantine updates. */
  public NearestNeighbourMixing(int f) {
    this(f, 1);
  }

  /** Mixing computing distances and means on {@code threads} threads. */
  public NearestNeighbourMixing(int f, int threads) {
    if (f < 0) {
      throw new IllegalArgumentException("f must be >= 0, got " + f);
    }
    this.f = f;
    this.threads = threads;
  }

  @Override
  public Mixed apply(List<ModelUpdate> updates) {
    Vectors.dimension(updates);
    int n = updates.size();
    if (f >= n) {
      throw new IllegalArgumentException("nnm needs f < n (n=" + n + ", f=" + f + ")");
    }
    double[][] distances = Vectors.pairwiseSquared(updates, threads);
    List<ModelUpdate> mixed = new ArrayList<>();
    Map<Integer, List<Integer>> members = new HashMap<>();
    for (int i = 0; i < n; i++) {
      double[] row = distances[i];
      List<Integer> order = new ArrayList<>();
      for (int k = 0; k < n; k++) {
        order.add(k);
      }
      order.sort(
          (x, y) -> {
            int c = Double.compare(row[x], row[y]);
            return c != 0 ? c : Integer.compare(x, y);
          });
      List<Integer> nearest = new ArrayList<>(order.subList(0, n - f));
      nearest.sort(null);
      ModelUpdate centre = updates.get(i);
      mixed.add(
          new ModelUpdate(
              centre.worker(), Vectors.mean(updates, nearest, threads), centre.samples()));
      members.put(centre.worker(), List.of(centre.worker()));
    }
    return new Mixed(mixed, members);
  }

  @Override
  public String name() {
    return "nnm";
  }
}

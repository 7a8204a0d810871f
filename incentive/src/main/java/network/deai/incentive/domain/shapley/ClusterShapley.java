package network.deai.incentive.domain.shapley;

import java.util.List;

/**
 * Sybil-robust scoring: the players of the game are clusters of near-duplicate identities. A
 * cluster joins a coalition as one contribution, its representative's (the first member listed),
 * since near-duplicates carry no extra information; each cluster's Shapley value is then shared
 * equally among its members. A trainer that adds copies of itself therefore gains nothing: the
 * copies fall into its cluster and split the same credit.
 */
public final class ClusterShapley {
  private final ShapleyEstimator inner;

  /** Scores clusters with {@code inner}. */
  public ClusterShapley(ShapleyEstimator inner) {
    this.inner = inner;
  }

  /**
   * Per-player values.
   *
   * @param clusters a partition of 0..players−1
   */
  public ShapleyResult estimate(
      List<List<Integer>> clusters, int players, CoalitionUtility utility) {
    long[] masks = new long[clusters.size()];
    long covered = 0;
    for (int c = 0; c < clusters.size(); c++) {
      for (int member : clusters.get(c)) {
        if (member < 0 || member >= players || (covered & (1L << member)) != 0) {
          throw new IllegalArgumentException("clusters must partition 0.." + (players - 1));
        }
        covered |= 1L << member;
      }
      masks[c] = 1L << clusters.get(c).get(0);
    }
    if (covered != MemoizedUtility.all(players)) {
      throw new IllegalArgumentException("clusters must cover every player");
    }
    ShapleyResult byCluster =
        inner.estimate(clusters.size(), clusterMask -> utility.value(expand(clusterMask, masks)));
    double[] values = new double[players];
    for (int c = 0; c < clusters.size(); c++) {
      double share = byCluster.values()[c] / clusters.get(c).size();
      for (int member : clusters.get(c)) {
        values[member] = share;
      }
    }
    return new ShapleyResult(values, byCluster.utilityEvaluations());
  }

  private static long expand(long clusterMask, long[] masks) {
    long mask = 0;
    for (int c = 0; c < masks.length; c++) {
      if ((clusterMask & (1L << c)) != 0) {
        mask |= masks[c];
      }
    }
    return mask;
  }
}

package network.deai.verifier.domain.sybil;

import java.util.ArrayList;
import java.util.List;
import network.deai.verifier.domain.aggregation.CoordinateMedian;
import network.deai.verifier.domain.aggregation.ModelUpdate;

/**
 * Groups the updates of one round that come from one owner (Sybil identities): exact copies, copies
 * scaled by any positive factor, copies with noise added, and updates trained on the same data with
 * different seeds. Honest trainers whose data are drawn from the same distribution (IID) are not
 * grouped: their updates are similar in raw cosine (they share the population gradient), but what
 * is left after removing the round's robust centre is their own sampling noise, which is nearly
 * independent between trainers, whereas a Sybil's identities share theirs.
 *
 * <p>The exact definition, which every committee member and auditor computes bit for bit:
 *
 * <ol>
 *   <li>Normalise: for each update u (float32, d coordinates), {@code s} = Σ u_j² summed in double
 *       in ascending j (each term {@code (double) u_j * u_j}); {@code norm = Math.sqrt(s)}; û_j =
 *       {@code (float) (u_j / norm)} in double; û = u when s = 0. Scaling by c &gt; 0 changes û by
 *       rounding only.
 *   <li>Centre: m = coordinate median of the û ({@link CoordinateMedian}: values ordered by {@link
 *       Float#compare}, the middle one for odd n, {@code (float) ((a + b) / 2)} in double of the
 *       middle two for even n).
 *   <li>Residuals: r_j = {@code (double) û_j - (double) m_j}, kept in double.
 *   <li>Link i and j when either
 *       <ul>
 *         <li>they are parallel: {@link Cosine#similarity}(u_i, u_j) ≥ {@value #PARALLEL} (raw
 *             updates; catches exact and scaled copies also when they dominate the median and their
 *             residuals vanish), or
 *         <li>their residuals agree: Σ r_i r_j / √(Σ r_i² · Σ r_j²) ≥ {@code threshold}, the three
 *             sums in double in ascending j, the square root of the product by {@link Math#sqrt};
 *             pairs where either Σ r² is 0 do not link this way.
 *       </ul>
 *   <li>Clusters are the connected components of the links (single linkage), so the result does not
 *       depend on the order in which pairs are examined; members ascending by worker id, clusters
 *       ascending by their smallest member; every worker appears in exactly one cluster.
 * </ol>
 *
 * <p>Limits: noise shaped like honest sampling noise, or added independently to every identity's
 * copy at low cosine, looks like honest disagreement in a single round and is not caught; the
 * threshold trades missed noised copies against Dirichlet (label-skewed) trainers whose skews
 * coincide (see {@code ./deai bench sybil}).
 */
public final class SybilClusters {
  /** Raw cosine at or above which two updates are parallel: the same update up to scale. */
  public static final double PARALLEL = 0.999999;

  private SybilClusters() {}

  /**
   * Clusters of worker ids.
   *
   * @param threshold residual cosine at or above which two updates link, in (0, 1]
   * @throws IllegalArgumentException if the threshold is out of range or dimensions differ
   */
  public static List<List<Integer>> cluster(List<ModelUpdate> updates, double threshold) {
    if (!(threshold > 0 && threshold <= 1)) {
      throw new IllegalArgumentException("threshold must be in (0, 1]: " + threshold);
    }
    int n = updates.size();
    double[][] residuals = residuals(updates);
    Linkage linkage = new Linkage(n);
    for (int i = 0; i < n; i++) {
      for (int j = i + 1; j < n; j++) {
        if (linked(updates.get(i).delta(), updates.get(j).delta(), residuals[i], residuals[j])
            >= threshold) {
          linkage.link(i, j);
        }
      }
    }
    return linkage.clusters(updates);
  }

  /**
   * The similarity the threshold is compared with: 1 for parallel updates, else the residual cosine
   * (0 when a residual is zero).
   */
  private static double linked(float[] a, float[] b, double[] ra, double[] rb) {
    return Cosine.similarity(a, b) >= PARALLEL ? 1 : cosine(ra, rb);
  }

  /**
   * Residual cosine of every pair, by position in {@code updates}: the value the threshold is
   * compared with in the residual test (step 4, second case), for benches and tests.
   */
  public static double[][] residualCosines(List<ModelUpdate> updates) {
    double[][] r = residuals(updates);
    double[][] out = new double[r.length][r.length];
    for (int i = 0; i < r.length; i++) {
      for (int j = 0; j < r.length; j++) {
        out[i][j] = cosine(r[i], r[j]);
      }
    }
    return out;
  }

  static double[][] residuals(List<ModelUpdate> updates) {
    List<ModelUpdate> normalized = new ArrayList<>(updates.size());
    for (ModelUpdate u : updates) {
      normalized.add(new ModelUpdate(u.worker(), normalize(u.delta()), u.samples()));
    }
    if (normalized.isEmpty()) {
      return new double[0][];
    }
    float[] centre = new CoordinateMedian().aggregate(normalized).aggregate();
    double[][] residuals = new double[normalized.size()][];
    for (int i = 0; i < residuals.length; i++) {
      float[] v = normalized.get(i).delta();
      residuals[i] = new double[v.length];
      for (int j = 0; j < v.length; j++) {
        residuals[i][j] = (double) v[j] - (double) centre[j];
      }
    }
    return residuals;
  }

  static float[] normalize(float[] u) {
    double s = 0;
    for (float x : u) {
      s += (double) x * x;
    }
    if (s == 0) {
      return u.clone();
    }
    double norm = Math.sqrt(s);
    float[] out = new float[u.length];
    for (int j = 0; j < u.length; j++) {
      out[j] = (float) (u[j] / norm);
    }
    return out;
  }

  static double cosine(double[] a, double[] b) {
    double dot = 0;
    double na = 0;
    double nb = 0;
    for (int j = 0; j < a.length; j++) {
      dot += a[j] * b[j];
      na += a[j] * a[j];
      nb += b[j] * b[j];
    }
    return na == 0 || nb == 0 ? 0 : dot / Math.sqrt(na * nb);
  }
}

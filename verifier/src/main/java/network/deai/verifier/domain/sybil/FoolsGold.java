package network.deai.verifier.domain.sybil;

import java.util.List;

/**
 * FoolsGold (Fung et al. 2020, "The Limitations of Federated Learning in Sybil Settings", Algorithm
 * 1) over each client's accumulated (historical) update: cosine similarities cs, v_i = max_j cs_ij,
 * pardoning cs_ij ← cs_ij · v_i / v_j when v_j > v_i, α_i = 1 − max_j cs_ij clipped to [0, 1],
 * rescaled so the largest is 1 (1 becomes 0.99), then the logit α_i = κ·(ln(α_i / (1 − α_i)) + 0.5)
 * clipped to [0, 1]. Sybils pushing the same direction get weights near 0; distinct honest clients
 * near 1. Follows the authors' reference implementation.
 */
public final class FoolsGold {
  private final double kappa;

  /** FoolsGold with confidence parameter {@code kappa} (the paper uses 1). */
  public FoolsGold(double kappa) {
    if (!(kappa > 0)) {
      throw new IllegalArgumentException("kappa must be > 0, got " + kappa);
    }
    this.kappa = kappa;
  }

  /** Per-client weights in [0, 1], in the order of {@code histories}. */
  public double[] weights(List<float[]> histories) {
    int n = histories.size();
    double[][] cs = new double[n][n];
    double[] v = new double[n];
    for (int i = 0; i < n; i++) {
      v[i] = Double.NEGATIVE_INFINITY;
      for (int j = 0; j < n; j++) {
        if (i != j) {
          cs[i][j] = Cosine.similarity(histories.get(i), histories.get(j));
          v[i] = Math.max(v[i], cs[i][j]);
        }
      }
    }
    double[] alpha = new double[n];
    for (int i = 0; i < n; i++) {
      double max = Double.NEGATIVE_INFINITY;
      for (int j = 0; j < n; j++) {
        if (i != j) {
          double c = v[j] > v[i] && v[j] != 0 ? cs[i][j] * v[i] / v[j] : cs[i][j];
          max = Math.max(max, c);
        }
      }
      alpha[i] = n == 1 ? 1 : Math.min(1, Math.max(0, 1 - max));
    }
    return logit(alpha);
  }

  private double[] logit(double[] alpha) {
    double top = 0;
    for (double a : alpha) {
      top = Math.max(top, a);
    }
    double[] out = new double[alpha.length];
    for (int i = 0; i < alpha.length; i++) {
      double a = top == 0 ? 0 : alpha[i] / top;
      if (a >= 1) {
        a = 0.99;
      }
      double w = a <= 0 ? 0 : kappa * (StrictMath.log(a / (1 - a)) + 0.5);
      out[i] = Math.min(1, Math.max(0, w));
    }
    return out;
  }
}

package network.deai.incentive.domain.shapley;

import java.util.Arrays;

/** Spearman's rank correlation, with average ranks for ties. */
public final class Spearman {
  private Spearman() {}

  /** ρ between {@code a} and {@code b} (same length ≥ 2); 0 when either is constant. */
  public static double rho(double[] a, double[] b) {
    if (a.length != b.length || a.length < 2) {
      throw new IllegalArgumentException("need two arrays of the same length >= 2");
    }
    double[] ra = ranks(a);
    double[] rb = ranks(b);
    double ma = Arrays.stream(ra).average().orElse(0);
    double mb = Arrays.stream(rb).average().orElse(0);
    double cov = 0;
    double va = 0;
    double vb = 0;
    for (int i = 0; i < a.length; i++) {
      cov += (ra[i] - ma) * (rb[i] - mb);
      va += (ra[i] - ma) * (ra[i] - ma);
      vb += (rb[i] - mb) * (rb[i] - mb);
    }
    return va == 0 || vb == 0 ? 0 : cov / StrictMath.sqrt(va * vb);
  }

  private static double[] ranks(double[] x) {
    Integer[] order = new Integer[x.length];
    for (int i = 0; i < x.length; i++) {
      order[i] = i;
    }
    Arrays.sort(order, (p, q) -> Double.compare(x[p], x[q]));
    double[] r = new double[x.length];
    for (int i = 0; i < x.length; ) {
      int j = i;
      while (j + 1 < x.length && x[order[j + 1]] == x[order[i]]) {
        j++;
      }
      double average = (i + j) / 2.0 + 1;
      for (int k = i; k <= j; k++) {
        r[order[k]] = average;
      }
      i = j + 1;
    }
    return r;
  }
}

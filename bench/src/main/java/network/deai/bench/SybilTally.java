package network.deai.bench;

import java.io.PrintStream;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Running totals of {@link SybilBench}: identities are laid out honest IID first, then honest
 * Dirichlet, then each owner's {@code identities} in {@link SybilKind} order.
 */
@SuppressWarnings("EnumOrdinal") // identities are laid out in SybilKind order
final class SybilTally {
  private final int iid;
  private final int honest;
  private final int identities;
  private final double[] sweep;
  private final Map<String, double[]> credit = new LinkedHashMap<>();
  private final int[][] detected;
  private final int[] falseClustered;
  private final double[] weightLoss = new double[2];
  private final int[] downWeighted = new int[2];
  private final java.util.Set<Long> honestFalse = new java.util.HashSet<>();
  private int rounds;
  private int sweepRounds;

  SybilTally(int iid, int dirichlet, int identities, double[] sweep) {
    this.iid = iid;
    this.honest = iid + dirichlet;
    this.identities = identities;
    this.sweep = sweep.clone();
    this.detected = new int[sweep.length + 1][SybilKind.values().length];
    this.falseClustered = new int[2 * (sweep.length + 1)];
  }

  /** One round's clusters and per-identity credit under {@code method}; "job" counts detection. */
  void add(String method, List<List<Integer>> clusters, double[] values) {
    double[] c = credit.computeIfAbsent(method, k -> new double[values.length]);
    for (int k = 0; k < values.length; k++) {
      c[k] += values[k];
    }
    if (method.equals("job")) {
      count(0, clusters, values.length);
      rounds++;
    }
  }

  /**
   * One round's history weights by identity (the "job" method's round just added): honest trainers
   * weighted below 1 count as falsely flagged.
   */
  void weights(double[] w) {
    for (int k = 0; k < honest; k++) {
      int kind = k < iid ? 0 : 1;
      weightLoss[kind] += 1 - w[k];
      if (w[k] < 1) {
        downWeighted[kind]++;
        honestFalse.add((long) (rounds - 1) * honest + k);
      }
    }
  }

  /** One round's clusters at the sweep's threshold {@code threshold}. */
  void sweep(double threshold, List<List<Integer>> clusters) {
    for (int t = 0; t < sweep.length; t++) {
      if (sweep[t] == threshold) {
        count(t + 1, clusters, honest + identities * SybilKind.values().length);
      }
    }
    sweepRounds = rounds;
  }

  private void count(int row, List<List<Integer>> clusters, int n) {
    int[] clusterOf = new int[n];
    int[] size = new int[clusters.size()];
    for (int c = 0; c < clusters.size(); c++) {
      for (int k : clusters.get(c)) {
        clusterOf[k] = c;
        size[c]++;
      }
    }
    for (int k = 0; k < honest; k++) {
      if (size[clusterOf[k]] > 1) {
        falseClustered[2 * row + (k < iid ? 0 : 1)]++;
        if (row == 0) {
          honestFalse.add((long) rounds * honest + k);
        }
      }
    }
    for (SybilKind kind : SybilKind.values()) {
      int first = honest + identities * kind.ordinal();
      for (int s = 0; s < identities; s++) {
        boolean withSibling = false;
        for (int o = 0; o < identities; o++) {
          withSibling |= o != s && clusterOf[first + o] == clusterOf[first + s];
        }
        detected[row][kind.ordinal()] += withSibling ? 1 : 0;
      }
    }
  }

  /** The owner's total credit over the mean honest IID trainer's, under {@code method}. */
  double gain(String method, SybilKind kind) {
    double[] c =
        credit.getOrDefault(method, new double[honest + identities * SybilKind.values().length]);
    double honestMean = 0;
    for (int k = 0; k < iid; k++) {
      honestMean += c[k] / iid;
    }
    double owner = 0;
    for (int s = 0; s < identities; s++) {
      owner += c[honest + identities * kind.ordinal() + s];
    }
    return owner / honestMean;
  }

  void print(PrintStream out, double jobThreshold) {
    out.printf(Locale.ROOT, "%-16s", "gain by method");
    for (SybilKind kind : SybilKind.values()) {
      out.printf(Locale.ROOT, " %10s", kind.label());
    }
    out.println();
    for (String method : credit.keySet()) {
      out.printf(Locale.ROOT, "%-16s", method);
      for (SybilKind kind : SybilKind.values()) {
        out.printf(Locale.ROOT, " %10.3f", gain(method, kind));
      }
      out.println();
    }
    out.printf(Locale.ROOT, "%nresidual threshold sweep (%d rounds)%n", sweepRounds);
    out.printf(Locale.ROOT, "%-9s %9s %9s", "threshold", "false_iid", "false_dir");
    for (SybilKind kind : SybilKind.values()) {
      out.printf(Locale.ROOT, " %10s", kind.label());
    }
    out.println();
    for (int t = 0; t <= sweep.length; t++) {
      out.printf(
          Locale.ROOT,
          "%-9s %9.3f %9.3f",
          t == 0 ? "job " + jobThreshold : String.valueOf(sweep[t - 1]),
          rate(falseClustered[2 * t], iid),
          rate(falseClustered[2 * t + 1], honest - iid));
      for (SybilKind kind : SybilKind.values()) {
        out.printf(Locale.ROOT, " %10.3f", rate(detected[t][kind.ordinal()], identities));
      }
      out.println();
    }
    out.println();
    double max = Double.NEGATIVE_INFINITY;
    for (SybilKind kind : SybilKind.values()) {
      out.printf(
          Locale.ROOT,
          "detection_%s %.4f%n",
          kind.label(),
          rate(detected[0][kind.ordinal()], identities));
    }
    for (SybilKind kind : SybilKind.values()) {
      double g = gain("job", kind);
      max = Math.max(max, g);
      out.printf(Locale.ROOT, "sybil_gain_%s %.4f%n", kind.label(), g);
    }
    out.printf(Locale.ROOT, "sybil_gain_max %.4f%n", max);
    out.printf(
        Locale.ROOT,
        "honest_false_cluster_rate %.4f%n",
        rate(falseClustered[0] + falseClustered[1], honest));
    out.printf(Locale.ROOT, "honest_false_cluster_iid %.4f%n", rate(falseClustered[0], iid));
    out.printf(
        Locale.ROOT,
        "honest_false_cluster_dirichlet %.4f%n",
        rate(falseClustered[1], honest - iid));
    out.printf(Locale.ROOT, "honest_downweighted_iid %.4f%n", rate(downWeighted[0], iid));
    out.printf(
        Locale.ROOT, "honest_downweighted_dirichlet %.4f%n", rate(downWeighted[1], honest - iid));
    out.printf(
        Locale.ROOT,
        "honest_weight_loss_iid %.4f%nhonest_weight_loss_dirichlet %.4f%n",
        rounds == 0 ? 0 : weightLoss[0] / (iid * rounds),
        rounds == 0 ? 0 : weightLoss[1] / ((honest - iid) * rounds));
    out.printf(Locale.ROOT, "honest_false_cluster %.4f%n", rate(honestFalse.size(), honest));
  }

  private double rate(int count, int perRound) {
    return rounds == 0 ? 0 : count / (double) (perRound * rounds);
  }
}

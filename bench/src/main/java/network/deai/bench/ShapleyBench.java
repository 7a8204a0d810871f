package network.deai.bench;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import network.deai.incentive.domain.shapley.ClusterShapley;
import network.deai.incentive.domain.shapley.CoalitionUtility;
import network.deai.incentive.domain.shapley.ExactShapley;
import network.deai.incentive.domain.shapley.GtgShapley;
import network.deai.incentive.domain.shapley.PermutationMonteCarlo;
import network.deai.incentive.domain.shapley.ShapleyEstimator;
import network.deai.incentive.domain.shapley.ShapleyResult;
import network.deai.incentive.domain.shapley.Spearman;
import network.deai.incentive.domain.shapley.TruncatedMonteCarlo;
import network.deai.learning.CoalitionAccuracy;
import network.deai.learning.NoAttack;
import network.deai.learning.ParameterVectors;
import network.deai.learning.Partitioner;
import network.deai.learning.SignFlip;
import network.deai.verifier.domain.aggregation.ModelUpdate;
import network.deai.verifier.domain.sybil.DuplicateClusters;

/**
 * Shapley estimators on one federated round on digits (15 trainers, the last 3 sign-flipping,
 * Dirichlet(0.5) shards, after a few honest warm-up rounds): utility evaluations, time and Spearman
 * correlation with exact values; Byzantine trainers' values; and the gain of a trainer that adds a
 * copied identity, with raw and with cluster scoring.
 */
public final class ShapleyBench {
  private static final int TRAINERS = 15;
  private static final int BYZANTINE = 3;

  private final long seed;
  private final PrintStream out;

  /** A bench seeded by {@code seed}, printing to {@code out}. */
  public ShapleyBench(long seed, PrintStream out) {
    this.seed = seed;
    this.out = out;
  }

  /** Runs the experiments and prints the table and the summary lines. */
  public void run() {
    Federation federation =
        new Federation(
            BenchData.digits(seed), TRAINERS, BYZANTINE, Partitioner.REFERENCE_ALPHA, seed);
    float[] global = warmUp(federation, 3);
    float[][] starts = new float[TRAINERS][];
    java.util.Arrays.fill(starts, global);
    List<float[]> updates = federation.round(starts, new SignFlip(4.0), 99, seed);
    CoalitionUtility utility =
        new CoalitionAccuracy(federation.model, global, updates, federation.split.validation());

    exactTen(federation, global, updates);
    double[] exact = compare(utility);
    double byzantineMax = Double.NEGATIVE_INFINITY;
    for (int k = TRAINERS - BYZANTINE; k < TRAINERS; k++) {
      byzantineMax = Math.max(byzantineMax, exact[k]);
    }
    out.printf(Locale.ROOT, "byzantine_max_value %.6f%n", byzantineMax);
    sybil(federation, global, updates.subList(0, 10));
  }

  private void exactTen(Federation federation, float[] global, List<float[]> updates) {
    CoalitionUtility ten =
        new CoalitionAccuracy(
            federation.model, global, updates.subList(0, 10), federation.split.validation());
    new ExactShapley().estimate(10, ten);
    long start = System.nanoTime();
    ShapleyResult r = new ExactShapley().estimate(10, ten);
    double seconds = (System.nanoTime() - start) / 1e9;
    out.printf(
        Locale.ROOT,
        "exact10: %d utility evaluations in %.3f s%n",
        r.utilityEvaluations(),
        seconds);
    out.printf(Locale.ROOT, "exact10_seconds %.4f%n", seconds);
  }

  private double[] compare(CoalitionUtility utility) {
    long start = System.nanoTime();
    ShapleyResult exact = new ExactShapley().estimate(TRAINERS, utility);
    report("exact", exact, (System.nanoTime() - start) / 1e9, 1.0);
    List<ShapleyEstimator> estimators =
        List.of(
            new PermutationMonteCarlo(200, new SplittableRandom(seed)),
            new TruncatedMonteCarlo(200, 0.01, new SplittableRandom(seed)),
            new GtgShapley(300, 0.01, 1e-3, 0.01, new SplittableRandom(seed)));
    for (ShapleyEstimator e : estimators) {
      long t = System.nanoTime();
      ShapleyResult r = e.estimate(TRAINERS, utility);
      double rho = Spearman.rho(r.values(), exact.values());
      report(e.name(), r, (System.nanoTime() - t) / 1e9, rho);
      out.printf(Locale.ROOT, "spearman_%s %.4f%n", e.name().replace('-', '_'), rho);
    }
    return exact.values();
  }

  private void report(String name, ShapleyResult r, double seconds, double rho) {
    out.printf(
        Locale.ROOT,
        "%-13s evaluations %6d  time %7.3f s  spearman %.4f  values %s%n",
        name,
        r.utilityEvaluations(),
        seconds,
        rho,
        format(r.values()));
  }

  /** Trainer 0 adds identity 10, an exact copy of its update; compares its total credit. */
  private void sybil(Federation federation, float[] global, List<float[]> honest) {
    List<float[]> withCopy = new ArrayList<>(honest);
    withCopy.add(honest.get(0).clone());
    CoalitionUtility base =
        new CoalitionAccuracy(federation.model, global, honest, federation.split.validation());
    CoalitionUtility copied =
        new CoalitionAccuracy(federation.model, global, withCopy, federation.split.validation());
    double single = new ExactShapley().estimate(honest.size(), base).values()[0];
    double[] raw = new ExactShapley().estimate(withCopy.size(), copied).values();
    List<ModelUpdate> wrapped = new ArrayList<>();
    for (int k = 0; k < withCopy.size(); k++) {
      wrapped.add(new ModelUpdate(k, withCopy.get(k), 1));
    }
    List<List<Integer>> clusters = DuplicateClusters.cluster(wrapped, 0.999);
    double[] clustered =
        new ClusterShapley(new ExactShapley()).estimate(clusters, withCopy.size(), copied).values();
    int copy = withCopy.size() - 1;
    out.printf(Locale.ROOT, "sybil: clusters %s%n", clusters);
    out.printf(Locale.ROOT, "sybil_gain_raw %.4f%n", (raw[0] + raw[copy]) / single);
    out.printf(Locale.ROOT, "sybil_gain_cluster %.4f%n", (clustered[0] + clustered[copy]) / single);
  }

  private static float[] warmUp(Federation federation, int rounds) {
    float[] global = federation.model.initialParameters(1);
    float[][] starts = new float[federation.size()][];
    for (int r = 0; r < rounds; r++) {
      java.util.Arrays.fill(starts, global);
      List<float[]> updates = federation.round(starts, new NoAttack(), r, 1);
      global = ParameterVectors.add(global, ParameterVectors.mean(updates));
    }
    return global;
  }

  private static String format(double[] values) {
    StringBuilder s = new StringBuilder("[");
    for (int i = 0; i < values.length; i++) {
      s.append(String.format(Locale.ROOT, i == 0 ? "%.4f" : " %.4f", values[i]));
    }
    return s.append(']').toString();
  }
}

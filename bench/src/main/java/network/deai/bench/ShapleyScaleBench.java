package network.deai.bench;

import java.io.PrintStream;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import network.deai.incentive.domain.shapley.CoalitionUtility;
import network.deai.incentive.domain.shapley.ExactShapley;
import network.deai.incentive.domain.shapley.GtgShapley;
import network.deai.incentive.domain.shapley.ShapleyEstimator;
import network.deai.incentive.domain.shapley.ShapleyResult;
import network.deai.incentive.domain.shapley.Spearman;
import network.deai.incentive.domain.shapley.TruncatedMonteCarlo;
import network.deai.learning.CoalitionAccuracy;
import network.deai.learning.DataSplit;
import network.deai.learning.DigitsDataset;
import network.deai.learning.NoAttack;
import network.deai.learning.ParameterVectors;
import network.deai.learning.SignFlip;
import network.deai.node.job.FlParameters;
import network.deai.node.job.RoundComputation;
import org.jspecify.annotations.Nullable;

/**
 * Shapley estimators at a job's scale: for each trainer count n, one federated round of a job's
 * model ({@link FlParameters#model}: its data set and architecture) with the job's local training
 * and utility, on Dirichlet(1.0) shards (the devnet's), after two honest warm-up rounds; the last
 * n/5 trainers send the plain sign flip of their update. Per estimator: utility evaluations,
 * seconds, the Byzantine trainers' highest value and, where exact Shapley runs (n ≤ {@code
 * exactMax}), Spearman correlation with exact. The estimators are the job's fallback (Monte Carlo
 * with the job's permutations, seeded as a committee seeds it), truncated Monte Carlo and GTG.
 */
public final class ShapleyScaleBench {
  /** Dirichlet concentration of the shards (the devnet's {@code FlDevnet.ALPHA}). */
  static final double ALPHA = 1.0;

  /** Fashion-MNIST training images per trainer, validation and test images (the devnet's). */
  static final int ROWS_PER_TRAINER = 2_000;

  static final int VALIDATION = 1_000;
  static final int TEST = 2_000;

  private final FlParameters parameters;
  private final int exactMax;
  private final long seed;
  private final PrintStream out;
  private final PrintStream progress;

  /**
   * A bench of the job {@code parameters} (data set, architecture, local training, utility,
   * permutations), running exact Shapley up to {@code exactMax} trainers.
   */
  public ShapleyScaleBench(
      FlParameters parameters, int exactMax, long seed, PrintStream out, PrintStream progress) {
    if (exactMax < 1 || exactMax > ExactShapley.MAX_PLAYERS) {
      throw new IllegalArgumentException(
          "--exact-max must be in 1.." + ExactShapley.MAX_PLAYERS + ": " + exactMax);
    }
    this.parameters = parameters;
    this.exactMax = exactMax;
    this.seed = seed;
    this.out = out;
    this.progress = progress;
  }

  /** Measures every trainer count in {@code trainers} (each in 5..62), in order. */
  public void run(List<Integer> trainers) {
    for (int n : trainers) {
      if (n < 5 || n > 62) {
        throw new IllegalArgumentException("--trainers must be in 5..62: " + n);
      }
    }
    out.printf(
        Locale.ROOT,
        "model %s on %s: %d parameters, utility %s%n",
        parameters.architecture(),
        parameters.data(),
        parameters.model().parameterCount(),
        parameters.utility());
    for (int n : trainers) {
      scale(n);
    }
  }

  private void scale(int n) {
    int byzantine = Math.max(1, n / 5);
    progress.printf(Locale.ROOT, "n=%d: loading data and training%n", n);
    Federation federation =
        new Federation(
            new BenchData(parameters.data(), split(n), parameters.model(), parameters.training()),
            n,
            byzantine,
            ALPHA,
            seed);
    float[] global = federation.model.initialParameters(seed);
    float[][] starts = new float[n][];
    for (int r = 0; r < 2; r++) {
      Arrays.fill(starts, global);
      global =
          ParameterVectors.add(
              global, ParameterVectors.mean(federation.round(starts, new NoAttack(), r, seed)));
    }
    Arrays.fill(starts, global);
    List<float[]> updates = federation.round(starts, new SignFlip(1.0), 2, seed);
    CoalitionUtility utility =
        new CoalitionAccuracy(
            federation.model,
            global,
            updates,
            federation.split.validation(),
            parameters.utility().equals("loss"));
    String prefix = "n" + n + "_";
    out.printf(
        Locale.ROOT,
        "%sjob_estimator %s%n",
        prefix,
        RoundComputation.estimator(parameters, n, seed).name().replace('-', '_'));
    double @Nullable [] exact = null;
    if (n <= exactMax) {
      exact = measure(prefix + "exact", new ExactShapley(), n, byzantine, utility, null);
    }
    for (Labelled e : estimators()) {
      measure(prefix + e.label(), e.estimator(), n, byzantine, utility, exact);
    }
  }

  /** An estimator and the name its output lines carry. */
  private record Labelled(String label, ShapleyEstimator estimator) {}

  /**
   * The job's Monte Carlo fallback ({@code mc}, no truncation), truncated Monte Carlo ({@code tmc})
   * and GTG ({@code gtg}), each seeded by the seed.
   */
  private List<Labelled> estimators() {
    return List.of(
        new Labelled(
            "mc",
            new TruncatedMonteCarlo(parameters.permutations(), 0.0, new SplittableRandom(seed))),
        new Labelled(
            "tmc",
            new TruncatedMonteCarlo(parameters.permutations(), 0.01, new SplittableRandom(seed))),
        new Labelled("gtg", new GtgShapley(300, 0.01, 1e-3, 0.01, new SplittableRandom(seed))));
  }

  /** Runs {@code estimator}, prints its {@code <name>_...} lines and returns its values. */
  private double[] measure(
      String name,
      ShapleyEstimator estimator,
      int n,
      int byzantine,
      CoalitionUtility utility,
      double @Nullable [] exact) {
    progress.printf(Locale.ROOT, "%s%n", name);
    long start = System.nanoTime();
    ShapleyResult r = estimator.estimate(n, utility);
    double seconds = (System.nanoTime() - start) / 1e9;
    double byzantineMax = Double.NEGATIVE_INFINITY;
    double honestMin = Double.POSITIVE_INFINITY;
    for (int k = 0; k < n; k++) {
      if (k >= n - byzantine) {
        byzantineMax = Math.max(byzantineMax, r.values()[k]);
      } else {
        honestMin = Math.min(honestMin, r.values()[k]);
      }
    }
    out.printf(Locale.ROOT, "%s_evaluations %d%n", name, r.utilityEvaluations());
    out.printf(Locale.ROOT, "%s_seconds %.3f%n", name, seconds);
    out.printf(Locale.ROOT, "%s_byzantine_max_value %.6f%n", name, byzantineMax);
    out.printf(Locale.ROOT, "%s_byzantine_last %d%n", name, byzantineMax < honestMin ? 1 : 0);
    if (exact != null) {
      out.printf(Locale.ROOT, "%s_spearman %.4f%n", name, Spearman.rho(r.values(), exact));
    }
    return r.values();
  }

  private DataSplit split(int n) {
    return parameters.data().equals("digits")
        ? DigitsDataset.split(seed)
        : FashionMnistFiles.load(
            FashionMnistFiles.DIRECTORY, n * ROWS_PER_TRAINER, VALIDATION, TEST, seed);
  }
}

package network.deai.bench;

import java.io.PrintStream;
import java.util.Locale;
import java.util.SplittableRandom;
import network.deai.verifier.domain.fingerprint.SimilarityCalibration;

/** Prints SimHash distance distributions and the recommended maxDistance per noise level. */
public final class CalibrationBench {
  private final int dimension;
  private final int trials;
  private final long seed;
  private final PrintStream out;

  /** Calibration on output vectors of {@code dimension} floats with {@code trials} pairs. */
  public CalibrationBench(int dimension, int trials, long seed, PrintStream out) {
    this.dimension = dimension;
    this.trials = trials;
    this.seed = seed;
    this.out = out;
  }

  /** Runs and prints. */
  public void run() {
    double[] levels = {1e-5, 1e-4, 1e-3};
    out.printf(
        Locale.ROOT,
        "%-9s %-10s %-11s %-13s %-12s %-12s %s%n",
        "noise",
        "honest_max",
        "honest_mean",
        "different_min",
        "maxDistance",
        "false_slash",
        "false_accept");
    for (SimilarityCalibration.Row row :
        SimilarityCalibration.run(dimension, levels, trials, seed, new SplittableRandom(seed))) {
      out.printf(
          Locale.ROOT,
          "%-9.0e %-10d %-11.3f %-13d %-12d %-12.4f %.4f%n",
          row.relativeNoise(),
          row.honestMax(),
          row.honestMean(),
          row.differentMin(),
          row.recommendedMaxDistance(),
          row.falseSlashRate(),
          row.falseAcceptRate());
      out.printf(
          Locale.ROOT,
          "max_distance_%s %d%n",
          String.format(Locale.ROOT, "%.0e", row.relativeNoise()).replace("-", "m"),
          row.recommendedMaxDistance());
    }
  }
}

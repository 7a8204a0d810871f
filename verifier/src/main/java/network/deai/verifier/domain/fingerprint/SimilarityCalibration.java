package network.deai.verifier.domain.fingerprint;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.random.RandomGenerator;
import network.deai.contracts.abi.Bytes32;

/**
 * Measures SimHash distances between honest replicas (the same output perturbed by relative float
 * noise) and between different results (an independent output, and a 30 % perturbation standing in
 * for a different model), and recommends a {@code maxDistance} per noise level.
 *
 * <p>The recommendation is the largest honest distance observed at that noise level plus a margin
 * of 2 bits, capped below the smallest distance seen between different results; its false-slash
 * rate (honest pairs above it) and false-accept rate (different pairs within it) are reported as
 * measured on the same samples.
 */
public final class SimilarityCalibration {
  /** Relative perturbation standing in for "another model's output". */
  public static final double DIFFERENT_MODEL_NOISE = 0.3;

  private SimilarityCalibration() {}

  /**
   * One noise level's measurements.
   *
   * @param relativeNoise the honest noise level
   * @param honestMax largest honest distance seen
   * @param honestMean mean honest distance
   * @param differentMin smallest distance between different results
   * @param recommendedMaxDistance the recommendation
   * @param falseSlashRate honest pairs with distance above the recommendation
   * @param falseAcceptRate different pairs with distance at or below the recommendation
   */
  public record Row(
      double relativeNoise,
      int honestMax,
      double honestMean,
      int differentMin,
      int recommendedMaxDistance,
      double falseSlashRate,
      double falseAcceptRate) {}

  /** Runs {@code trials} pairs per noise level on vectors of {@code dimension} floats. */
  public static List<Row> run(
      int dimension, double[] noiseLevels, int trials, long taskSeed, RandomGenerator rng) {
    SimHash hash = new SimHash(taskSeed);
    int[] different = new int[2 * trials];
    List<int[]> honest = new ArrayList<>();
    for (double ignored : noiseLevels) {
      honest.add(new int[trials]);
    }
    for (int t = 0; t < trials; t++) {
      float[] base = gaussian(dimension, rng);
      Bytes32 reference = hash.fingerprint(base);
      for (int k = 0; k < noiseLevels.length; k++) {
        honest.get(k)[t] =
            Hamming.distance(reference, hash.fingerprint(perturb(base, noiseLevels[k], rng)));
      }
      different[2 * t] = Hamming.distance(reference, hash.fingerprint(gaussian(dimension, rng)));
      different[2 * t + 1] =
          Hamming.distance(reference, hash.fingerprint(perturb(base, DIFFERENT_MODEL_NOISE, rng)));
    }
    int differentMin = Arrays.stream(different).min().orElse(256);
    List<Row> rows = new ArrayList<>();
    for (int k = 0; k < noiseLevels.length; k++) {
      rows.add(row(noiseLevels[k], honest.get(k), different, differentMin));
    }
    return rows;
  }

  private static Row row(double noise, int[] honest, int[] different, int differentMin) {
    int honestMax = Arrays.stream(honest).max().orElse(0);
    int recommended = Math.max(0, Math.min(honestMax + 2, differentMin - 1));
    long slashed = Arrays.stream(honest).filter(d -> d > recommended).count();
    long accepted = Arrays.stream(different).filter(d -> d <= recommended).count();
    return new Row(
        noise,
        honestMax,
        Arrays.stream(honest).average().orElse(0),
        differentMin,
        recommended,
        (double) slashed / honest.length,
        (double) accepted / different.length);
  }

  private static float[] gaussian(int dimension, RandomGenerator rng) {
    float[] v = new float[dimension];
    for (int j = 0; j < dimension; j++) {
      v[j] = (float) rng.nextGaussian();
    }
    return v;
  }

  private static float[] perturb(float[] base, double relative, RandomGenerator rng) {
    float[] v = new float[base.length];
    for (int j = 0; j < base.length; j++) {
      v[j] = (float) (base[j] * (1 + relative * rng.nextGaussian()));
    }
    return v;
  }
}

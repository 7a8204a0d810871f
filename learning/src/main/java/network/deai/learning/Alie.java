package network.deai.learning;

import java.util.List;
import java.util.random.RandomGenerator;

/**
 * "A Little Is Enough" (ALIE): sends {@code mean − z · std} per coordinate of the benign updates,
 * small enough a shift to hide inside their spread yet, sent by every colluder, enough to steer
 * mean-, median- and Krum-style aggregation. From Baruch, Baruch and Goldberg, "A Little Is Enough:
 * Circumventing Defenses For Distributed Learning" (NeurIPS 2019).
 *
 * <p>{@code std} is the sample standard deviation (divisor {@code k − 1} for {@code k} benign
 * updates, as {@code torch.std} in the authors' code; 0 when {@code k = 1}). Mean and variance are
 * summed in list order in {@code double}.
 *
 * @param z how many standard deviations to shift; {@link #forCounts} gives the paper's choice
 */
public record Alie(double z) implements Attack {

  /** Checks the range. */
  public Alie {
    if (Double.isNaN(z) || Double.isInfinite(z)) {
      throw new IllegalArgumentException("z must be finite, got " + z);
    }
  }

  /**
   * The paper's {@code z_max} for {@code workers} trainers of which {@code byzantine} collude: with
   * {@code s = ⌊workers/2 + 1⌋ − byzantine} supporters needed, {@code z = Φ⁻¹((workers − s) /
   * workers)}, Φ⁻¹ by Acklam's rational approximation (relative error below 1.2e-9). For example 50
   * workers and 12 colluders give z ≈ 0.583.
   *
   * @throws IllegalArgumentException unless {@code 0 < byzantine < ⌊workers/2 + 1⌋}
   */
  public static Alie forCounts(int workers, int byzantine) {
    int supporters = workers / 2 + 1 - byzantine;
    if (byzantine < 1 || supporters < 1) {
      throw new IllegalArgumentException(byzantine + " of " + workers + " workers");
    }
    return new Alie(normalQuantile((double) (workers - supporters) / workers));
  }

  @Override
  public boolean usesBenignUpdates() {
    return true;
  }

  @Override
  public float[] craft(float[] ownUpdate, List<float[]> benignUpdates, RandomGenerator rng) {
    int k = benignUpdates.size();
    double[] mean = ParameterVectors.benignSum(ownUpdate, benignUpdates);
    int length = mean.length;
    for (int i = 0; i < length; i++) {
      mean[i] /= k;
    }
    double[] squares = new double[length];
    for (float[] update : benignUpdates) {
      for (int i = 0; i < length; i++) {
        double deviation = update[i] - mean[i];
        squares[i] += deviation * deviation;
      }
    }
    float[] result = new float[length];
    for (int i = 0; i < length; i++) {
      double std = k > 1 ? StrictMath.sqrt(squares[i] / (k - 1)) : 0;
      result[i] = (float) (mean[i] - z * std);
    }
    return result;
  }

  /** Φ⁻¹(p) for {@code 0 < p < 1}, by P. J. Acklam's algorithm (StrictMath, no refinement). */
  static double normalQuantile(double p) {
    if (!(p > 0 && p < 1)) {
      throw new IllegalArgumentException("probability must be in (0, 1), got " + p);
    }
    double low = 0.02425;
    if (p < low) {
      return tail(StrictMath.sqrt(-2 * StrictMath.log(p)));
    }
    if (p > 1 - low) {
      return -tail(StrictMath.sqrt(-2 * StrictMath.log(1 - p)));
    }
    double q = p - 0.5;
    double r = q * q;
    double numerator =
        (((((-3.969683028665376e+01 * r + 2.209460984245205e+02) * r - 2.759285104469687e+02) * r
                            + 1.383577518672690e+02)
                        * r
                    - 3.066479806614716e+01)
                * r
            + 2.506628277459239e+00);
    double denominator =
        ((((-5.447609879822406e+01 * r + 1.615858368580409e+02) * r - 1.556989798598866e+02) * r
                            + 6.680131188771972e+01)
                        * r
                    - 1.328068155288572e+01)
                * r
            + 1;
    return numerator * q / denominator;
  }

  /** Acklam's lower-tail branch for {@code q = sqrt(−2 ln p)}. */
  private static double tail(double q) {
    double numerator =
        ((((-7.784894002430293e-03 * q - 3.223964580411365e-01) * q - 2.400758277161838e+00) * q
                            - 2.549732539343734e+00)
                        * q
                    + 4.374664141464968e+00)
                * q
            + 2.938163982698783e+00;
    double denominator =
        (((7.784695709041462e-03 * q + 3.224671290700398e-01) * q + 2.445134137142996e+00) * q
                    + 3.754408661907416e+00)
                * q
            + 1;
    return numerator / denominator;
  }
}

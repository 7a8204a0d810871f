package network.deai.learning;

import java.util.List;
import java.util.random.RandomGenerator;

/**
 * A Sybil's disguise: sends {@code u + z} where {@code u} is the (shared) update and {@code z} is
 * Gaussian noise made orthogonal to {@code u} and sized so that {@code cos(u, u + z)} is a cosine
 * drawn uniformly from {@code [minCosine, maxCosine]}. The draws, in order: the cosine ({@code
 * nextDouble}), then one {@code nextGaussian} per coordinate.
 *
 * <p>Identities of one owner that each send such a copy of one update are the "noised copies" of
 * {@code ./deai bench sybil} and the noised Sybil pair of {@code ./deai devnet --job fl}.
 *
 * @param minCosine smallest cosine to the update, in (0, 1]
 * @param maxCosine largest cosine to the update, in [minCosine, 1]
 */
public record NoisedCopy(double minCosine, double maxCosine) implements Attack {

  /** Checks the range. */
  public NoisedCopy {
    if (!(minCosine > 0 && minCosine <= maxCosine && maxCosine <= 1)) {
      throw new IllegalArgumentException(
          "need 0 < minCosine <= maxCosine <= 1: " + minCosine + ", " + maxCosine);
    }
  }

  @Override
  public float[] craft(float[] ownUpdate, List<float[]> benignUpdates, RandomGenerator rng) {
    double cosine = minCosine + (maxCosine - minCosine) * rng.nextDouble();
    float[] u = ownUpdate;
    double[] z = new double[u.length];
    double dot = 0;
    double uu = 0;
    for (int j = 0; j < u.length; j++) {
      z[j] = rng.nextGaussian();
      dot += z[j] * u[j];
      uu += (double) u[j] * u[j];
    }
    if (uu == 0) {
      return u.clone();
    }
    double zz = 0;
    for (int j = 0; j < u.length; j++) {
      z[j] -= dot / uu * u[j];
      zz += z[j] * z[j];
    }
    double scale = Math.sqrt(uu / zz) * Math.tan(Math.acos(cosine));
    float[] out = new float[u.length];
    for (int j = 0; j < u.length; j++) {
      out[j] = (float) (u[j] + scale * z[j]);
    }
    return out;
  }
}

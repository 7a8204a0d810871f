package network.deai.learning;

import java.util.List;
import java.util.random.RandomGenerator;

/**
 * Gaussian noise: sends {@code ownUpdate + sigma · N(0, I)}, one standard normal per coordinate
 * drawn in coordinate order ({@link Sampler#gaussian}).
 *
 * <p>With {@code sigma} far above the update scale this is the "Gaussian Byzantine worker" of
 * Blanchard et al., "Machine Learning with Adversaries: Byzantine Tolerant Gradient Descent"
 * (NeurIPS 2017), which sends pure {@code N(0, sigma² I)} vectors; with a small {@code sigma} it is
 * a stealthy perturbation.
 *
 * @param sigma standard deviation per coordinate, non-negative
 */
public record GaussianNoise(double sigma) implements Attack {

  /** Checks the range. */
  public GaussianNoise {
    if (!(sigma >= 0) || Double.isInfinite(sigma)) {
      throw new IllegalArgumentException("sigma must be finite and non-negative, got " + sigma);
    }
  }

  @Override
  public float[] craft(float[] ownUpdate, List<float[]> benignUpdates, RandomGenerator rng) {
    float[] result = new float[ownUpdate.length];
    for (int i = 0; i < result.length; i++) {
      result[i] = (float) (ownUpdate[i] + sigma * Sampler.gaussian(rng));
    }
    return result;
  }
}

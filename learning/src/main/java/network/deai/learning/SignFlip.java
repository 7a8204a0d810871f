package network.deai.learning;

import java.util.List;
import java.util.random.RandomGenerator;

/**
 * Sign flipping: sends {@code −scale · ownUpdate}, pushing the model uphill. After Li et al., "RSA:
 * Byzantine-Robust Stochastic Aggregation Methods for Distributed Learning from Heterogeneous
 * Datasets" (AAAI 2019); {@code scale = 1} is the plain sign flip.
 *
 * @param scale non-negative multiplier
 */
public record SignFlip(double scale) implements Attack {

  /** Checks the range. */
  public SignFlip {
    if (!(scale >= 0) || Double.isInfinite(scale)) {
      throw new IllegalArgumentException("scale must be finite and non-negative, got " + scale);
    }
  }

  @Override
  public float[] craft(float[] ownUpdate, List<float[]> benignUpdates, RandomGenerator rng) {
    float[] result = new float[ownUpdate.length];
    for (int i = 0; i < result.length; i++) {
      result[i] = (float) (-scale * ownUpdate[i]);
    }
    return result;
  }
}

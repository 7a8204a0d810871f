package network.deai.learning;

import java.util.List;
import java.util.random.RandomGenerator;

/**
 * Inner-product manipulation: sends {@code −epsilon · mean(benignUpdates)}, so that with enough
 * such updates the aggregate has a negative inner product with the true direction. From Xie, Koyejo
 * and Gupta, "Fall of Empires: Breaking Byzantine-tolerant SGD by Inner Product Manipulation" (UAI
 * 2019); the paper uses a small {@code epsilon} (0.1) against Krum-like rules and a large one (100)
 * against median-like rules.
 *
 * @param epsilon non-negative multiplier
 */
public record Ipm(double epsilon) implements Attack {

  /** Checks the range. */
  public Ipm {
    if (!(epsilon >= 0) || Double.isInfinite(epsilon)) {
      throw new IllegalArgumentException("epsilon must be finite and non-negative, got " + epsilon);
    }
  }

  @Override
  public boolean usesBenignUpdates() {
    return true;
  }

  @Override
  public float[] craft(float[] ownUpdate, List<float[]> benignUpdates, RandomGenerator rng) {
    double[] sum = ParameterVectors.benignSum(ownUpdate, benignUpdates);
    int length = sum.length;
    float[] result = new float[length];
    for (int i = 0; i < length; i++) {
      result[i] = (float) (-epsilon * (sum[i] / benignUpdates.size()));
    }
    return result;
  }
}

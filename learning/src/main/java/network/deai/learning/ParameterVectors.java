package network.deai.learning;

import java.util.List;

/**
 * Element-wise arithmetic on parameter and update vectors, deterministic: sums run over the list in
 * its order with {@code double} accumulators and round to float once at the end.
 */
public final class ParameterVectors {

  private ParameterVectors() {}

  /** Coordinate-wise mean of {@code vectors} (FedAvg with equal weights); not empty, one length. */
  public static float[] mean(List<float[]> vectors) {
    int length = commonLength(vectors);
    double[] sum = new double[length];
    for (float[] vector : vectors) {
      for (int i = 0; i < length; i++) {
        sum[i] += vector[i];
      }
    }
    return Logits.toFloat(sum, vectors.size());
  }

  /** {@code params + delta}, a new array. */
  public static float[] add(float[] params, float[] delta) {
    checkSameLength(params, delta);
    float[] result = new float[params.length];
    for (int i = 0; i < params.length; i++) {
      result[i] = params[i] + delta[i];
    }
    return result;
  }

  /** {@code a − b}, a new array. */
  public static float[] subtract(float[] a, float[] b) {
    checkSameLength(a, b);
    float[] result = new float[a.length];
    for (int i = 0; i < a.length; i++) {
      result[i] = a[i] - b[i];
    }
    return result;
  }

  /**
   * Coordinate-wise sum of the benign updates in double, in list order, after checking that they
   * all have the attacker's own update's length.
   */
  static double[] benignSum(float[] ownUpdate, List<float[]> benignUpdates) {
    int length = commonLength(benignUpdates);
    if (length != ownUpdate.length) {
      throw new IllegalArgumentException("benign updates do not match the own update in length");
    }
    double[] sum = new double[length];
    for (float[] update : benignUpdates) {
      for (int i = 0; i < length; i++) {
        sum[i] += update[i];
      }
    }
    return sum;
  }

  /** The length shared by all {@code vectors}. */
  static int commonLength(List<float[]> vectors) {
    if (vectors.isEmpty()) {
      throw new IllegalArgumentException("no vectors");
    }
    int length = vectors.get(0).length;
    for (float[] vector : vectors) {
      if (vector.length != length) {
        throw new IllegalArgumentException(
            "vectors of lengths " + length + " and " + vector.length);
      }
    }
    return length;
  }

  static void checkSameLength(float[] a, float[] b) {
    if (a.length != b.length) {
      throw new IllegalArgumentException("vectors of lengths " + a.length + " and " + b.length);
    }
  }
}

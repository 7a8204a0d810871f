package network.deai.learning;

/** Softmax arithmetic shared by the models: deterministic, in place, no allocation. */
final class Logits {

  private Logits() {}

  /** {@code log Σ exp(logits[c])}, stabilised by the maximum; exp and log from StrictMath. */
  static double logSumExp(double[] logits) {
    double max = logits[argmax(logits)];
    double sum = 0;
    for (double logit : logits) {
      sum += StrictMath.exp(logit - max);
    }
    return max + StrictMath.log(sum);
  }

  /** Index of the largest value, lowest index on ties. */
  static int argmax(double[] values) {
    int best = 0;
    for (int c = 1; c < values.length; c++) {
      if (values[c] > values[best]) {
        best = c;
      }
    }
    return best;
  }

  /**
   * Turns {@code logits} into {@code softmax(logits) − onehot(label)}, the gradient of the
   * cross-entropy with respect to the logits; returns the cross-entropy of that row.
   */
  static double toLossGradient(double[] logits, int label) {
    double logSumExp = logSumExp(logits);
    double loss = logSumExp - logits[label];
    for (int c = 0; c < logits.length; c++) {
      logits[c] = StrictMath.exp(logits[c] - logSumExp);
    }
    logits[label] -= 1;
    return loss;
  }

  static void checkParameters(float[] params, int expected) {
    if (params.length != expected) {
      throw new IllegalArgumentException(
          "expected " + expected + " parameters, got " + params.length);
    }
  }

  static void checkData(Dataset data, int features, int classes, boolean allowEmpty) {
    if (data.size() == 0 && !allowEmpty) {
      throw new IllegalArgumentException("empty data set");
    }
    if ((data.size() > 0 && data.features() != features) || data.classes() != classes) {
      throw new IllegalArgumentException(
          "model wants " + features + " features and " + classes + " classes, got " + data);
    }
  }

  static float[] toFloat(double[] values, double divisor) {
    float[] result = new float[values.length];
    for (int i = 0; i < values.length; i++) {
      result[i] = (float) (values[i] / divisor);
    }
    return result;
  }
}

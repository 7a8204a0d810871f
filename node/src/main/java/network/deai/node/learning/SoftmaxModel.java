package network.deai.node.learning;

import java.util.SplittableRandom;

/**
 * Multinomial logistic regression: {@code logits = W·x + b}.
 *
 * <p>Parameter layout: {@code W} row-major ({@code W[c][j]} at {@code c·features + j}), then
 * {@code b} at {@code classes·features + c}; 650 floats for the digits (64 → 10). Each logit is
 * {@code b[c]} plus the products {@code W[c][j]·x[j]} (exact in double) added in ascending {@code
 * j}, so every method sees the same logits bit for bit. {@link #accuracy} allocates one scratch
 * array per call, none per row.
 *
 * @param features input dimension
 * @param classes output dimension, at least 2
 */
public record SoftmaxModel(int features, int classes) implements Model {

  /** Checks the dimensions. */
  public SoftmaxModel {
    if (features < 1 || classes < 2) {
      throw new IllegalArgumentException(features + " features, " + classes + " classes");
    }
  }

  /** The digits model: 64 features, 10 classes, 650 parameters. */
  public static SoftmaxModel digits() {
    return new SoftmaxModel(DigitsDataset.FEATURES, DigitsDataset.CLASSES);
  }

  @Override
  public int parameterCount() {
    return classes * (features + 1);
  }

  /** Weights from N(0, 0.01²) drawn in parameter order, biases 0. */
  @Override
  public float[] initialParameters(long seed) {
    SplittableRandom rng = new SplittableRandom(seed);
    float[] params = new float[parameterCount()];
    for (int i = 0; i < classes * features; i++) {
      params[i] = (float) (0.01 * Sampler.gaussian(rng));
    }
    return params;
  }

  @Override
  public double loss(float[] params, Dataset data) {
    check(params, data, false);
    double[] logits = new double[classes];
    double total = 0;
    for (int i = 0; i < data.size(); i++) {
      logits(params, data.x()[i], logits);
      total += Logits.logSumExp(logits) - logits[data.y()[i]];
    }
    return total / data.size();
  }

  @Override
  public double accuracy(float[] params, Dataset data) {
    check(params, data, true);
    if (data.size() == 0) {
      return 0;
    }
    double[] logits = new double[classes];
    int correct = 0;
    for (int i = 0; i < data.size(); i++) {
      logits(params, data.x()[i], logits);
      if (Logits.argmax(logits) == data.y()[i]) {
        correct++;
      }
    }
    return (double) correct / data.size();
  }

  @Override
  public float[] gradient(float[] params, Dataset batch) {
    check(params, batch, false);
    double[] logits = new double[classes];
    double[] sum = new double[parameterCount()];
    int bias = classes * features;
    for (int i = 0; i < batch.size(); i++) {
      float[] x = batch.x()[i];
      logits(params, x, logits);
      Logits.toLossGradient(logits, batch.y()[i]);
      for (int c = 0; c < classes; c++) {
        double delta = logits[c];
        int row = c * features;
        for (int j = 0; j < features; j++) {
          sum[row + j] += delta * x[j];
        }
        sum[bias + c] += delta;
      }
    }
    return Logits.toFloat(sum, 1.0 / batch.size());
  }

  @Override
  public int predict(float[] params, float[] features) {
    Logits.checkParameters(params, parameterCount());
    double[] logits = new double[classes];
    logits(params, features, logits);
    return Logits.argmax(logits);
  }

  /** Writes {@code W·x + b} into {@code out}: per class, b then products in ascending j. */
  private void logits(float[] params, float[] x, double[] out) {
    int bias = classes * features;
    for (int c = 0; c < classes; c++) {
      out[c] = params[bias + c];
    }
    for (int j = 0; j < features; j++) {
      double xj = x[j];
      for (int c = 0; c < classes; c++) {
        out[c] += params[c * features + j] * xj;
      }
    }
  }

  private void check(float[] params, Dataset data, boolean allowEmpty) {
    Logits.checkParameters(params, parameterCount());
    Logits.checkData(data, features, classes, allowEmpty);
  }
}

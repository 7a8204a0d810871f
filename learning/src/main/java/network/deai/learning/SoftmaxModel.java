package network.deai.learning;

import java.util.SplittableRandom;

/**
 * Multinomial logistic regression: {@code logits = W·x + b}.
 *
 * <p>Parameter layout: {@code W} row-major ({@code W[c][j]} at {@code c·features + j}), then {@code
 * b} at {@code classes·features + c}; 650 floats for the digits (64 → 10). Each logit is {@code
 * b[c]} plus the products {@code W[c][j]·x[j]} (exact in double) added in ascending {@code j}, so
 * every method sees the same logits bit for bit. {@link #accuracy} allocates two small scratch
 * arrays per call, none per row.
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

  /**
   * Evaluated four rows at a time with the weights widened to {@code double} once per call (exact),
   * so the logits, and hence the predictions, are those of {@link #predict}; 60–100 µs for 360
   * digits rows on one x86 core.
   */
  @Override
  public double accuracy(float[] params, Dataset data) {
    check(params, data, true);
    if (data.size() == 0) {
      return 0;
    }
    double[] w = new double[params.length];
    for (int i = 0; i < w.length; i++) {
      w[i] = params[i];
    }
    float[][] x = data.x();
    int[] y = data.y();
    int[] predicted = new int[4];
    int correct = 0;
    int i = 0;
    for (; i + 4 <= x.length; i += 4) {
      predictFour(w, x[i], x[i + 1], x[i + 2], x[i + 3], predicted);
      for (int k = 0; k < 4; k++) {
        correct += predicted[k] == y[i + k] ? 1 : 0;
      }
    }
    for (; i < x.length; i++) {
      predictFour(w, x[i], x[i], x[i], x[i], predicted);
      correct += predicted[0] == y[i] ? 1 : 0;
    }
    return (double) correct / x.length;
  }

  /**
   * Argmax of the logits of four rows; the same sums in the same order as {@link #logits}, with
   * four independent accumulators so the products pipeline.
   */
  private void predictFour(
      double[] w, float[] x0, float[] x1, float[] x2, float[] x3, int[] predicted) {
    double best0 = 0;
    double best1 = 0;
    double best2 = 0;
    double best3 = 0;
    for (int c = 0; c < classes; c++) {
      double s0 = w[classes * features + c];
      double s1 = s0;
      double s2 = s0;
      double s3 = s0;
      int row = c * features;
      for (int j = 0; j < features; j++) {
        double wj = w[row + j];
        s0 += wj * x0[j];
        s1 += wj * x1[j];
        s2 += wj * x2[j];
        s3 += wj * x3[j];
      }
      if (c == 0 || s0 > best0) {
        best0 = s0;
        predicted[0] = c;
      }
      if (c == 0 || s1 > best1) {
        best1 = s1;
        predicted[1] = c;
      }
      if (c == 0 || s2 > best2) {
        best2 = s2;
        predicted[2] = c;
      }
      if (c == 0 || s3 > best3) {
        best3 = s3;
        predicted[3] = c;
      }
    }
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
    return Logits.toFloat(sum, batch.size());
  }

  @Override
  public int predict(float[] params, float[] row) {
    Logits.checkParameters(params, parameterCount());
    double[] logits = new double[classes];
    logits(params, row, logits);
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

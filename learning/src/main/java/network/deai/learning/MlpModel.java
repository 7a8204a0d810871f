package network.deai.learning;

import java.util.SplittableRandom;

/**
 * A one-hidden-layer perceptron: {@code logits = W2·relu(W1·x + b1) + b2}.
 *
 * <p>Parameter layout, each matrix row-major: {@code W1} ({@code hidden × features}), {@code b1},
 * {@code W2} ({@code classes × hidden}), {@code b2}; 2,410 floats for 64 → 32 → 10. Sums start from
 * the bias and add products in ascending input index, in {@code double}; the gradient sums rows in
 * data order. ReLU's derivative at 0 is taken as 0.
 *
 * @param features input dimension
 * @param hidden hidden units
 * @param classes output dimension, at least 2
 */
public record MlpModel(int features, int hidden, int classes) implements Model {

  /** Checks the dimensions. */
  public MlpModel {
    if (features < 1 || hidden < 1 || classes < 2) {
      throw new IllegalArgumentException(features + " → " + hidden + " → " + classes);
    }
  }

  /** The digits model: 64 → 32 → 10, 2,410 parameters. */
  public static MlpModel digits() {
    return new MlpModel(DigitsDataset.FEATURES, 32, DigitsDataset.CLASSES);
  }

  @Override
  public int parameterCount() {
    return hidden * (features + 1) + classes * (hidden + 1);
  }

  /** He-normal weights ({@code N(0, 2/fan_in)}) drawn in parameter order, biases 0. */
  @Override
  public float[] initialParameters(long seed) {
    SplittableRandom rng = new SplittableRandom(seed);
    float[] params = new float[parameterCount()];
    double scale1 = StrictMath.sqrt(2.0 / features);
    for (int i = 0; i < hidden * features; i++) {
      params[i] = (float) (scale1 * Sampler.gaussian(rng));
    }
    double scale2 = StrictMath.sqrt(2.0 / hidden);
    int w2 = hidden * (features + 1);
    for (int i = 0; i < classes * hidden; i++) {
      params[w2 + i] = (float) (scale2 * Sampler.gaussian(rng));
    }
    return params;
  }

  @Override
  public double loss(float[] params, Dataset data) {
    check(params, data, false);
    double[] h = new double[hidden];
    double[] logits = new double[classes];
    double total = 0;
    for (int i = 0; i < data.size(); i++) {
      forward(params, data.x()[i], h, logits);
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
    double[] h = new double[hidden];
    double[] logits = new double[classes];
    int correct = 0;
    for (int i = 0; i < data.size(); i++) {
      forward(params, data.x()[i], h, logits);
      if (Logits.argmax(logits) == data.y()[i]) {
        correct++;
      }
    }
    return (double) correct / data.size();
  }

  @Override
  public float[] gradient(float[] params, Dataset batch) {
    check(params, batch, false);
    double[] h = new double[hidden];
    double[] logits = new double[classes];
    double[] sum = new double[parameterCount()];
    for (int i = 0; i < batch.size(); i++) {
      float[] x = batch.x()[i];
      forward(params, x, h, logits);
      Logits.toLossGradient(logits, batch.y()[i]);
      backward(params, x, h, logits, sum);
    }
    return Logits.toFloat(sum, batch.size());
  }

  @Override
  public int predict(float[] params, float[] row) {
    Logits.checkParameters(params, parameterCount());
    double[] logits = new double[classes];
    forward(params, row, new double[hidden], logits);
    return Logits.argmax(logits);
  }

  /**
   * The logits of one row: the forward pass that {@link #loss}, {@link #accuracy} and {@link
   * #predict} share, exposed to pin it to an independent reference.
   */
  double[] logits(float[] params, float[] row) {
    Logits.checkParameters(params, parameterCount());
    double[] logits = new double[classes];
    forward(params, row, new double[hidden], logits);
    return logits;
  }

  private void forward(float[] params, float[] x, double[] h, double[] logits) {
    int b1 = hidden * features;
    for (int k = 0; k < hidden; k++) {
      double sum = params[b1 + k];
      int row = k * features;
      for (int j = 0; j < features; j++) {
        sum += params[row + j] * (double) x[j];
      }
      h[k] = sum > 0 ? sum : 0;
    }
    int w2 = b1 + hidden;
    int b2 = w2 + classes * hidden;
    for (int c = 0; c < classes; c++) {
      double sum = params[b2 + c];
      int row = w2 + c * hidden;
      for (int k = 0; k < hidden; k++) {
        sum += params[row + k] * h[k];
      }
      logits[c] = sum;
    }
  }

  /** Adds this row's gradient to {@code sum}; {@code dLogits} is softmax − onehot. */
  private void backward(float[] params, float[] x, double[] h, double[] dLogits, double[] sum) {
    int b1 = hidden * features;
    int w2 = b1 + hidden;
    int b2 = w2 + classes * hidden;
    for (int c = 0; c < classes; c++) {
      int row = w2 + c * hidden;
      for (int k = 0; k < hidden; k++) {
        sum[row + k] += dLogits[c] * h[k];
      }
      sum[b2 + c] += dLogits[c];
    }
    for (int k = 0; k < hidden; k++) {
      if (h[k] <= 0) {
        continue;
      }
      double dh = 0;
      for (int c = 0; c < classes; c++) {
        dh += dLogits[c] * params[w2 + c * hidden + k];
      }
      int row = k * features;
      for (int j = 0; j < features; j++) {
        sum[row + j] += dh * x[j];
      }
      sum[b1 + k] += dh;
    }
  }

  private void check(float[] params, Dataset data, boolean allowEmpty) {
    Logits.checkParameters(params, parameterCount());
    Logits.checkData(data, features, classes, allowEmpty);
  }
}

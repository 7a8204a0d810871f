package network.deai.learning;

import java.util.SplittableRandom;

/**
 * A small convolutional network over a square grey-scale image: one 5×5 convolution (valid, stride
 * 1) of {@code channels} filters with bias, ReLU, 2×2 max-pooling (stride 2, odd edges dropped),
 * then one dense layer to the classes: {@code logits = W·flatten(pool(relu(conv(x)))) + b}.
 *
 * <p>The input row is one channel of side {@code s = √features}, row-major. The convolution is a
 * cross-correlation (no kernel flip, as PyTorch's {@code Conv2d}): {@code conv[c][y][x] = convB[c]
 * + Σ convW[c][ky][kx]·x[y+ky][x+kx]}, {@code y, x} in {@code [0, s−4)}. Pooling keeps {@code p =
 * ⌊(s−4)/2⌋} cells per side; the flattened vector is in {@code (c, y, x)} order.
 *
 * <p>Parameter layout, each array row-major: {@code convW} ({@code channels × 5 × 5}), {@code
 * convB} ({@code channels}), {@code denseW} ({@code classes × channels·p·p}), {@code denseB}
 * ({@code classes}); 11,738 floats for Fashion-MNIST with 8 channels. This is the state dict of
 * PyTorch's {@code Sequential(Conv2d(1, C, 5), ReLU, MaxPool2d(2), Flatten, Linear(C·p·p,
 * classes))}.
 *
 * <p>Arithmetic: sums are {@code double}, start from the bias and add {@code float × double}
 * products, the convolution in ascending {@code (ky, kx)}, the dense layer in flattened order.
 * {@code relu(v) = v} when {@code v > 0}, else 0 (its derivative at 0 is 0). A pooling window is
 * read in order {@code (0,0), (0,1), (1,0), (1,1)} and its first maximum wins, which is where the
 * gradient goes. The gradient sums rows in data order.
 *
 * @param features input pixels, a square number whose side is at least 6
 * @param channels convolution filters, at least 1
 * @param classes output dimension, at least 2
 */
public record CnnModel(int features, int channels, int classes) implements Model {

  /** Side of the square convolution kernel. */
  public static final int KERNEL = 5;

  private static final int TAPS = KERNEL * KERNEL;

  /** Checks the dimensions: a square image of side 6 or more, one channel or more, two classes. */
  public CnnModel {
    int side = (int) StrictMath.round(StrictMath.sqrt(features));
    if (side * side != features || side < KERNEL + 1 || channels < 1 || classes < 2) {
      throw new IllegalArgumentException(
          "a CNN needs a square image of side 6 or more, 1 or more channels and 2 or more"
              + " classes, got "
              + features
              + " features, "
              + channels
              + " channels, "
              + classes
              + " classes");
    }
  }

  /** Side of the input image. */
  public int side() {
    return (int) StrictMath.round(StrictMath.sqrt(features));
  }

  /** Side of the pooled map: {@code ⌊(side − 4) / 2⌋}. */
  public int pooledSide() {
    return (side() - KERNEL + 1) / 2;
  }

  /** Length of the flattened pooled map, the dense layer's input. */
  public int flattened() {
    int p = pooledSide();
    return channels * p * p;
  }

  @Override
  public int parameterCount() {
    return channels * (TAPS + 1) + classes * (flattened() + 1);
  }

  /** He-normal weights ({@code N(0, 2/fan_in)}) drawn in parameter order, biases 0. */
  @Override
  public float[] initialParameters(long seed) {
    SplittableRandom rng = new SplittableRandom(seed);
    float[] params = new float[parameterCount()];
    double convScale = StrictMath.sqrt(2.0 / TAPS);
    for (int i = 0; i < channels * TAPS; i++) {
      params[i] = (float) (convScale * Sampler.gaussian(rng));
    }
    double denseScale = StrictMath.sqrt(2.0 / flattened());
    int denseW = channels * (TAPS + 1);
    for (int i = 0; i < classes * flattened(); i++) {
      params[denseW + i] = (float) (denseScale * Sampler.gaussian(rng));
    }
    return params;
  }

  @Override
  public double loss(float[] params, Dataset data) {
    check(params, data, false);
    Pass pass = new Pass();
    double total = 0;
    for (int i = 0; i < data.size(); i++) {
      forward(params, data.x()[i], pass);
      total += Logits.logSumExp(pass.logits) - pass.logits[data.y()[i]];
    }
    return total / data.size();
  }

  @Override
  public double accuracy(float[] params, Dataset data) {
    check(params, data, true);
    if (data.size() == 0) {
      return 0;
    }
    Pass pass = new Pass();
    int correct = 0;
    for (int i = 0; i < data.size(); i++) {
      forward(params, data.x()[i], pass);
      if (Logits.argmax(pass.logits) == data.y()[i]) {
        correct++;
      }
    }
    return (double) correct / data.size();
  }

  @Override
  public float[] gradient(float[] params, Dataset batch) {
    check(params, batch, false);
    Pass pass = new Pass();
    double[] sum = new double[parameterCount()];
    for (int i = 0; i < batch.size(); i++) {
      float[] x = batch.x()[i];
      forward(params, x, pass);
      Logits.toLossGradient(pass.logits, batch.y()[i]);
      backward(params, x, pass, sum);
    }
    return Logits.toFloat(sum, batch.size());
  }

  @Override
  public int predict(float[] params, float[] row) {
    return Logits.argmax(logits(params, row));
  }

  /**
   * The logits of one row: the forward pass that {@link #loss}, {@link #accuracy} and {@link
   * #predict} share, exposed to pin it to an independent reference.
   */
  double[] logits(float[] params, float[] row) {
    Logits.checkParameters(params, parameterCount());
    if (row.length != features) {
      throw new IllegalArgumentException(
          "model wants " + features + " features, got " + row.length);
    }
    Pass pass = new Pass();
    forward(params, row, pass);
    return pass.logits;
  }

  /** Scratch space for one row, reused across rows so the loops allocate nothing. */
  private final class Pass {
    /** The pooled, ReLU'd map in flattened {@code (c, y, x)} order. */
    final double[] pooled = new double[flattened()];

    /** Per pooled cell, the input offset of the convolution window that won the pool. */
    final int[] winner = new int[flattened()];

    final double[] logits = new double[classes];

    /** One channel's convolution map over the positions that pooling reads. */
    final double[] map = new double[4 * pooledSide() * pooledSide()];
  }

  private void forward(float[] params, float[] x, Pass pass) {
    int convB = channels * TAPS;
    for (int c = 0; c < channels; c++) {
      convolve(params, c, x, pass.map);
      pool(c, pass);
    }
    int n = flattened();
    int denseW = convB + channels;
    int denseB = denseW + classes * n;
    for (int k = 0; k < classes; k++) {
      double sum = params[denseB + k];
      int row = denseW + k * n;
      for (int j = 0; j < n; j++) {
        sum += params[row + j] * pass.pooled[j];
      }
      pass.logits[k] = sum;
    }
  }

  /**
   * Channel {@code c}'s convolution over the {@code 2p × 2p} positions that pooling reads, into
   * {@code map}: each position starts from the bias and adds the taps in ascending (ky, kx), tap by
   * tap over the whole map (the same sums, in the same order, as one position at a time).
   */
  private void convolve(float[] params, int c, float[] x, double[] map) {
    int s = side();
    int m = 2 * pooledSide();
    java.util.Arrays.fill(map, params[channels * TAPS + c]);
    for (int ky = 0; ky < KERNEL; ky++) {
      for (int kx = 0; kx < KERNEL; kx++) {
        double w = params[c * TAPS + ky * KERNEL + kx];
        for (int y = 0; y < m; y++) {
          int in = (y + ky) * s + kx;
          int out = y * m;
          for (int i = 0; i < m; i++) {
            map[out + i] += w * x[in + i];
          }
        }
      }
    }
  }

  /** ReLU then 2×2 max-pooling of channel {@code c}'s map; each block's first maximum wins. */
  private void pool(int c, Pass pass) {
    int s = side();
    int p = pooledSide();
    int m = 2 * p;
    for (int py = 0; py < p; py++) {
      for (int px = 0; px < p; px++) {
        double best = -1;
        int winner = 0;
        for (int dy = 0; dy < 2; dy++) {
          for (int dx = 0; dx < 2; dx++) {
            double v = pass.map[(2 * py + dy) * m + 2 * px + dx];
            double relu = v > 0 ? v : 0;
            if (relu > best) {
              best = relu;
              winner = (2 * py + dy) * s + 2 * px + dx;
            }
          }
        }
        int cell = (c * p + py) * p + px;
        pass.pooled[cell] = best;
        pass.winner[cell] = winner;
      }
    }
  }

  /** Adds this row's gradient to {@code sum}; {@code pass.logits} holds softmax − onehot. */
  private void backward(float[] params, float[] x, Pass pass, double[] sum) {
    int s = side();
    int p = pooledSide();
    int n = flattened();
    int convB = channels * TAPS;
    int denseW = convB + channels;
    int denseB = denseW + classes * n;
    double[] dLogits = pass.logits;
    for (int k = 0; k < classes; k++) {
      int row = denseW + k * n;
      for (int j = 0; j < n; j++) {
        sum[row + j] += dLogits[k] * pass.pooled[j];
      }
      sum[denseB + k] += dLogits[k];
    }
    for (int j = 0; j < n; j++) {
      if (pass.pooled[j] <= 0) {
        continue; // ReLU was 0 at the pool's winner: no gradient flows back
      }
      double d = 0;
      for (int k = 0; k < classes; k++) {
        d += dLogits[k] * params[denseW + k * n + j];
      }
      int kernel = j / (p * p) * TAPS;
      int origin = pass.winner[j];
      for (int ky = 0; ky < KERNEL; ky++) {
        int in = origin + ky * s;
        int w = kernel + ky * KERNEL;
        for (int kx = 0; kx < KERNEL; kx++) {
          sum[w + kx] += d * x[in + kx];
        }
      }
      sum[convB + j / (p * p)] += d;
    }
  }

  private void check(float[] params, Dataset data, boolean allowEmpty) {
    Logits.checkParameters(params, parameterCount());
    Logits.checkData(data, features, classes, allowEmpty);
  }
}

package network.deai.learning;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class CnnModelTest {

  private static final Dataset DIGITS = DigitsDataset.load();

  /** 8×8 digits, 4 channels: 4×4 convolution maps pooled to 2×2, 16 dense inputs. */
  private static final CnnModel MODEL = new CnnModel(64, 4, 10);

  @Test
  void fashionWithEightChannelsHasElevenThousandSevenHundredThirtyEightParameters() {
    CnnModel fashion = new CnnModel(784, 8, 10);
    assertThat(fashion.side()).isEqualTo(28);
    assertThat(fashion.pooledSide()).isEqualTo(12);
    assertThat(fashion.flattened()).isEqualTo(8 * 12 * 12);
    assertThat(fashion.parameterCount()).isEqualTo(8 * 25 + 8 + 10 * 8 * 144 + 10);
    assertThat(new CnnModel(81, 2, 3).pooledSide()).as("odd map: last row dropped").isEqualTo(2);
    assertThat(new CnnModel(36, 1, 2).parameterCount()).isEqualTo(25 + 1 + 2 * 1 + 2);
  }

  @Test
  void gradientMatchesFiniteDifferences() {
    Dataset batch = DIGITS.subset(new int[] {20, 21, 22, 23, 24, 25, 26, 27});
    float[] params = MODEL.initialParameters(5);
    for (int c = 0; c < 4; c++) {
      params[100 + c] = 0.05f * (c + 1); // non-zero conv biases
    }
    // conv weights of each channel, conv biases, dense weights, dense biases
    GradientCheck.assertMatchesFiniteDifferences(
        MODEL,
        params,
        batch,
        new int[] {
          0, 12, 24, 30, 49, 60, 87, 99, 100, 101, 102, 103, 104, 119, 200, 263, 264, 273
        });
  }

  @Test
  void gradientOfATiedPoolGoesToItsFirstWindowAndReluStopsAtZero() {
    // side 6, one channel: a 2×2 convolution map pooled to one cell, two classes
    CnnModel model = new CnnModel(36, 1, 2);
    float[] params = new float[model.parameterCount()];
    params[25] = 1; // conv bias 1, conv weights 0: all four windows tie at 1
    params[26] = 2; // dense weight of class 0
    params[27] = -1; // dense weight of class 1
    float[] row = new float[36];
    for (int i = 0; i < 36; i++) {
      row[i] = i;
    }
    Dataset one = new Dataset(new float[][] {row}, new int[] {1}, 2);
    double[] logits = model.logits(params, row);
    assertThat(logits).containsExactly(2.0, -1.0);
    float[] gradient = model.gradient(params, one);
    double p0 = 1 / (1 + Math.exp(-3)); // softmax of class 0
    double d = 2 * p0 + -1 * -p0; // dLoss/dPooled: softmax − onehot is (p0, −p0)
    for (int ky = 0; ky < 5; ky++) {
      for (int kx = 0; kx < 5; kx++) {
        assertThat((double) gradient[ky * 5 + kx])
            .as("tap %d,%d from the window at (0,0)", ky, kx)
            .isCloseTo(d * (ky * 6 + kx), within(1e-5));
      }
    }
    assertThat((double) gradient[25]).isCloseTo(d, within(1e-6));
    assertThat((double) gradient[26]).isCloseTo(p0, within(1e-6));
    assertThat((double) gradient[27]).isCloseTo(-p0, within(1e-6));
    assertThat((double) gradient[28]).isCloseTo(p0, within(1e-6));
    assertThat((double) gradient[29]).isCloseTo(-p0, within(1e-6));

    params[25] = 0; // every window 0 after ReLU: no gradient reaches the convolution
    float[] dead = model.gradient(params, one);
    for (int i = 0; i <= 25; i++) {
      assertThat(dead[i]).as("conv parameter %d", i).isZero();
    }
    assertThat(dead[28]).isEqualTo(0.5f);
  }

  @Test
  void poolingKeepsTheLargestWindowAfterRelu() {
    CnnModel model = new CnnModel(36, 1, 2);
    float[] params = new float[model.parameterCount()];
    params[0] = 1; // the kernel reads only its top-left tap
    params[26] = 1;
    float[] row = new float[36];
    row[0] = -5;
    row[1] = 3;
    row[6] = 4; // window (1,0) wins
    row[7] = 2;
    assertThat(model.logits(params, row)).containsExactly(4.0, 0.0);
    float[] gradient = model.gradient(params, new Dataset(new float[][] {row}, new int[] {0}, 2));
    double d = 1 / (1 + Math.exp(-4)) - 1; // (softmax − onehot) of class 0 times weight 1
    assertThat((double) gradient[0]).as("tap (0,0) of window (1,0)").isCloseTo(4 * d, within(1e-6));
    assertThat((double) gradient[1]).as("tap (0,1) of window (1,0)").isCloseTo(2 * d, within(1e-6));
    assertThat((double) gradient[5]).as("tap (1,0) of window (1,0)").isCloseTo(0, within(1e-9));
    for (int i = 0; i < 36; i++) {
      row[i] = -1;
    }
    assertThat(model.logits(params, row)).as("all negative: ReLU gives 0").containsExactly(0, 0);
    assertThat(model.predict(params, row)).as("ties go to class 0").isZero();
  }

  @Test
  void learnsTheDigits() {
    DataSplit split = DigitsDataset.split(42);
    CnnModel model = new CnnModel(64, 8, 10);
    float[] params =
        new LocalTrainer(model)
            .fit(model.initialParameters(1), split.train(), new TrainingConfig(0.1, 5, 16), 7);

    // 8×8 pools to 2×2 per channel, which keeps little of a digit: 0.82 here (0.1 untrained)
    assertThat(model.accuracy(params, split.validation())).isGreaterThanOrEqualTo(0.8);
  }

  @Test
  void initialParametersAreHeNormalWeightsWithZeroBiases() {
    CnnModel model = new CnnModel(196, 40, 10); // 14×14: 5×5 pooled, 1,000 dense inputs
    float[] params = model.initialParameters(3);
    int convB = 40 * 25;
    int denseW = convB + 40;
    int denseB = denseW + 10 * 1000;
    assertThat(params).hasSize(denseB + 10);
    assertThat(model.initialParameters(3)).isEqualTo(params);
    assertThat(model.initialParameters(4)).isNotEqualTo(params);
    for (int i = convB; i < denseW; i++) {
      assertThat(params[i]).as("conv bias %d", i - convB).isZero();
    }
    for (int i = denseB; i < params.length; i++) {
      assertThat(params[i]).as("dense bias %d", i - denseB).isZero();
    }
    assertThat(params[convB - 1]).isNotZero();
    assertThat(params[denseB - 1]).isNotZero();
    assertThat(deviation(params, 0, convB)).isCloseTo(Math.sqrt(2.0 / 25), within(0.02));
    assertThat(deviation(params, denseW, denseB)).isCloseTo(Math.sqrt(2.0 / 1000), within(0.002));
  }

  @Test
  void accuracyIsTheShareOfRowsWhosePredictionIsTheirLabel() {
    float[] params = MODEL.initialParameters(9);
    Dataset rows = DIGITS.subset(new int[] {0, 1, 2, 3, 4, 5, 6});
    int correct = 0;
    for (int i = 0; i < rows.size(); i++) {
      int predicted = MODEL.predict(params, rows.x()[i]);
      assertThat(predicted).isEqualTo(Logits.argmax(MODEL.logits(params, rows.x()[i])));
      if (predicted == rows.y()[i]) {
        correct++;
      }
    }
    assertThat(MODEL.accuracy(params, rows)).isEqualTo((double) correct / rows.size());
    int[] allRight = new int[rows.size()];
    for (int i = 0; i < rows.size(); i++) {
      allRight[i] = MODEL.predict(params, rows.x()[i]);
    }
    assertThat(MODEL.accuracy(params, rows.withLabels(allRight))).isEqualTo(1.0);
    assertThat(MODEL.accuracy(params, rows.subset(new int[0]))).isZero();
  }

  @Test
  void lossIsTheMeanCrossEntropy() {
    float[] params = MODEL.initialParameters(11);
    Dataset rows = DIGITS.subset(new int[] {3, 4, 5});
    double total = 0;
    for (int i = 0; i < rows.size(); i++) {
      double[] logits = MODEL.logits(params, rows.x()[i]);
      total += Logits.logSumExp(logits) - logits[rows.y()[i]];
    }
    assertThat(MODEL.loss(params, rows)).isEqualTo(total / 3);
  }

  @Test
  void refusesWhatDoesNotFit() {
    float[] wrong = new float[MODEL.parameterCount() - 1];
    Dataset rows = DIGITS.subset(new int[] {0, 1});
    assertThatThrownBy(() -> MODEL.accuracy(wrong, rows))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> MODEL.loss(wrong, rows)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> MODEL.gradient(wrong, rows))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> MODEL.predict(wrong, rows.x()[0]))
        .isInstanceOf(IllegalArgumentException.class);
    float[] params = MODEL.initialParameters(1);
    assertThatThrownBy(() -> MODEL.predict(params, new float[63]))
        .hasMessage("model wants 64 features, got 63");
    assertThatThrownBy(() -> MODEL.loss(params, rows.subset(new int[0])))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new CnnModel(784, 8, 2).loss(params, rows))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void refusesShapesItCannotConvolve() {
    assertThatThrownBy(() -> new CnnModel(63, 4, 10))
        .hasMessage(
            "a CNN needs a square image of side 6 or more, 1 or more channels and 2 or more"
                + " classes, got 63 features, 4 channels, 10 classes");
    assertThatThrownBy(() -> new CnnModel(25, 4, 10)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new CnnModel(0, 4, 10)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new CnnModel(64, 0, 10)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new CnnModel(64, 4, 1)).isInstanceOf(IllegalArgumentException.class);
    assertThat(new CnnModel(36, 1, 2).side()).isEqualTo(6);
  }

  private static double deviation(float[] params, int from, int to) {
    double sum = 0;
    for (int i = from; i < to; i++) {
      sum += (double) params[i] * params[i];
    }
    return Math.sqrt(sum / (to - from));
  }
}

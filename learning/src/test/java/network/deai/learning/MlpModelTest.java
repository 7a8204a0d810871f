package network.deai.learning;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class MlpModelTest {

  private static final Dataset DIGITS = DigitsDataset.load();
  private static final MlpModel MODEL = MlpModel.digits();

  @Test
  void hasTwoThousandFourHundredTenParameters() {
    assertThat(MODEL.parameterCount()).isEqualTo(64 * 32 + 32 + 32 * 10 + 10);
  }

  @Test
  void gradientMatchesFiniteDifferences() {
    Dataset batch = DIGITS.subset(new int[] {20, 21, 22, 23, 24, 25, 26, 27});
    float[] params = MODEL.initialParameters(5);

    GradientCheck.assertMatchesFiniteDifferences(
        MODEL, params, batch, new int[] {5, 70, 700, 2047, 2050, 2070, 2100, 2399, 2405, 2409});
  }

  @Test
  void learnsTheDigits() {
    DataSplit split = DigitsDataset.split(42);
    LocalTrainer trainer = new LocalTrainer(MODEL);

    float[] params =
        trainer.fit(MODEL.initialParameters(1), split.train(), new TrainingConfig(0.1, 8, 16), 7);

    assertThat(MODEL.accuracy(params, split.validation())).isGreaterThanOrEqualTo(0.9);
  }

  @Test
  void theDigitsModelIsSixtyFourToThirtyTwoToTen() {
    assertThat(MlpModel.digits()).isEqualTo(new MlpModel(64, 32, 10));
  }

  @Test
  void initialParametersAreHeNormalWeightsWithZeroBiases() {
    MlpModel model = new MlpModel(50, 40, 10);
    float[] params = model.initialParameters(3);
    int w1 = 40 * 50;
    int b1 = w1 + 40;
    int w2 = b1 + 10 * 40;
    assertThat(params).hasSize(w2 + 10);
    assertThat(model.initialParameters(3)).isEqualTo(params);
    assertThat(model.initialParameters(4)).isNotEqualTo(params);
    for (int i = w1; i < b1; i++) {
      assertThat(params[i]).as("hidden bias %d", i - w1).isZero();
    }
    for (int i = w2; i < params.length; i++) {
      assertThat(params[i]).as("output bias %d", i - w2).isZero();
    }
    assertThat(params[w1 - 1]).isNotZero();
    assertThat(params[w2 - 1]).isNotZero();
    assertThat(deviation(params, 0, w1)).isCloseTo(Math.sqrt(2.0 / 50), within(0.1));
    assertThat(deviation(params, b1, w2)).isCloseTo(Math.sqrt(2.0 / 40), within(0.1));
  }

  @Test
  void accuracyIsTheShareOfRowsWhosePredictionIsTheirLabel() {
    float[] params = MODEL.initialParameters(9);
    Dataset rows = DIGITS.subset(new int[] {0, 1, 2, 3, 4, 5, 6});
    int correct = 0;
    for (int i = 0; i < rows.size(); i++) {
      int predicted = MODEL.predict(params, rows.x()[i]);
      assertThat(predicted).isEqualTo(argmax(MODEL.logits(params, rows.x()[i])));
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
  }

  @Test
  void refusesParametersOfTheWrongLength() {
    float[] wrong = new float[MODEL.parameterCount() - 1];
    Dataset rows = DIGITS.subset(new int[] {0, 1});
    assertThatThrownBy(() -> MODEL.accuracy(wrong, rows))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> MODEL.loss(wrong, rows)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> MODEL.gradient(wrong, rows))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> MODEL.predict(wrong, rows.x()[0]))
        .isInstanceOf(IllegalArgumentException.class);
  }

  private static double deviation(float[] params, int from, int to) {
    double sum = 0;
    for (int i = from; i < to; i++) {
      sum += (double) params[i] * params[i];
    }
    return Math.sqrt(sum / (to - from));
  }

  private static int argmax(double[] logits) {
    int best = 0;
    for (int c = 1; c < logits.length; c++) {
      if (logits[c] > logits[best]) {
        best = c;
      }
    }
    return best;
  }
}

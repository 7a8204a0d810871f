package network.deai.learning;

import static org.assertj.core.api.Assertions.assertThat;

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
}

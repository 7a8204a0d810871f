package network.deai.learning;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

class SoftmaxModelTest {

  private static final Dataset DIGITS = DigitsDataset.load();
  private static final SoftmaxModel MODEL = SoftmaxModel.digits();

  @Test
  void hasSixHundredFiftyParameters() {
    assertThat(MODEL.parameterCount()).isEqualTo(650);
    assertThat(MODEL.initialParameters(1)).hasSize(650);
  }

  @Test
  void initialParametersDependOnlyOnTheSeed() {
    assertThat(MODEL.initialParameters(1)).containsExactly(MODEL.initialParameters(1));
    assertThat(MODEL.initialParameters(1)).isNotEqualTo(MODEL.initialParameters(2));
    assertThat(Arrays.hashCode(MODEL.initialParameters(1))).isEqualTo(532548831);
  }

  @Test
  void lossOfZeroParametersIsLogOfClassCount() {
    assertThat(MODEL.loss(new float[650], DIGITS)).isCloseTo(Math.log(10), within(1e-12));
  }

  @Test
  void gradientMatchesFiniteDifferences() {
    Dataset batch = DIGITS.subset(new int[] {0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11});
    float[] params = scaled(MODEL.initialParameters(3), 20);

    GradientCheck.assertMatchesFiniteDifferences(
        MODEL, params, batch, new int[] {2, 3, 100, 300, 411, 639, 640, 645, 649});
  }

  @Test
  void fastAccuracyAgreesWithRowByRowPrediction() {
    float[] params = scaled(MODEL.initialParameters(4), 200);
    Dataset odd = DIGITS.subset(new int[] {5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15});
    for (Dataset data : new Dataset[] {DIGITS, odd}) {
      int correct = 0;
      for (int i = 0; i < data.size(); i++) {
        correct += MODEL.predict(params, data.x()[i]) == data.y()[i] ? 1 : 0;
      }
      assertThat(MODEL.accuracy(params, data)).isEqualTo((double) correct / data.size());
    }
  }

  @Test
  void accuracyOfAnEmptyDataSetIsZero() {
    Dataset empty = DIGITS.subset(new int[0]);

    assertThat(MODEL.accuracy(new float[650], empty)).isZero();
  }

  @Test
  void rejectsParametersOfTheWrongLength() {
    assertThatThrownBy(() -> MODEL.loss(new float[649], DIGITS))
        .isInstanceOf(IllegalArgumentException.class);
  }

  static float[] scaled(float[] params, float factor) {
    float[] result = new float[params.length];
    for (int i = 0; i < params.length; i++) {
      result[i] = params[i] * factor;
    }
    return result;
  }
}

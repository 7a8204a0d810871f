package network.deai.learning;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/** Central finite differences against {@link Model#gradient}. */
final class GradientCheck {

  private static final float STEP = 1e-3f;

  private GradientCheck() {}

  static void assertMatchesFiniteDifferences(
      Model model, float[] params, Dataset batch, int[] coordinates) {
    float[] gradient = model.gradient(params, batch);
    for (int i : coordinates) {
      float[] plus = params.clone();
      float[] minus = params.clone();
      plus[i] += STEP;
      minus[i] -= STEP;
      double numeric =
          (model.loss(plus, batch) - model.loss(minus, batch)) / ((double) plus[i] - minus[i]);
      assertThat((double) gradient[i])
          .as("coordinate %d", i)
          .isCloseTo(numeric, within(1e-5 + 1e-3 * Math.abs(numeric)));
    }
  }
}

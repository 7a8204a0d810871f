package network.deai.verifier.domain.canonical;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class CtcGreedyTest {
  private static final float NAN = Float.NaN;

  @Test
  void picksTheArgmaxOfEveryStepAndDropsTheBlank() {
    float[] probs = {
      0.1f, 0.7f, 0.2f, //
      0.8f, 0.1f, 0.1f, //
      0.1f, 0.2f, 0.7f
    };

    assertThat(CtcGreedy.decode(probs, 3, 3)).containsExactly(1, 2);
  }

  @Test
  void collapsesConsecutiveRepeats() {
    float[] probs = {
      0f, 1f, 0f, //
      0f, 1f, 0f, //
      0f, 0f, 1f, //
      0f, 0f, 1f
    };

    assertThat(CtcGreedy.decode(probs, 4, 3)).containsExactly(1, 2);
  }

  @Test
  void keepsARepeatSeparatedByABlank() {
    float[] probs = {
      0f, 1f, //
      1f, 0f, //
      0f, 1f, //
      0f, 1f
    };

    assertThat(CtcGreedy.decode(probs, 4, 2)).containsExactly(1, 1);
  }

  @Test
  void breaksTiesTowardsTheLowestIndex() {
    float[] probs = {
      0.2f, 0.4f, 0.4f, //
      0.5f, 0.5f, 0f, //
      0f, 0.3f, 0.3f
    };

    assertThat(CtcGreedy.decode(probs, 3, 3)).containsExactly(1, 1);
  }

  @Test
  void treatsNegativeZeroAsEqualToZero() {
    float[] probs = {-0f, 0f, -1f, -1f, -0f, 0f};

    assertThat(CtcGreedy.decode(probs, 2, 3)).containsExactly(1);
  }

  @Test
  void ranksNanBelowEveryNumber() {
    float[] probs = {
      NAN,
      Float.NEGATIVE_INFINITY,
      NAN, //
      -5f,
      NAN,
      3f, //
      NAN,
      NAN,
      NAN
    };

    assertThat(CtcGreedy.decode(probs, 3, 3)).containsExactly(1, 2);
  }

  @Test
  void readsAnAllNanStepAsBlank() {
    float[] probs = {
      0f, 1f, //
      NAN, NAN, //
      0f, 1f
    };

    assertThat(CtcGreedy.decode(probs, 3, 2)).containsExactly(1, 1);
  }

  @Test
  void returnsNothingForAllBlankOrNoSteps() {
    assertThat(CtcGreedy.decode(new float[] {1f, 0f, 1f, 0f}, 2, 2)).isEmpty();
    assertThat(CtcGreedy.decode(new float[] {0.5f, 0.5f}, 1, 2)).isEmpty();
    assertThat(CtcGreedy.decode(new float[0], 0, 5)).isEmpty();
    assertThat(CtcGreedy.decode(new float[] {7f, 9f}, 2, 1)).isEmpty();
  }

  @Test
  void handlesInfinities() {
    float[] probs = {
      Float.POSITIVE_INFINITY, Float.POSITIVE_INFINITY, //
      Float.NEGATIVE_INFINITY, Float.POSITIVE_INFINITY
    };

    assertThat(CtcGreedy.decode(probs, 2, 2)).containsExactly(1);
  }

  @Test
  void rejectsBadLengths() {
    assertThatThrownBy(() -> CtcGreedy.decode(new float[5], 2, 3))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("expected timeSteps * classes = 6 scores, got 5");
    assertThatThrownBy(() -> CtcGreedy.decode(new float[7], 2, 3))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> CtcGreedy.decode(new float[0], -1, 3))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("timeSteps");
    assertThatThrownBy(() -> CtcGreedy.decode(new float[0], 0, 0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("classes");
    assertThatThrownBy(() -> CtcGreedy.decode(new float[0], 65536, 65536))
        .isInstanceOf(IllegalArgumentException.class);
  }
}

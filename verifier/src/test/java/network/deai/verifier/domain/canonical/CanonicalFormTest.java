package network.deai.verifier.domain.canonical;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class CanonicalFormTest {
  private static final float NAN = Float.NaN;

  @Test
  void parsesEveryFormAndNamesItBack() {
    for (String id : new String[] {"raw", "argmax", "top-k:1", "top-k:65535", "ctc"}) {
      assertThat(CanonicalForm.parse(id).id()).isEqualTo(id);
    }
    assertThat(CanonicalForm.parse("raw").labelled()).isFalse();
    assertThat(CanonicalForm.parse("ctc").labelled()).isTrue();
    assertThat(CanonicalForm.parse("top-k:7")).isEqualTo(new CanonicalForm.TopK(7));
  }

  @Test
  void refusesNamesThatAreNotForms() {
    for (String id : new String[] {"", "RAW", "top-k", "top-k:0", "top-k:01", "top-k:65536"}) {
      assertThatThrownBy(() -> CanonicalForm.parse(id))
          .as(id)
          .isInstanceOf(IllegalArgumentException.class);
    }
    assertThatThrownBy(() -> CanonicalForm.parse("softmax"))
        .hasMessage("canonical must be raw, argmax, top-k:K or ctc, got 'softmax'");
  }

  @Test
  void argmaxTakesTheBestOfEveryRowAlongTheLastAxis() {
    float[] data = {0.1f, 0.7f, 0.2f, 5, -1, 4, 0, 0, 0, -3, -2, -1};
    int[][] labels = new CanonicalForm.Argmax().labels(data, new int[] {2, 2, 3});
    assertThat(labels).isDeepEqualTo(new int[][] {{1}, {0}, {0}, {2}});
    assertThat(new CanonicalForm.Argmax().labels(new float[] {3, 9}, new int[] {2}))
        .as("rank 1 is one row")
        .isDeepEqualTo(new int[][] {{1}});
  }

  @Test
  void tiesGoToTheLowerIndexAndSignedZerosAreEqual() {
    float[] data = {1, 2, 2, -0.0f, 0.0f, -0.0f};
    assertThat(new CanonicalForm.Argmax().labels(data, new int[] {2, 3}))
        .isDeepEqualTo(new int[][] {{1}, {0}});
    assertThat(new CanonicalForm.TopK(3).labels(data, new int[] {2, 3}))
        .isDeepEqualTo(new int[][] {{1, 2, 0}, {0, 1, 2}});
  }

  @Test
  void nanRanksBelowEveryNumberAndAllNanRowsPickIndexZero() {
    float[] data = {NAN, Float.NEGATIVE_INFINITY, NAN, NAN, NAN, NAN, 1, NAN, 2};
    assertThat(new CanonicalForm.Argmax().labels(data, new int[] {3, 3}))
        .isDeepEqualTo(new int[][] {{1}, {0}, {2}});
    assertThat(new CanonicalForm.TopK(3).labels(data, new int[] {3, 3}))
        .isDeepEqualTo(new int[][] {{1, 0, 2}, {0, 1, 2}, {2, 0, 1}});
  }

  @Test
  void topKListsTheBestFirst() {
    float[] data = {0.1f, 0.4f, 0.3f, 0.2f};
    assertThat(new CanonicalForm.TopK(2).labels(data, new int[] {1, 4}))
        .isDeepEqualTo(new int[][] {{1, 2}});
    assertThatThrownBy(() -> new CanonicalForm.TopK(5).labels(data, new int[] {1, 4}))
        .hasMessage("top-k:5 needs at least 5 classes, the output has 4");
  }

  @Test
  void emptyBatchesHaveNoItemsAndEmptyClassAxesAreRefused() {
    assertThat(new CanonicalForm.Argmax().labels(new float[0], new int[] {0, 5})).isEmpty();
    assertThat(new CanonicalForm.Ctc().labels(new float[0], new int[] {0, 40, 5})).isEmpty();
    assertThat(new CanonicalForm.Ctc().labels(new float[0], new int[] {2, 0, 5}))
        .isDeepEqualTo(new int[][] {{}, {}});
    assertThatThrownBy(() -> new CanonicalForm.Argmax().labels(new float[0], new int[] {3, 0}))
        .hasMessage("argmax needs at least one class on the last axis");
    assertThatThrownBy(() -> new CanonicalForm.Argmax().labels(new float[0], new int[0]))
        .hasMessage("argmax needs an output of rank 1 or more");
    assertThatThrownBy(() -> new CanonicalForm.Argmax().labels(new float[3], new int[] {2, 2}))
        .hasMessage("the shape holds 4 values, the data 3");
  }

  @Test
  void ctcDecodesEachBatchItemOnItsOwn() {
    // item 0: steps pick 1, 1, 0, 1, 2 -> [1, 1, 2]; item 1: 0, 2, 2, 0, 0 -> [2]
    float[] data = {
      0, 1, 0, 0, 1, 0, 1, 0, 0, 0, 1, 0, 0, 0, 1, //
      1, 0, 0, 0, 0, 1, 0, 0, 1, 1, 0, 0, 1, 0, 0
    };
    assertThat(new CanonicalForm.Ctc().labels(data, new int[] {2, 5, 3}))
        .isDeepEqualTo(new int[][] {{1, 1, 2}, {2}});
    assertThat(new CanonicalForm.Ctc().labels(java.util.Arrays.copyOf(data, 15), new int[] {5, 3}))
        .as("rank 2 is one item")
        .isDeepEqualTo(new int[][] {{1, 1, 2}});
    assertThatThrownBy(() -> new CanonicalForm.Ctc().labels(data, new int[] {30}))
        .hasMessage("ctc needs an output of shape [N, T, C] or [T, C], got rank 1");
  }
}

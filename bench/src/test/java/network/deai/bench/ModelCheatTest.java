package network.deai.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class ModelCheatTest {
  @Test
  void fp16RoundingKeepsElevenSignificantBitsAndIsIdempotent() {
    float[] values = {1f, 1.0001f, 3.1415927f, -65504f, 1e-9f};
    ModelCheat.roundToFp16(values);
    float[] again = values.clone();
    ModelCheat.roundToFp16(again);

    assertThat(values[0]).isEqualTo(1f);
    assertThat(values[1]).isEqualTo(1f);
    assertThat(values[2]).isEqualTo(3.140625f);
    assertThat(values[3]).isEqualTo(-65504f);
    assertThat(values[4]).isZero();
    assertThat(again).isEqualTo(values);
  }

  @Test
  void int8PerTensorLeavesVectorsAloneAndRoundsMatricesTo255Levels() {
    float[] bias = {0.123f, -7f};
    ModelCheat.int8(new long[] {2}, bias);
    float[] matrix = new float[1000];
    for (int i = 0; i < matrix.length; i++) {
      matrix[i] = (float) Math.sin(i) * 2f;
    }
    float[] original = matrix.clone();

    ModelCheat.int8(new long[] {10, 100}, matrix);

    assertThat(bias).containsExactly(0.123f, -7f);
    float max = 0;
    for (float v : original) {
      max = Math.max(max, Math.abs(v));
    }
    float step = max / 127f;
    assertThat(Arrays.stream(box(matrix)).distinct().count()).isLessThanOrEqualTo(255);
    for (int i = 0; i < matrix.length; i++) {
      assertThat(Math.abs(matrix[i] - original[i])).isLessThanOrEqualTo(step / 2 * 1.0001f);
    }
  }

  @Test
  void int8PerChannelScalesEachOutputChannelOnItsOwn() {
    float[] matrix = {100f, 0.02f, 50f, 0.01f};
    ModelCheat.int8PerChannel(new long[] {2, 2}, matrix);
    float[] conv = {100f, 50f, 0.02f, 0.01f};

    ModelCheat.int8PerChannel(new long[] {2, 2, 1, 1}, conv);

    assertThat(conv[2]).isEqualTo(0.02f, org.assertj.core.data.Offset.offset(1e-6f));
    assertThat(conv[3]).isEqualTo(0.01f, org.assertj.core.data.Offset.offset(1e-4f));
    assertThat(matrix[1]).isEqualTo(0.02f, org.assertj.core.data.Offset.offset(1e-6f));
    float[] perTensor = {100f, 50f, 0.02f, 0.01f};
    ModelCheat.int8(new long[] {2, 2, 1, 1}, perTensor);
    assertThat(perTensor[2]).isZero();
  }

  @Test
  void halfResolutionBlursTheImageButKeepsItsSize() {
    BufferedImage image = new BufferedImage(40, 48, BufferedImage.TYPE_INT_RGB);
    for (int x = 0; x < 40; x += 2) {
      for (int y = 0; y < 48; y++) {
        image.setRGB(x, y, 0xffffff);
      }
    }

    BufferedImage cheat = ModelCheat.HALF_RESOLUTION.image(image);

    assertThat(cheat.getWidth()).isEqualTo(40);
    assertThat(cheat.getHeight()).isEqualTo(48);
    assertThat(cheat.getRGB(0, 10)).isNotEqualTo(image.getRGB(0, 10));
    assertThat(ModelCheat.FP16_WEIGHTS.image(image)).isSameAs(image);
  }

  private static Float[] box(float[] values) {
    Float[] boxed = new Float[values.length];
    for (int i = 0; i < values.length; i++) {
      boxed[i] = values[i];
    }
    return boxed;
  }
}

package network.deai.learning;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.nio.ByteBuffer;
import org.junit.jupiter.api.Test;

class IdxDatasetTest {

  @Test
  void readsImagesScaledToUnitIntervalAndTheirLabels() {
    byte[] images = idx(0x803, new int[] {2, 1, 3}, new byte[] {0, (byte) 255, 51, 102, 0, 1});
    byte[] labels = idx(0x801, new int[] {2}, new byte[] {7, 2});

    Dataset data =
        IdxDataset.read(new ByteArrayInputStream(images), new ByteArrayInputStream(labels), 10);

    assertThat(data.size()).isEqualTo(2);
    assertThat(data.x()[0]).containsExactly(0f, 1f, 0.2f);
    assertThat(data.x()[1]).containsExactly(0.4f, 0f, 1f / 255);
    assertThat(data.y()).containsExactly(7, 2);
  }

  @Test
  void readsOnlyTheRequestedRowsInTheRequestedOrder() {
    byte[] images = idx(0x803, new int[] {3, 1, 2}, new byte[] {0, 1, 2, 3, 4, 5});
    byte[] labels = idx(0x801, new int[] {3}, new byte[] {7, 8, 9});

    Dataset data =
        IdxDataset.read(
            new ByteArrayInputStream(images),
            new ByteArrayInputStream(labels),
            10,
            new int[] {2, 0});

    assertThat(data.y()).containsExactly(9, 7);
    assertThat(data.x()[0]).containsExactly(4f / 255, 5f / 255);
    assertThat(data.x()[1]).containsExactly(0f, 1f / 255);
  }

  @Test
  void rejectsRequestedRowsOutOfRangeOrRepeated() {
    byte[] images = idx(0x803, new int[] {2, 1, 1}, new byte[] {0, 0});
    byte[] labels = idx(0x801, new int[] {2}, new byte[] {0, 0});

    assertThatThrownBy(
            () ->
                IdxDataset.read(
                    new ByteArrayInputStream(images),
                    new ByteArrayInputStream(labels),
                    10,
                    new int[] {1, 1}))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void rejectsLabelsThatDoNotMatchTheImages() {
    byte[] images = idx(0x803, new int[] {2, 1, 1}, new byte[] {0, 0});
    byte[] labels = idx(0x801, new int[] {3}, new byte[] {0, 0, 0});

    assertThatThrownBy(
            () ->
                IdxDataset.read(
                    new ByteArrayInputStream(images), new ByteArrayInputStream(labels), 10))
        .isInstanceOf(IllegalStateException.class);
  }

  private static byte[] idx(int magic, int[] dimensions, byte[] body) {
    ByteBuffer buffer = ByteBuffer.allocate(4 + 4 * dimensions.length + body.length);
    buffer.putInt(magic);
    for (int dimension : dimensions) {
      buffer.putInt(dimension);
    }
    return buffer.put(body).array();
  }
}

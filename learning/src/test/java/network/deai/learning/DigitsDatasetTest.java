package network.deai.learning;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.Collections;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.Set;
import org.junit.jupiter.api.Test;

class DigitsDatasetTest {

  private static final Dataset DIGITS = DigitsDataset.load();

  @Test
  void loadsAllRowsWithLabelsZeroToNineAndFeaturesInUnitInterval() {
    assertThat(DIGITS.size()).isEqualTo(1797);
    assertThat(DIGITS.features()).isEqualTo(64);
    assertThat(DIGITS.classes()).isEqualTo(10);
    assertThat(Arrays.stream(DIGITS.y()).distinct().sorted().toArray())
        .containsExactly(0, 1, 2, 3, 4, 5, 6, 7, 8, 9);
    float min = Float.MAX_VALUE;
    float max = -Float.MAX_VALUE;
    for (float[] row : DIGITS.x()) {
      for (float v : row) {
        min = Math.min(min, v);
        max = Math.max(max, v);
      }
    }
    assertThat(min).isEqualTo(0f);
    assertThat(max).isEqualTo(1f);
  }

  @Test
  void readsTheFirstRowAsInTheFile() {
    assertThat(DIGITS.x()[0][2]).isEqualTo(5f / 16);
    assertThat(DIGITS.x()[0][3]).isEqualTo(13f / 16);
    assertThat(DIGITS.y()[0]).isZero();
    assertThat(DIGITS.y()[1]).isEqualTo(1);
  }

  @Test
  void splitsSixtyTwentyTwentyByClassWithoutOverlap() {
    DataSplit split = DataSplit.stratified(DIGITS, 0.6, 0.2, 42);

    assertThat(split.train().size() + split.validation().size() + split.test().size())
        .isEqualTo(1797);
    assertThat(split.train().size()).isBetween(1070, 1086);
    assertThat(split.validation().size()).isBetween(352, 366);
    int[] trainCounts = split.train().classCounts();
    int[] allCounts = DIGITS.classCounts();
    for (int c = 0; c < 10; c++) {
      assertThat(trainCounts[c]).isBetween(allCounts[c] * 6 / 10 - 1, allCounts[c] * 6 / 10 + 1);
    }
    Set<float[]> seen = Collections.newSetFromMap(new IdentityHashMap<>());
    for (Dataset part : new Dataset[] {split.train(), split.validation(), split.test()}) {
      seen.addAll(Arrays.asList(part.x()));
    }
    assertThat(seen).hasSize(1797);
  }

  @Test
  void splitIsReproducibleForASeedAndChangesWithTheSeed() {
    DataSplit first = DigitsDataset.split(7);
    DataSplit again = DigitsDataset.split(7);
    DataSplit other = DigitsDataset.split(8);

    assertThat(again.train().y()).containsExactly(first.train().y());
    assertThat(rowsOf(again.validation())).isEqualTo(rowsOf(first.validation()));
    assertThat(other.train().y()).isNotEqualTo(first.train().y());
  }

  private static Set<String> rowsOf(Dataset data) {
    Set<String> rows = new HashSet<>();
    for (int i = 0; i < data.size(); i++) {
      rows.add(Arrays.toString(data.x()[i]) + data.y()[i]);
    }
    return rows;
  }
}

package network.deai.learning;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class PartitionerTest {

  private static final Dataset DIGITS = DigitsDataset.load();

  @Test
  void iidShardsCoverEverySampleOnceWithNearlyEqualSizes() {
    int[][] shards = Partitioner.iidIndices(1797, 10, 1);

    assertCoversEachRowOnce(shards, 1797);
    for (int[] shard : shards) {
      assertThat(shard.length).isBetween(179, 180);
    }
  }

  @Test
  void dirichletShardsCoverEverySampleOnce() {
    int[][] shards = Partitioner.dirichletIndices(DIGITS.y(), 10, 20, 0.5, 10, 3);

    assertCoversEachRowOnce(shards, 1797);
  }

  @Test
  void dirichletIsReproducibleForASeedAndChangesWithTheSeed() {
    int[][] first = Partitioner.dirichletIndices(DIGITS.y(), 10, 10, 0.5, 10, 11);
    int[][] again = Partitioner.dirichletIndices(DIGITS.y(), 10, 10, 0.5, 10, 11);
    int[][] other = Partitioner.dirichletIndices(DIGITS.y(), 10, 10, 0.5, 10, 12);

    assertThat(again).isDeepEqualTo(first);
    assertThat(other).isNotEqualTo(first);
  }

  @Test
  void dirichletSkewsLabelsMoreForSmallerAlpha() {
    double skewed = meanLargestClassShare(Partitioner.dirichlet(DIGITS, 10, 0.1, 10, 5));
    double reference = meanLargestClassShare(Partitioner.dirichlet(DIGITS, 10, 0.5, 10, 5));
    double flat = meanLargestClassShare(Partitioner.dirichlet(DIGITS, 10, 100, 10, 5));

    assertThat(skewed).isGreaterThan(reference);
    assertThat(reference).isGreaterThan(flat);
    assertThat(flat).isLessThan(0.2);
  }

  @Test
  void everyShardGetsTheMinimumEvenWhenTheDrawIsExtreme() {
    int[][] shards = Partitioner.dirichletIndices(DIGITS.y(), 10, 50, 0.01, 30, 9);

    assertCoversEachRowOnce(shards, 1797);
    for (int[] shard : shards) {
      assertThat(shard.length).isGreaterThanOrEqualTo(30);
    }
  }

  @Test
  void rejectsAMinimumTheDataCannotFill() {
    assertThatThrownBy(() -> Partitioner.dirichletIndices(DIGITS.y(), 10, 100, 0.5, 18, 1))
        .isInstanceOf(IllegalArgumentException.class);
  }

  private static double meanLargestClassShare(List<Dataset> shards) {
    double total = 0;
    for (Dataset shard : shards) {
      int largest = 0;
      for (int count : shard.classCounts()) {
        largest = Math.max(largest, count);
      }
      total += (double) largest / shard.size();
    }
    return total / shards.size();
  }

  private static void assertCoversEachRowOnce(int[][] shards, int rows) {
    int[] hits = new int[rows];
    for (int[] shard : shards) {
      for (int i = 0; i < shard.length; i++) {
        hits[shard[i]]++;
        if (i > 0) {
          assertThat(shard[i]).isGreaterThan(shard[i - 1]);
        }
      }
    }
    for (int hit : hits) {
      assertThat(hit).isEqualTo(1);
    }
  }
}

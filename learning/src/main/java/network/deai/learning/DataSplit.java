package network.deai.learning;

import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * A train / validation / held-out test split of one data set.
 *
 * <p>{@link #stratified} is a pure function of its arguments: the same data and seed give the same
 * three sets, row for row, on every JVM.
 *
 * @param train rows to train on
 * @param validation rows to score models and contributions on
 * @param test rows held out for the final report
 */
public record DataSplit(Dataset train, Dataset validation, Dataset test) {

  /**
   * Splits every class separately so each part keeps the class proportions: per class, its rows are
   * shuffled with a {@link SplittableRandom} seeded by {@code seed}, the first {@code round(count ×
   * trainFraction)} go to train, the next {@code round(count × validationFraction)} to validation
   * and the rest to test. Each part is then shuffled, so no part is sorted by class.
   *
   * @throws IllegalArgumentException unless both fractions are positive and sum to less than 1
   */
  public static DataSplit stratified(
      Dataset data, double trainFraction, double validationFraction, long seed) {
    if (!(trainFraction > 0 && validationFraction > 0 && trainFraction + validationFraction < 1)) {
      throw new IllegalArgumentException(
          "fractions " + trainFraction + ", " + validationFraction + " leave no test rows");
    }
    SplittableRandom rng = new SplittableRandom(seed);
    int[][] byClass = indicesByClass(data.y(), data.classes());
    int[] counts = new int[3];
    int[][] parts = new int[3][data.size()];
    for (int[] rows : byClass) {
      Sampler.shuffle(rng, rows);
      int train = (int) (rows.length * trainFraction + 0.5);
      int validation =
          Math.min(rows.length - train, (int) (rows.length * validationFraction + 0.5));
      for (int i = 0; i < rows.length; i++) {
        int part = i < train ? 0 : i < train + validation ? 1 : 2;
        parts[part][counts[part]++] = rows[i];
      }
    }
    Dataset[] sets = new Dataset[3];
    for (int part = 0; part < 3; part++) {
      int[] rows = Arrays.copyOf(parts[part], counts[part]);
      Sampler.shuffle(rng, rows);
      sets[part] = data.subset(rows);
    }
    return new DataSplit(sets[0], sets[1], sets[2]);
  }

  /** Row indices per class, each in ascending order. */
  static int[][] indicesByClass(int[] labels, int classes) {
    int[] counts = new int[classes];
    for (int label : labels) {
      counts[label]++;
    }
    int[][] byClass = new int[classes][];
    for (int c = 0; c < classes; c++) {
      byClass[c] = new int[counts[c]];
    }
    int[] filled = new int[classes];
    for (int i = 0; i < labels.length; i++) {
      byClass[labels[i]][filled[labels[i]]++] = i;
    }
    return byClass;
  }
}

package network.deai.learning;

import java.util.Arrays;

/**
 * A labelled classification data set: row {@code i} has features {@code x[i]} and label {@code
 * y[i]}.
 *
 * <p>Guarantees, checked on construction: {@code x.length == y.length}, every row has the same
 * number of features, and every label lies in {@code [0, classes)}. The arrays are not copied (a
 * {@link #subset} shares its rows with the original); nothing in this package writes to them, and
 * callers must not either. Equality is by array identity, as for any record with array components.
 *
 * @param x feature rows, {@code n × features}
 * @param y labels, one per row
 * @param classes number of classes, at least 2
 */
@SuppressWarnings(
    "ArrayRecordComponent") // a view over large arrays; copying each subset would cost
public record Dataset(float[][] x, int[] y, int classes) {

  /** Checks the shape and the labels. */
  public Dataset {
    if (x.length != y.length) {
      throw new IllegalArgumentException(
          "rows " + x.length + " and labels " + y.length + " differ in number");
    }
    if (classes < 2) {
      throw new IllegalArgumentException("need at least 2 classes, got " + classes);
    }
    int features = x.length == 0 ? 0 : x[0].length;
    for (int i = 0; i < x.length; i++) {
      if (x[i].length != features) {
        throw new IllegalArgumentException(
            "row " + i + " has " + x[i].length + " features, expected " + features);
      }
      if (y[i] < 0 || y[i] >= classes) {
        throw new IllegalArgumentException("label " + y[i] + " of row " + i + " out of range");
      }
    }
  }

  /** Number of rows. */
  public int size() {
    return y.length;
  }

  /** Number of features per row (0 for an empty data set). */
  public int features() {
    return x.length == 0 ? 0 : x[0].length;
  }

  /** The rows at {@code indices}, in that order (rows are shared, not copied). */
  public Dataset subset(int[] indices) {
    return subset(indices, 0, indices.length);
  }

  /** The rows at {@code indices[from..to)}, in that order (rows are shared, not copied). */
  public Dataset subset(int[] indices, int from, int to) {
    float[][] rows = new float[to - from][];
    int[] labels = new int[to - from];
    for (int i = from; i < to; i++) {
      rows[i - from] = x[indices[i]];
      labels[i - from] = y[indices[i]];
    }
    return new Dataset(rows, labels, classes);
  }

  /** The same rows with new labels (rows are shared, not copied). */
  public Dataset withLabels(int[] labels) {
    return new Dataset(x, labels, classes);
  }

  /** How many rows carry each label, indexed by class. */
  public int[] classCounts() {
    int[] counts = new int[classes];
    for (int label : y) {
      counts[label]++;
    }
    return counts;
  }

  @Override
  public String toString() {
    return "Dataset[rows="
        + size()
        + ", features="
        + features()
        + ", classes="
        + classes
        + ", counts="
        + Arrays.toString(classCounts())
        + "]";
  }
}

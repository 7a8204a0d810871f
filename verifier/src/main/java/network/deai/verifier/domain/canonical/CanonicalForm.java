package network.deai.verifier.domain.canonical;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What replicas compare of a model's output tensors, as a task spec's {@code canonical} parameter
 * names it. {@code raw} compares the floats themselves (a SimHash in SIMILAR mode, the bytes in
 * EXACT mode); the label forms turn each output into integer labels that honest float noise does
 * not change, so replicas on different hardware can agree EXACTLY on them.
 *
 * <p>The label forms, for an output tensor of shape {@code [d0, …, dn-1]} with row-major data:
 *
 * <ul>
 *   <li>{@code argmax}: the last axis holds the classes ({@code dn-1 ≥ 1}); every row (each of the
 *       {@code d0·…·dn-2} vectors along it, in row-major order) becomes one item of one label, the
 *       index of its best score. A tensor of rank 1 is one row.
 *   <li>{@code top-k:K} (K from 1 to 65535, written without leading zeros): as {@code argmax}, but
 *       each item holds the K best indices, best first; K must not exceed the classes.
 *   <li>{@code ctc}: rank 3 {@code [N, T, C]} (rank 2 {@code [T, C]} is one item) holds per time
 *       step class scores with class 0 the CTC blank; each of the N batch items becomes its {@link
 *       CtcGreedy} label sequence.
 * </ul>
 *
 * "Best" follows one order everywhere: a larger score ranks higher; {@code -0.0f} equals {@code
 * 0.0f}; NaN ranks below every number and equals NaN; equal scores rank the lower index first. A
 * tensor that does not fit the form is an {@link IllegalArgumentException}.
 */
public sealed interface CanonicalForm {
  /** The parameter's value when a spec names none. */
  String DEFAULT = "raw";

  /** The name as specs write it, e.g. {@code top-k:5}. */
  String id();

  /** Whether the form is compared by SHA-256 of {@link LabelEncoding} bytes (labels) or not. */
  default boolean labelled() {
    return this instanceof Labels;
  }

  /** The output floats themselves. */
  record Raw() implements CanonicalForm {
    @Override
    public String id() {
      return "raw";
    }
  }

  /** A form that turns a tensor into items of integer labels. */
  sealed interface Labels extends CanonicalForm permits Argmax, TopK, Ctc {
    /** The items of labels of a tensor of {@code shape} holding {@code data}. */
    int[][] labels(float[] data, int[] shape);
  }

  /** The best class per row. */
  record Argmax() implements Labels {
    @Override
    public String id() {
      return "argmax";
    }

    @Override
    public int[][] labels(float[] data, int[] shape) {
      int classes = classes(data, shape, id());
      int[][] items = new int[data.length / classes][];
      for (int r = 0; r < items.length; r++) {
        items[r] = new int[] {Ranking.best(data, r * classes, classes)};
      }
      return items;
    }
  }

  /** The {@code k} best classes per row, best first. */
  record TopK(int k) implements Labels {
    /** Checks {@code k}. */
    public TopK {
      if (k < 1 || k > 65_535) {
        throw new IllegalArgumentException("top-k needs K from 1 to 65535, got " + k);
      }
    }

    @Override
    public String id() {
      return "top-k:" + k;
    }

    @Override
    public int[][] labels(float[] data, int[] shape) {
      int classes = classes(data, shape, id());
      if (k > classes) {
        throw new IllegalArgumentException(
            id() + " needs at least " + k + " classes, the output has " + classes);
      }
      int[][] items = new int[data.length / classes][];
      for (int r = 0; r < items.length; r++) {
        items[r] = Ranking.top(data, r * classes, classes, k);
      }
      return items;
    }
  }

  /** Greedy CTC decoding per batch item. */
  record Ctc() implements Labels {
    @Override
    public String id() {
      return "ctc";
    }

    @Override
    public int[][] labels(float[] data, int[] shape) {
      if (shape.length != 2 && shape.length != 3) {
        throw new IllegalArgumentException(
            "ctc needs an output of shape [N, T, C] or [T, C], got rank " + shape.length);
      }
      int batch = shape.length == 3 ? shape[0] : 1;
      int steps = shape[shape.length - 2];
      int classes = shape[shape.length - 1];
      checkSize(data, (long) batch * steps * classes);
      int[][] items = new int[batch][];
      int stride = steps * classes;
      for (int n = 0; n < batch; n++) {
        float[] item = java.util.Arrays.copyOfRange(data, n * stride, (n + 1) * stride);
        items[n] = CtcGreedy.decode(item, steps, classes);
      }
      return items;
    }
  }

  /** Parses a spec's {@code canonical} value; throws a one-line reason when it names no form. */
  static CanonicalForm parse(String id) {
    Matcher topK = TOP_K.matcher(id);
    return switch (id) {
      case "raw" -> new Raw();
      case "argmax" -> new Argmax();
      case "ctc" -> new Ctc();
      default -> {
        if (!topK.matches()) {
          throw new IllegalArgumentException(
              "canonical must be raw, argmax, top-k:K or ctc, got '" + id + "'");
        }
        yield new TopK(Integer.parseInt(topK.group(1)));
      }
    };
  }

  /** {@code top-k:K}, K without leading zeros; the range is checked by {@link TopK}. */
  Pattern TOP_K = Pattern.compile("top-k:([1-9][0-9]{0,4})");

  private static int classes(float[] data, int[] shape, String form) {
    if (shape.length < 1) {
      throw new IllegalArgumentException(form + " needs an output of rank 1 or more");
    }
    long count = 1;
    for (int dim : shape) {
      count *= dim;
    }
    checkSize(data, count);
    int classes = shape[shape.length - 1];
    if (classes < 1) {
      throw new IllegalArgumentException(form + " needs at least one class on the last axis");
    }
    return classes;
  }

  private static void checkSize(float[] data, long count) {
    if (count != data.length) {
      throw new IllegalArgumentException(
          "the shape holds " + count + " values, the data " + data.length);
    }
  }
}

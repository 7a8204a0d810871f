package network.deai.node.ocr;

/**
 * Character accuracy of a read line against its truth: {@code 1 - d / n}, floored at 0, where
 * {@code d} is the Levenshtein distance (insertions, deletions and substitutions of Unicode code
 * points, each costing 1) and {@code n} the truth's length in code points. An empty truth scores 1
 * when the prediction is empty too, else 0.
 */
public final class CharAccuracy {
  private CharAccuracy() {}

  /** The accuracy in [0, 1]. */
  public static double of(String predicted, String truth) {
    int[] p = predicted.codePoints().toArray();
    int[] t = truth.codePoints().toArray();
    if (t.length == 0) {
      return p.length == 0 ? 1 : 0;
    }
    return Math.max(0, 1 - (double) levenshtein(p, t) / t.length);
  }

  /** The edit distance between two code point sequences, in two rows of memory. */
  static int levenshtein(int[] a, int[] b) {
    int[] previous = new int[b.length + 1];
    int[] current = new int[b.length + 1];
    for (int j = 0; j <= b.length; j++) {
      previous[j] = j;
    }
    for (int i = 1; i <= a.length; i++) {
      current[0] = i;
      for (int j = 1; j <= b.length; j++) {
        int substitution = previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1);
        current[j] = Math.min(substitution, Math.min(previous[j], current[j - 1]) + 1);
      }
      int[] swap = previous;
      previous = current;
      current = swap;
    }
    return previous[b.length];
  }
}

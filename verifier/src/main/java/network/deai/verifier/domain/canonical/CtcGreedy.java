package network.deai.verifier.domain.canonical;

import java.util.Arrays;

/**
 * Greedy (best-path) CTC decoding of a recognition model's per-time-step class scores into label
 * ids, with class 0 as the CTC blank.
 *
 * <p>The rule, exactly, for the row-major scores {@code probs[t * classes + c]}:
 *
 * <ol>
 *   <li>For every time step {@code t} pick the class with the largest score. Ties go to the lowest
 *       class index. Scores compare numerically, so {@code -0.0f} equals {@code 0.0f}. {@code NaN}
 *       ranks below every number, {@code -Infinity} included, and equals another {@code NaN}; a
 *       time step whose scores are all {@code NaN} therefore picks class 0, the blank.
 *   <li>Collapse runs of the same class in consecutive time steps into one.
 *   <li>Drop the blank. A label repeated with a blank between its runs is kept twice.
 * </ol>
 *
 * <p>The result depends only on the order of the scores within each time step, so it works on
 * probabilities, logits or log-probabilities alike, and replicas whose scores differ by noise too
 * small to change any argmax decode the same labels.
 */
public final class CtcGreedy {
  /** The class index of the CTC blank. */
  public static final int BLANK = 0;

  private CtcGreedy() {}

  /**
   * Decodes row-major scores of {@code timeSteps} rows of {@code classes} columns.
   *
   * @return the label ids in order, never the blank; empty when every step is blank or when {@code
   *     timeSteps} is 0
   * @throws IllegalArgumentException if {@code timeSteps < 0}, {@code classes < 1}, or {@code
   *     probs.length != timeSteps * classes}
   */
  public static int[] decode(float[] probs, int timeSteps, int classes) {
    if (timeSteps < 0) {
      throw new IllegalArgumentException("timeSteps must not be negative: " + timeSteps);
    }
    if (classes < 1) {
      throw new IllegalArgumentException("classes must be at least 1: " + classes);
    }
    if ((long) timeSteps * classes != probs.length) {
      throw new IllegalArgumentException(
          "expected timeSteps * classes = "
              + ((long) timeSteps * classes)
              + " scores, got "
              + probs.length);
    }
    int[] labels = new int[timeSteps];
    int count = 0;
    int previous = BLANK;
    for (int t = 0; t < timeSteps; t++) {
      int best = argmax(probs, t * classes, classes);
      if (best != BLANK && best != previous) {
        labels[count++] = best;
      }
      previous = best;
    }
    return Arrays.copyOf(labels, count);
  }

  /** The lowest index of the largest score in {@code probs[from, from + length)}, NaN lowest. */
  static int argmax(float[] probs, int from, int length) {
    int best = 0;
    float bestScore = probs[from];
    for (int c = 1; c < length; c++) {
      float score = probs[from + c];
      if (score > bestScore || (Float.isNaN(bestScore) && !Float.isNaN(score))) {
        best = c;
        bestScore = score;
      }
    }
    return best;
  }
}

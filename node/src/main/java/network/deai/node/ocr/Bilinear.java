package network.deai.node.ocr;

/** OpenCV's {@code INTER_LINEAR} for one axis and the 2-D sample, in double arithmetic. */
final class Bilinear {
  private Bilinear() {}

  /** The two source indices around a destination index and the weight of the second. */
  record Tap(int first, int second, double weight) {}

  /** Half-pixel centres: {@code source = (destination + 0.5) * from / to - 0.5}, edges clamped. */
  static Tap tap(int destination, int from, int to) {
    double source = (destination + 0.5) * from / to - 0.5;
    if (source <= 0) {
      return new Tap(0, 0, 0);
    }
    int first = (int) Math.floor(source);
    if (first >= from - 1) {
      return new Tap(from - 1, from - 1, 0);
    }
    return new Tap(first, first + 1, source - first);
  }

  /** Writes the three interpolated channels of {@code rgb} at (rows, columns), rounded half up. */
  static void interpolate(int[][] rgb, Tap rows, Tap columns, float[] out) {
    int[] top = rgb[rows.first()];
    int[] bottom = rgb[rows.second()];
    double wy = rows.weight();
    double wx = columns.weight();
    for (int c = 0; c < 3; c++) {
      int a = 3 * columns.first() + c;
      int b = 3 * columns.second() + c;
      double upper = top[a] * (1 - wx) + top[b] * wx;
      double lower = bottom[a] * (1 - wx) + bottom[b] * wx;
      out[c] = (float) Math.floor(upper * (1 - wy) + lower * wy + 0.5);
    }
  }
}

package network.deai.verifier.domain.sybil;

/** Cosine similarity in double with a fixed summation order; 0 when either vector is zero. */
public final class Cosine {
  private Cosine() {}

  public static double similarity(float[] a, float[] b) {
    double dot = 0;
    double na = 0;
    double nb = 0;
    for (int j = 0; j < a.length; j++) {
      dot += (double) a[j] * b[j];
      na += (double) a[j] * a[j];
      nb += (double) b[j] * b[j];
    }
    return na == 0 || nb == 0 ? 0 : dot / (StrictMath.sqrt(na) * StrictMath.sqrt(nb));
  }
}

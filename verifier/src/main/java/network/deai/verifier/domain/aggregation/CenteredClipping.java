package network.deai.verifier.domain.aggregation;

import java.util.ArrayList;
import java.util.List;

/**
 * Centered clipping (Karimireddy, He and Jaggi 2021, "Learning from History for Byzantine Robust
 * Optimization"): starting from the zero update, {@code iterations} times move the centre v by the
 * mean of the updates' offsets from it, each offset clipped to Euclidean norm {@code tau}.
 *
 * <p>Bit-exact definition: v starts as float zeros. Each iteration computes for every update i
 * {@code d_i = sqrt(Vectors.squared(x_i, v))} and {@code c_i = d_i <= tau ? 1 : tau / d_i} in
 * double; then for each coordinate j, {@code s = Σ_i c_i·((double) x_ij − v_j)} in list order and
 * {@code v_j = (float) (v_j + s / n)}. No worker is excluded: a far update only moves the centre by
 * tau / n.
 */
public final class CenteredClipping implements AggregationRule {
  private final double tau;
  private final int iterations;

  /** Clipping radius {@code tau} > 0 and 1..100 iterations. */
  public CenteredClipping(double tau, int iterations) {
    if (!(tau > 0) || Double.isInfinite(tau)) {
      throw new IllegalArgumentException("tau must be finite and > 0, got " + tau);
    }
    if (iterations < 1 || iterations > 100) {
      throw new IllegalArgumentException("iterations must be in 1..100, got " + iterations);
    }
    this.tau = tau;
    this.iterations = iterations;
  }

  @Override
  public AggregationResult aggregate(List<ModelUpdate> updates) {
    int d = Vectors.dimension(updates);
    int n = updates.size();
    float[] v = new float[d];
    double[] scale = new double[n];
    for (int l = 0; l < iterations; l++) {
      for (int i = 0; i < n; i++) {
        double distance = Math.sqrt(Vectors.squared(updates.get(i).delta(), v));
        scale[i] = distance <= tau ? 1.0 : tau / distance;
      }
      float[] next = new float[d];
      for (int j = 0; j < d; j++) {
        double s = 0;
        for (int i = 0; i < n; i++) {
          s += scale[i] * ((double) updates.get(i).delta()[j] - v[j]);
        }
        next[j] = (float) (v[j] + s / n);
      }
      v = next;
    }
    List<Integer> all = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      all.add(i);
    }
    return Vectors.result(updates, all, v);
  }

  @Override
  public String name() {
    return "cc";
  }
}

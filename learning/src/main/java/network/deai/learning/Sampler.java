package network.deai.learning;

import java.util.random.RandomGenerator;

/**
 * Seeded sampling that is bitwise reproducible on every JVM.
 *
 * <p>Every method draws only through {@link RandomGenerator#nextLong()} and uses {@link StrictMath}
 * for transcendental functions, so the samples depend on nothing but the generator's sequence of
 * longs. (The JDK's own {@code nextGaussian} and bounded {@code nextInt} are not used: their
 * algorithms are not specified and have changed between releases.) Seed a {@link
 * java.util.SplittableRandom} to get a fixed sequence.
 */
public final class Sampler {

  private Sampler() {}

  /** Uniform on {@code [0, 1)} with 53 random bits. */
  public static double uniform(RandomGenerator rng) {
    return (rng.nextLong() >>> 11) * 0x1.0p-53;
  }

  /** Uniform on {@code (0, 1]} with 53 random bits; safe to take the logarithm of. */
  public static double uniformPositive(RandomGenerator rng) {
    return ((rng.nextLong() >>> 11) + 1) * 0x1.0p-53;
  }

  /** Uniform on {@code [0, bound)}, unbiased (rejection sampling on 31-bit draws). */
  public static int uniformInt(RandomGenerator rng, int bound) {
    if (bound <= 0) {
      throw new IllegalArgumentException("bound must be positive, got " + bound);
    }
    long range = 1L << 31;
    long threshold = range - range % bound;
    long draw;
    do {
      draw = rng.nextLong() >>> 33;
    } while (draw >= threshold);
    return (int) (draw % bound);
  }

  /** Standard normal by Marsaglia's polar method (the second value of each pair is dropped). */
  public static double gaussian(RandomGenerator rng) {
    double u;
    double s;
    do {
      u = 2 * uniform(rng) - 1;
      double v = 2 * uniform(rng) - 1;
      s = u * u + v * v;
    } while (s >= 1 || s == 0);
    return u * StrictMath.sqrt(-2 * StrictMath.log(s) / s);
  }

  /**
   * Gamma(shape, 1) by Marsaglia and Tsang (2000), "A simple method for generating gamma
   * variables"; for {@code shape < 1} it boosts: {@code Gamma(shape + 1) · U^(1/shape)}.
   */
  public static double gamma(RandomGenerator rng, double shape) {
    if (!(shape > 0) || Double.isInfinite(shape)) {
      throw new IllegalArgumentException("shape must be positive and finite, got " + shape);
    }
    if (shape < 1) {
      return gamma(rng, shape + 1) * StrictMath.pow(uniformPositive(rng), 1 / shape);
    }
    double d = shape - 1.0 / 3;
    double c = 1 / StrictMath.sqrt(9 * d);
    while (true) {
      double x;
      double v;
      do {
        x = gaussian(rng);
        v = 1 + c * x;
      } while (v <= 0);
      v = v * v * v;
      double u = uniformPositive(rng);
      double xx = x * x;
      if (u < 1 - 0.0331 * xx * xx
          || StrictMath.log(u) < 0.5 * xx + d * (1 - v + StrictMath.log(v))) {
        return d * v;
      }
    }
  }

  /**
   * A draw from the symmetric Dirichlet(alpha) over {@code k} components: normalised Gamma(alpha)
   * draws, summed in index order. If every Gamma draw underflows to 0 (only for tiny alpha), all
   * mass goes to one uniformly drawn component.
   */
  public static double[] dirichlet(RandomGenerator rng, double alpha, int k) {
    double[] p = new double[k];
    double sum = 0;
    for (int i = 0; i < k; i++) {
      p[i] = gamma(rng, alpha);
      sum += p[i];
    }
    if (sum == 0) {
      p[uniformInt(rng, k)] = 1;
      return p;
    }
    for (int i = 0; i < k; i++) {
      p[i] /= sum;
    }
    return p;
  }

  /** Shuffles {@code values} in place (Fisher–Yates from the last position down). */
  public static void shuffle(RandomGenerator rng, int[] values) {
    for (int i = values.length - 1; i > 0; i--) {
      int j = uniformInt(rng, i + 1);
      int swap = values[i];
      values[i] = values[j];
      values[j] = swap;
    }
  }

  /** A uniformly random permutation of {@code 0..n-1}. */
  public static int[] permutation(RandomGenerator rng, int n) {
    int[] values = new int[n];
    for (int i = 0; i < n; i++) {
      values[i] = i;
    }
    shuffle(rng, values);
    return values;
  }
}

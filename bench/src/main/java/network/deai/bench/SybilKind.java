package network.deai.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.IntFunction;
import network.deai.learning.NoisedCopy;

/**
 * How a Sybil owner fills its identities from its one shard. {@code train.apply(s)} trains on the
 * owner's shard with the owner's seed number {@code s}.
 */
enum SybilKind {
  /** Every identity submits the same update. */
  COPY,
  /** Identity 0 submits the update, the others copies with noise, cosine to it in [0.8, 0.95]. */
  NOISED,
  /** Every identity submits its own noised copy (cosine to the unsent update in [0.8, 0.95]). */
  NOISED_ALL,
  /** Every identity trains the shard with its own seed. */
  SEEDS,
  /** Identity 0 submits the update, the others copies scaled by a factor in [0.5, 3]. */
  SCALED;

  static final double MIN_COSINE = 0.8;
  static final double MAX_COSINE = 0.95;

  /** The name in output lines. */
  String label() {
    return name().toLowerCase(java.util.Locale.ROOT);
  }

  List<float[]> identities(int count, IntFunction<float[]> train, SplittableRandom rng) {
    List<float[]> out = new ArrayList<>();
    float[] base = train.apply(0);
    for (int s = 0; s < count; s++) {
      out.add(
          switch (this) {
            case COPY -> base.clone();
            case NOISED -> s == 0 ? base.clone() : noised(base, rng);
            case NOISED_ALL -> noised(base, rng);
            case SEEDS -> s == 0 ? base : train.apply(s);
            case SCALED -> s == 0 ? base.clone() : scaled(base, 0.5 + 2.5 * rng.nextDouble());
          });
    }
    return out;
  }

  /** u + z with z Gaussian, orthogonal to u and sized so that cos(u, u + z) is drawn uniformly. */
  static float[] noised(float[] u, SplittableRandom rng) {
    return new NoisedCopy(MIN_COSINE, MAX_COSINE).craft(u, List.of(), rng);
  }

  static float[] scaled(float[] u, double factor) {
    float[] out = new float[u.length];
    for (int j = 0; j < u.length; j++) {
      out[j] = (float) (u[j] * factor);
    }
    return out;
  }
}

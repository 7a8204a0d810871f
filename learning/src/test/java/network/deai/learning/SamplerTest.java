package network.deai.learning;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.SplittableRandom;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class SamplerTest {

  // Drawn once from SplittableRandom(42); a change here breaks agreement between replicas.
  private static final int GOLDEN_INT = 1;
  private static final double GOLDEN_GAUSSIAN = -0x1.8813939bf902ap-1;
  private static final double GOLDEN_GAMMA = 0x1.9e5c721ac3222p-5;

  @Test
  void drawsTheSameSequenceForTheSameSeed() {
    SplittableRandom a = new SplittableRandom(5);
    SplittableRandom b = new SplittableRandom(5);
    for (int i = 0; i < 100; i++) {
      assertThat(Double.doubleToRawLongBits(Sampler.gamma(a, 0.5)))
          .isEqualTo(Double.doubleToRawLongBits(Sampler.gamma(b, 0.5)));
    }
  }

  @Test
  void matchesGoldenValuesSoReplicasOnOtherJvmsAgree() {
    SplittableRandom rng = new SplittableRandom(42);

    assertThat(Sampler.uniformInt(rng, 10)).isEqualTo(GOLDEN_INT);
    assertThat(Sampler.gaussian(rng)).isEqualTo(GOLDEN_GAUSSIAN);
    assertThat(Sampler.gamma(rng, 0.5)).isEqualTo(GOLDEN_GAMMA);
  }

  @Test
  void gammaHasMeanEqualToShape() {
    SplittableRandom rng = new SplittableRandom(1);
    for (double shape : new double[] {0.3, 1, 4}) {
      double sum = 0;
      int n = 20_000;
      for (int i = 0; i < n; i++) {
        sum += Sampler.gamma(rng, shape);
      }
      assertThat(sum / n).isCloseTo(shape, within(0.05 * shape + 0.02));
    }
  }

  @Test
  void gaussianHasZeroMeanAndUnitVariance() {
    SplittableRandom rng = new SplittableRandom(2);
    double sum = 0;
    double squares = 0;
    int n = 20_000;
    for (int i = 0; i < n; i++) {
      double g = Sampler.gaussian(rng);
      sum += g;
      squares += g * g;
    }
    assertThat(sum / n).isCloseTo(0, within(0.03));
    assertThat(squares / n).isCloseTo(1, within(0.05));
  }

  @Test
  void dirichletSumsToOne() {
    double[] p = Sampler.dirichlet(new SplittableRandom(3), 0.5, 7);

    assertThat(p).hasSize(7);
    double sum = 0;
    for (double v : p) {
      assertThat(v).isBetween(0.0, 1.0);
      sum += v;
    }
    assertThat(sum).isCloseTo(1, within(1e-12));
  }

  @Test
  void permutationContainsEveryIndexOnce() {
    int[] permutation = Sampler.permutation(new SplittableRandom(4), 50);

    assertThat(permutation).containsExactlyInAnyOrder(IntStream.range(0, 50).toArray());
  }
}

package network.deai.incentive.domain.shapley;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The exact limits of each estimator's parameters and player counts, and their spec names. */
class EstimatorBoundariesTest {
  private static final CoalitionUtility SIZE = Long::bitCount;

  @Test
  void estimatorsAreNamedAsJobSpecsNameThem() {
    SplittableRandom rng = new SplittableRandom(1);
    assertThat(
            List.of(
                new ExactShapley().name(),
                new TruncatedMonteCarlo(1, 0, rng).name(),
                new PermutationMonteCarlo(1, rng).name(),
                new GtgShapley(1, 0, 0, 0, rng).name()))
        .containsExactly("exact", "truncated-mc", "monte-carlo", "gtg");
  }

  @Test
  void exactShapleyTakesOneToTwentyPlayers() {
    assertThatThrownBy(() -> new ExactShapley().estimate(0, SIZE)).hasMessageContaining("1..20");
    assertThatThrownBy(() -> new ExactShapley().estimate(21, SIZE)).hasMessageContaining("1..20");
    ShapleyResult twenty = new ExactShapley().estimate(20, SIZE);
    assertThat(twenty.utilityEvaluations()).isEqualTo(1L << 20);
    assertThat(twenty.values()[19]).isCloseTo(1.0, org.assertj.core.data.Offset.offset(1e-9));
  }

  @Test
  void samplingEstimatorsTakeOneToSixtyTwoPlayers() {
    SplittableRandom rng = new SplittableRandom(2);
    for (ShapleyEstimator e :
        List.<ShapleyEstimator>of(
            new TruncatedMonteCarlo(1, 0, rng), new GtgShapley(1, 0, 0, 0, rng))) {
      assertThatThrownBy(() -> e.estimate(0, SIZE)).as(e.name()).hasMessageContaining("1..62");
      assertThatThrownBy(() -> e.estimate(63, SIZE)).as(e.name()).hasMessageContaining("1..62");
      assertThat(e.estimate(62, SIZE).values()).as(e.name()).hasSize(62);
      assertThat(e.estimate(1, SIZE).values()).as(e.name()).containsExactly(1.0);
    }
  }

  @Test
  void samplingParametersAreChecked() {
    SplittableRandom rng = new SplittableRandom(3);
    assertThatThrownBy(() -> new TruncatedMonteCarlo(0, 0, rng)).hasMessageContaining(">= 1");
    assertThatThrownBy(() -> new TruncatedMonteCarlo(1, -1e-300, rng))
        .hasMessageContaining("tolerance >= 0");
    assertThatCode(() -> new TruncatedMonteCarlo(1, 0, rng)).doesNotThrowAnyException();
    assertThatThrownBy(() -> new PermutationMonteCarlo(0, rng)).hasMessageContaining(">= 1");
    assertThatCode(() -> new PermutationMonteCarlo(1, rng)).doesNotThrowAnyException();
    assertThatThrownBy(() -> new GtgShapley(0, 0, 0, 0, rng)).hasMessageContaining(">= 1");
    assertThatCode(() -> new GtgShapley(1, 0, 0, 0, rng)).doesNotThrowAnyException();
  }

  @Test
  void clustersMustPartitionThePlayers() {
    ClusterShapley shapley = new ClusterShapley(new ExactShapley());
    assertThatThrownBy(() -> shapley.estimate(List.of(List.of(0, -1), List.of(1)), 2, SIZE))
        .hasMessageContaining("partition");
    assertThatThrownBy(() -> shapley.estimate(List.of(List.of(0), List.of(2)), 2, SIZE))
        .hasMessage("clusters must partition 0..1");
    assertThatThrownBy(() -> shapley.estimate(List.of(List.of(0, 1), List.of(1)), 2, SIZE))
        .hasMessageContaining("partition");
    assertThatThrownBy(() -> shapley.estimate(List.of(List.of(0)), 2, SIZE))
        .hasMessageContaining("cover every player");
    assertThat(shapley.estimate(List.of(List.of(1), List.of(0)), 2, SIZE).values())
        .containsExactly(1.0, 1.0);
  }
}

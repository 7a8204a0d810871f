package network.deai.incentive.domain.shapley;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.data.Offset.offset;

import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class ShapleyEstimatorsTest {
  /** Additive game: v(S) = Σ_{i∈S} w_i, so φ_i = w_i exactly. */
  private static final double[] WEIGHTS = {0.5, 0.2, -0.1, 0.0, 0.3, 0.1};

  private static final CoalitionUtility ADDITIVE =
      mask -> {
        double v = 0;
        for (int i = 0; i < WEIGHTS.length; i++) {
          if ((mask & (1L << i)) != 0) {
            v += WEIGHTS[i];
          }
        }
        return v;
      };

  /** Glove game: players 0 and 1 hold left gloves, 2 a right glove; a pair is worth 1. */
  private static final CoalitionUtility GLOVES =
      mask -> ((mask & 3) != 0 && (mask & 4) != 0) ? 1 : 0;

  /** A smooth, saturating game: accuracy-like utility of summed contributions. */
  private static final CoalitionUtility SMOOTH =
      mask -> {
        double s = 0;
        for (int i = 0; i < 8; i++) {
          if ((mask & (1L << i)) != 0) {
            s += 0.05 * (i + 1);
          }
        }
        return 1 - StrictMath.exp(-s);
      };

  @Test
  void exactRecoversAdditiveWeightsAndEvaluatesEachCoalitionOnce() {
    ShapleyResult r = new ExactShapley().estimate(6, ADDITIVE);

    assertThat(r.values()).containsExactly(WEIGHTS, offset(1e-12));
    assertThat(r.utilityEvaluations()).isEqualTo(64);
  }

  @Test
  void exactSolvesTheGloveGame() {
    // Known values: left gloves 1/6 each, the right glove 2/3.
    assertThat(new ExactShapley().estimate(3, GLOVES).values())
        .containsExactly(new double[] {1.0 / 6, 1.0 / 6, 2.0 / 3}, offset(1e-12));
  }

  @Test
  void exactIsEfficientAndGivesNullPlayersNothing() {
    double[] phi = new ExactShapley().estimate(8, SMOOTH).values();
    double sum = 0;
    for (double p : phi) {
      sum += p;
    }
    assertThat(sum).isCloseTo(SMOOTH.value(255) - SMOOTH.value(0), offset(1e-12));
    assertThat(new ExactShapley().estimate(6, ADDITIVE).values()[3]).isZero();
  }

  @Test
  void samplingEstimatorsApproachExactValues() {
    double[] exact = new ExactShapley().estimate(8, SMOOTH).values();
    List<ShapleyEstimator> estimators =
        List.of(
            new PermutationMonteCarlo(400, new SplittableRandom(1)),
            new TruncatedMonteCarlo(400, 0.01, new SplittableRandom(2)),
            new GtgShapley(400, 0.01, 1e-6, 0.005, new SplittableRandom(3)));
    for (ShapleyEstimator e : estimators) {
      ShapleyResult r = e.estimate(8, SMOOTH);
      assertThat(Spearman.rho(r.values(), exact)).as(e.name()).isGreaterThanOrEqualTo(0.9);
      assertThat(r.values()).as(e.name()).containsExactly(exact, offset(0.02));
      assertThat(r.utilityEvaluations()).as(e.name()).isLessThanOrEqualTo(256);
    }
  }

  @Test
  void monteCarloIsReproducibleForASeed() {
    double[] a =
        new PermutationMonteCarlo(50, new SplittableRandom(9)).estimate(6, ADDITIVE).values();
    double[] b =
        new PermutationMonteCarlo(50, new SplittableRandom(9)).estimate(6, ADDITIVE).values();
    assertThat(a).isEqualTo(b);
  }

  @Test
  void gtgSkipsRoundsWithoutProgress() {
    ShapleyResult r =
        new GtgShapley(100, 0.01, 1e-3, 0.01, new SplittableRandom(1)).estimate(5, m -> 0.7);
    assertThat(r.values()).containsOnly(0.0);
    assertThat(r.utilityEvaluations()).isEqualTo(2);
  }

  @Test
  void clusterScoringRemovesTheGainOfACopiedIdentity() {
    // Additive utility in which a copied identity (player 3, a copy of player 2) counts again,
    // as when a coalition's updates are summed: raw Shapley doubles the pair's credit.
    double[] w = {0.3, 0.2, 0.4};
    CoalitionUtility withCopy =
        mask -> {
          double v = 0;
          for (int i = 0; i < 4; i++) {
            v += (mask & (1L << i)) != 0 ? w[Math.min(i, 2)] : 0;
          }
          return v;
        };
    double single = w[2];
    double[] raw = new ExactShapley().estimate(4, withCopy).values();
    double[] clustered =
        new ClusterShapley(new ExactShapley())
            .estimate(List.of(List.of(0), List.of(1), List.of(2, 3)), 4, withCopy)
            .values();

    assertThat((raw[2] + raw[3]) / single).isCloseTo(2.0, offset(1e-12));
    assertThat((clustered[2] + clustered[3]) / single).isCloseTo(1.0, offset(1e-12));
    assertThat(clustered[2]).isEqualTo(clustered[3]);
    assertThat(clustered[0]).isCloseTo(w[0], offset(1e-12));
  }

  @Test
  void rejectsTooManyPlayersForExactAndBadPartitions() {
    assertThatThrownBy(() -> new ExactShapley().estimate(21, ADDITIVE))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(
            () ->
                new ClusterShapley(new ExactShapley())
                    .estimate(List.of(List.of(0), List.of(0, 1)), 2, ADDITIVE))
        .hasMessageContaining("partition");
  }

  @Test
  void spearmanHandlesTiesAndOrder() {
    assertThat(Spearman.rho(new double[] {1, 2, 3}, new double[] {10, 20, 30})).isEqualTo(1.0);
    assertThat(Spearman.rho(new double[] {1, 2, 3}, new double[] {3, 2, 1})).isEqualTo(-1.0);
    assertThat(Spearman.rho(new double[] {1, 1, 2}, new double[] {5, 5, 9}))
        .isCloseTo(1.0, offset(1e-12));
  }

  @Test
  void spearmanOfPartlyAgreeingRanks() {
    // One swapped pair of four: 1 − 6·Σd²/(n(n²−1)) = 1 − 6·2/60.
    assertThat(Spearman.rho(new double[] {1, 2, 3, 4}, new double[] {10, 30, 20, 40}))
        .isCloseTo(0.8, offset(1e-12));
    // Ties share the average rank: ranks (1.5, 1.5, 3, 4) against (1, 2, 3, 4).
    assertThat(Spearman.rho(new double[] {7, 7, 8, 9}, new double[] {1, 2, 3, 4}))
        .isCloseTo(4.5 / Math.sqrt(4.5 * 5), offset(1e-12));
    assertThat(Spearman.rho(new double[] {1, 2}, new double[] {2, 1})).isEqualTo(-1.0);
    assertThat(Spearman.rho(new double[] {1, 1}, new double[] {2, 1})).isZero();
    assertThatThrownBy(() -> Spearman.rho(new double[] {1}, new double[] {1}))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> Spearman.rho(new double[] {1, 2}, new double[] {1, 2, 3}))
        .isInstanceOf(IllegalArgumentException.class);
  }
}

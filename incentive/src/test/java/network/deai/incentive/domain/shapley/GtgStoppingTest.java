package network.deai.incentive.domain.shapley;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * When GTG-Shapley stops: after at least 2n permutations, at the first batch of n whose mean
 * relative change is strictly below the convergence bound, else at {@code maxPermutations}. The
 * number of distinct coalitions evaluated shows where it stopped, since later permutations visit
 * new ones.
 */
class GtgStoppingTest {
  private static final int PLAYERS = 8;

  /** Dyadic, so that sums and means of marginal contributions are exact in binary64. */
  private static final double[] WEIGHTS = {0.5, 0.25, -0.125, 0.0625, 0.375, 0.125, -0.25, 0.75};

  /**
   * Additive: every permutation gives each player its weight, so from the second batch on the
   * estimates' relative change is exactly 0.
   */
  private static final CoalitionUtility ADDITIVE =
      mask -> {
        double v = 0;
        for (int i = 0; i < PLAYERS; i++) {
          v += (mask & (1L << i)) != 0 ? WEIGHTS[i] : 0;
        }
        return v;
      };

  /** Distinct coalitions after exactly {@code permutations} guided permutations of seed 5. */
  private static long evaluationsAfter(int permutations, CoalitionUtility game) {
    return new GtgShapley(permutations, 0, -1, -1, new SplittableRandom(5))
        .estimate(PLAYERS, game)
        .utilityEvaluations();
  }

  private static ShapleyResult gtg(
      int max, double roundTolerance, double convergence, CoalitionUtility game) {
    return new GtgShapley(max, 0, roundTolerance, convergence, new SplittableRandom(5))
        .estimate(PLAYERS, game);
  }

  @Test
  void laterPermutationsEvaluateNewCoalitions() {
    assertThat(evaluationsAfter(8, ADDITIVE)).isLessThan(evaluationsAfter(16, ADDITIVE));
    assertThat(evaluationsAfter(16, ADDITIVE)).isLessThan(evaluationsAfter(24, ADDITIVE));
    assertThat(evaluationsAfter(24, ADDITIVE)).isLessThan(evaluationsAfter(40, ADDITIVE));
  }

  @Test
  void stopsAtTwoNWhenTheEstimatesNoLongerMove() {
    ShapleyResult r = gtg(1000, 0, 1e-9, ADDITIVE);

    assertThat(r.utilityEvaluations()).isEqualTo(evaluationsAfter(16, ADDITIVE));
    for (int i = 0; i < PLAYERS; i++) {
      assertThat(r.values()[i]).isCloseTo(WEIGHTS[i], org.assertj.core.data.Offset.offset(1e-12));
    }
  }

  @Test
  void needsAChangeStrictlyBelowTheBound() {
    // The change is exactly 0 from the second batch on, which is not below a bound of 0.
    assertThat(gtg(40, 0, 0, ADDITIVE).utilityEvaluations())
        .isEqualTo(evaluationsAfter(40, ADDITIVE));
  }

  @Test
  void neverStopsBeforeTwoNPermutations() {
    // A null game whose round is not skipped: the estimates are 0 from the first batch on.
    CoalitionUtility nothing = mask -> 0.0;
    assertThat(gtg(1000, -1, 0.5, nothing).utilityEvaluations())
        .isEqualTo(evaluationsAfter(16, nothing))
        .isGreaterThan(evaluationsAfter(8, nothing));
  }
}

package network.deai.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import java.util.function.DoublePredicate;
import org.junit.jupiter.api.Test;

class RobustnessResultsTest {

  private static RobustnessResults results() {
    RobustnessResults results = new RobustnessResults();
    results.put(0.5, "fedavg", "none", 0.80);
    results.put(1.0, "fedavg", "none", 0.90);
    results.put(0.5, "median", "none", 0.70);
    results.put(1.0, "median", "none", 0.85);
    results.put(0.5, "median", "ipm", 0.60);
    results.put(1.0, "median", "ipm", 0.88);
    return results;
  }

  @Test
  void minAccuracyIsTheWorstOverAttacksAndAlphas() {
    assertThat(results().minAccuracy("median")).isEqualTo(0.60);
    assertThat(results().fedAvgNoAttack()).isEqualTo(0.80);
  }

  @Test
  void gapsCompareWithFedAvgWithoutAttackAtTheSameAlpha() {
    RobustnessResults results = results();

    assertThat(results.heterogeneityGap("median")).isCloseTo(0.10, within(1e-12));
    assertThat(results.maxGapToFedAvg("median")).isCloseTo(0.20, within(1e-12));
    assertThat(results.heterogeneityGap("fedavg")).isZero();
  }

  @Test
  void headlineGapsLeaveOutSkewedAlphasAndTheBestVariantHasTheSmallestGap() {
    RobustnessResults results = results();
    results.put(0.1, "fedavg", "none", 0.70);
    results.put(0.1, "median", "none", 0.30);
    results.put(0.5, "nnm+median", "none", 0.78);
    results.put(1.0, "nnm+median", "ipm", 0.86);
    results.put(0.1, "nnm+median", "none", 0.65);
    DoublePredicate headline = alpha -> alpha >= 0.5;

    assertThat(results.maxGapToFedAvg("median", headline)).isCloseTo(0.20, within(1e-12));
    assertThat(results.maxGapToFedAvg("median", alpha -> alpha < 0.5))
        .isCloseTo(0.40, within(1e-12));
    assertThat(results.minAccuracy("nnm+median", headline)).isEqualTo(0.78);
    assertThat(results.best(List.of("median", "nnm+median"), headline)).isEqualTo("nnm+median");
  }

  @Test
  void refusesARunThatDidNotHappen() {
    assertThatThrownBy(() -> results().accuracy(0.5, "krum", "none"))
        .isInstanceOf(IllegalArgumentException.class);
  }
}

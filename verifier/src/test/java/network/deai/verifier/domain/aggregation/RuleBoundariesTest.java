package network.deai.verifier.domain.aggregation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The exact limits of each rule's parameters and update counts, its name as job specs spell it, and
 * that coordinate-wise rules treat every coordinate alike across the blocks they are split in.
 */
class RuleBoundariesTest {
  @Test
  void rulesAreNamedAsJobSpecsNameThem() {
    float[] own = new float[1];
    assertThat(
            List.of(
                new FedAvg().name(),
                new CoordinateMedian().name(),
                new TrimmedMean(1).name(),
                new Krum(1).name(),
                new MultiKrum(1, 2).name(),
                new Bulyan(1).name(),
                new Ubar(1, own, v -> 0).name()))
        .containsExactly(
            "fedavg", "median", "trimmed-mean", "krum", "multi-krum", "bulyan", "ubar");
  }

  @Test
  void krumNeedsMoreThanTwoFPlusTwoUpdates() {
    assertThatThrownBy(() -> new Krum(1).aggregate(updates(4, 3))).hasMessageContaining("n > 2f");
    assertThatCode(() -> new Krum(1).aggregate(updates(5, 3))).doesNotThrowAnyException();
    assertThatThrownBy(() -> new Krum(-1)).hasMessageContaining("f must be >= 0");
    assertThatCode(() -> new Krum(0).aggregate(updates(3, 3))).doesNotThrowAnyException();
  }

  @Test
  void multiKrumNeedsMoreThanTwoFPlusTwoUpdatesAndAtMostNKept() {
    assertThatThrownBy(() -> new MultiKrum(1, 2).aggregate(updates(4, 3)))
        .hasMessageContaining("n > 2f + 2");
    assertThat(new MultiKrum(1, 5).aggregate(updates(5, 3)).kept()).hasSize(5);
    assertThatThrownBy(() -> new MultiKrum(1, 6).aggregate(updates(5, 3)))
        .hasMessageContaining("m <= n");
    assertThatThrownBy(() -> new MultiKrum(-1, 1)).hasMessageContaining("f >= 0");
    assertThatThrownBy(() -> new MultiKrum(0, 0)).hasMessageContaining("m >= 1");
    assertThat(new MultiKrum(0, 1).aggregate(updates(3, 3)).kept()).hasSize(1);
  }

  @Test
  void trimmedMeanNeedsMoreThanTwoBUpdates() {
    assertThatThrownBy(() -> new TrimmedMean(2).aggregate(updates(4, 3)))
        .hasMessageContaining("n > 2b");
    assertThatCode(() -> new TrimmedMean(2).aggregate(updates(5, 3))).doesNotThrowAnyException();
    assertThatThrownBy(() -> new TrimmedMean(-1)).hasMessageContaining("b must be >= 0");
  }

  @Test
  void bulyanNeedsFourFPlusThreeUpdates() {
    assertThatThrownBy(() -> new Bulyan(1).aggregate(updates(6, 3)))
        .hasMessageContaining("n >= 4f + 3");
    assertThatCode(() -> new Bulyan(1).aggregate(updates(7, 3))).doesNotThrowAnyException();
    assertThatThrownBy(() -> new Bulyan(-1)).hasMessageContaining("f must be >= 0");
  }

  @Test
  void ubarTakesRhoInZeroExclusiveToOneInclusive() {
    float[] own = new float[3];
    assertThatThrownBy(() -> new Ubar(0, own, v -> 0)).hasMessageContaining("rho");
    assertThatThrownBy(() -> new Ubar(1.0000001, own, v -> 0)).hasMessageContaining("rho");
    assertThatThrownBy(() -> new Ubar(Double.NaN, own, v -> 0)).hasMessageContaining("rho");
    assertThat(new Ubar(1, own, v -> 0).aggregate(updates(4, 3)).kept()).hasSize(4);
    assertThat(new Ubar(Double.MIN_VALUE, own, v -> 0).aggregate(updates(4, 3)).kept()).hasSize(1);
    assertThatThrownBy(() -> new Ubar(1, new float[2], v -> 0).aggregate(updates(4, 3)))
        .hasMessageContaining("own vector has dimension 2");
  }

  @Test
  void preAggregationAndClippingParametersAreChecked() {
    assertThatThrownBy(() -> new NearestNeighbourMixing(-1)).hasMessageContaining("f must be >= 0");
    assertThatThrownBy(() -> new NearestNeighbourMixing(3).apply(updates(3, 2)))
        .hasMessageContaining("f < n");
    assertThat(new NearestNeighbourMixing(2).apply(updates(3, 2)).updates()).hasSize(3);
    assertThatThrownBy(() -> new Bucketing(0, 1)).hasMessageContaining("bucket size must be >= 1");
    assertThat(new Bucketing(1, 1).apply(updates(3, 2)).updates()).hasSize(3);
    assertThat(new Bucketing(2, 1).apply(updates(5, 2)).updates()).hasSize(3);
    assertThatThrownBy(() -> new CenteredClipping(0, 1)).hasMessageContaining("tau");
    assertThatThrownBy(() -> new CenteredClipping(Double.NaN, 1)).hasMessageContaining("tau");
    assertThatThrownBy(() -> new CenteredClipping(Double.POSITIVE_INFINITY, 1))
        .hasMessageContaining("tau");
    assertThatThrownBy(() -> new CenteredClipping(1, 0)).hasMessageContaining("1..100");
    assertThatThrownBy(() -> new CenteredClipping(1, 101)).hasMessageContaining("1..100");
    assertThatCode(() -> new CenteredClipping(Double.MIN_VALUE, 100).aggregate(updates(2, 2)))
        .doesNotThrowAnyException();
    assertThat(
            new ComposedRule(
                    List.of(new NearestNeighbourMixing(1), new Bucketing(2, 3)), new Krum(0))
                .name())
        .isEqualTo("nnm+bucketing+krum");
  }

  @Test
  void clippingAnUpdateExactlyAtTauLeavesItWhole() {
    List<ModelUpdate> one = List.of(new ModelUpdate(1, new float[] {3f, 4f}, 1));
    assertThat(new CenteredClipping(5, 1).aggregate(one).aggregate()).containsExactly(3f, 4f);
    assertThat(new CenteredClipping(2.5, 1).aggregate(one).aggregate()).containsExactly(1.5f, 2f);
  }

  @Test
  void coordinateWiseRulesTreatEveryCoordinateAloneAcrossBlocks() {
    int d = 2 * Vectors.BLOCK + 7;
    List<ModelUpdate> updates = updates(7, d);
    for (int threads : new int[] {1, 3}) {
      List<AggregationRule> rules =
          List.of(
              new FedAvg(threads),
              new CoordinateMedian(threads),
              new TrimmedMean(2, threads),
              new MultiKrum(0, 7, threads));
      for (AggregationRule rule : rules) {
        float[] whole = rule.aggregate(updates).aggregate();
        assertThat(whole).hasSize(d);
        for (int j : new int[] {0, Vectors.BLOCK - 1, Vectors.BLOCK, 2 * Vectors.BLOCK, d - 1}) {
          float alone = rule.aggregate(column(updates, j)).aggregate()[0];
          assertThat(Float.floatToRawIntBits(whole[j]))
              .as("%s on %d threads, coordinate %d", rule.name(), threads, j)
              .isEqualTo(Float.floatToRawIntBits(alone));
        }
      }
    }
  }

  private static List<ModelUpdate> column(List<ModelUpdate> updates, int j) {
    List<ModelUpdate> out = new ArrayList<>();
    for (ModelUpdate u : updates) {
      out.add(new ModelUpdate(u.worker(), new float[] {u.delta()[j]}, u.samples()));
    }
    return out;
  }

  private static List<ModelUpdate> updates(int n, int d) {
    SplittableRandom rng = new SplittableRandom(n * 31L + d);
    List<ModelUpdate> out = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      float[] v = new float[d];
      for (int j = 0; j < d; j++) {
        v[j] = (float) rng.nextGaussian();
      }
      out.add(new ModelUpdate(i, v, 1 + i));
    }
    return out;
  }
}

package network.deai.verifier.domain.aggregation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class AggregationRulesTest {
  /** Five 2-d updates: four honest around (1, 1) and one outlier at (10, -10). */
  private static final List<ModelUpdate> FIVE =
      List.of(
          update(0, 1.0f, 1.0f, 10),
          update(1, 1.2f, 0.8f, 10),
          update(2, 0.9f, 1.1f, 10),
          update(3, 1.1f, 1.0f, 10),
          update(4, 10f, -10f, 10));

  @Test
  void fedAvgWeightsBySamples() {
    List<ModelUpdate> two = List.of(update(0, 1f, 0f, 1), update(1, 4f, 3f, 2));

    AggregationResult r = new FedAvg().aggregate(two);

    assertThat(r.aggregate()).containsExactly(3f, 2f);
    assertThat(r.kept()).containsExactly(0, 1);
  }

  @Test
  void krumPicksTheUpdateClosestToItsNeighbours() {
    // f = 1: score = sum of the n - f - 2 = 2 smallest squared distances.
    // Worker 0 (1, 1): to 3 -> 0.01, to 2 -> 0.02 => 0.03; worker 3: 0.01 + 0.05 = 0.06;
    // worker 2: 0.02 + 0.05 = 0.07; worker 1: 0.05 + 0.08 = 0.13. Worker 0 wins.
    AggregationResult r = new Krum(1).aggregate(FIVE);

    assertThat(r.kept()).containsExactly(0);
    assertThat(r.excluded()).containsExactly(1, 2, 3, 4);
    assertThat(r.aggregate()).containsExactly(1.0f, 1.0f);
  }

  @Test
  void multiKrumAveragesTheBestScoredUpdates() {
    AggregationResult r = new MultiKrum(1, 3).aggregate(FIVE);

    assertThat(r.excluded()).contains(4);
    assertThat(r.kept()).hasSize(3).doesNotContain(4);
  }

  @Test
  void medianTakesTheMiddleValueAndAveragesTwoMiddlesForEvenCounts() {
    assertThat(new CoordinateMedian().aggregate(FIVE).aggregate()).containsExactly(1.1f, 1.0f);
    List<ModelUpdate> four = FIVE.subList(0, 4);
    assertThat(new CoordinateMedian().aggregate(four).aggregate())
        .containsExactly((float) ((1.0 + 1.1) / 2), (float) ((1.0 + 1.0) / 2));
  }

  @Test
  void trimmedMeanDropsBothEnds() {
    // First coordinate sorted: 0.9 1.0 1.1 1.2 10 -> drop 0.9 and 10 -> mean(1.0, 1.1, 1.2) = 1.1.
    float[] out = new TrimmedMean(1).aggregate(FIVE).aggregate();

    assertThat(out[0]).isCloseTo(1.1f, org.assertj.core.data.Offset.offset(1e-6f));
  }

  @Test
  void bulyanSelectsByKrumThenAveragesValuesClosestToTheMedian() {
    // n = 7, f = 1: theta = 5 selections, beta = 3 values per coordinate.
    List<ModelUpdate> seven = new ArrayList<>(FIVE);
    seven.add(update(5, 1.05f, 0.95f, 10));
    seven.add(update(6, -20f, 30f, 10));

    AggregationResult r = new Bulyan(1).aggregate(seven);

    assertThat(r.kept()).hasSize(5).doesNotContain(4, 6);
    // Selected first coordinates 0.9 1.0 1.05 1.1 1.2: median 1.05, closest three 1.0 1.05 1.1.
    assertThat(r.aggregate()[0]).isCloseTo(1.05f, org.assertj.core.data.Offset.offset(1e-6f));
  }

  @Test
  void ubarKeepsCloseCandidatesWhoseLossBeatsItsOwn() {
    float[] own = {1.0f, 1.0f};
    // Loss = distance to the true optimum (1.1, 1.0): candidates nearer than own pass stage 2.
    Ubar ubar = new Ubar(0.6, own, v -> Vectors.squared(v, new float[] {1.1f, 1.0f}));

    AggregationResult r = ubar.aggregate(FIVE);

    // Stage 1 keeps ceil(0.6 * 5) = 3 closest to own: workers 0, 3, 2 (0.0, 0.01, 0.02).
    // Stage 2: loss(own) = 0.01; worker 0 (0.01) and 3 (0.0) qualify, 2 (0.05) does not.
    assertThat(r.kept()).containsExactly(0, 3);
    assertThat(r.aggregate()).containsExactly(1.05f, 1.0f);
  }

  @Test
  void ubarFallsBackToTheBestLossWhenNoneBeatsItsOwn() {
    Ubar ubar =
        new Ubar(0.4, new float[] {1.1f, 1.0f}, v -> Vectors.squared(v, new float[] {1.1f, 1.0f}));

    AggregationResult r = ubar.aggregate(FIVE);

    assertThat(r.kept()).containsExactly(3);
  }

  @Test
  void robustRulesExcludeSignFlippingAttackers() {
    List<ModelUpdate> updates = syntheticRound(new SplittableRandom(1), 15, 3, 50);
    for (AggregationRule rule : List.of(new Krum(3), new MultiKrum(3, 10), new Bulyan(3))) {
      assertThat(rule.aggregate(updates).excluded()).as(rule.name()).contains(12, 13, 14);
    }
    float[] median = new CoordinateMedian().aggregate(updates).aggregate();
    float[] fedavg = new FedAvg().aggregate(updates).aggregate();
    assertThat(dot(median, ones(50))).isPositive();
    assertThat(dot(fedavg, ones(50))).isNegative();
  }

  @Test
  void resultsAreBitIdenticalForAnyThreadCount() {
    List<ModelUpdate> updates = syntheticRound(new SplittableRandom(2), 11, 2, 5003);
    float[] own = updates.get(0).delta();
    for (int threads : new int[] {2, 3}) {
      assertSameBits(new FedAvg(1), new FedAvg(threads), updates);
      assertSameBits(new CoordinateMedian(1), new CoordinateMedian(threads), updates);
      assertSameBits(new TrimmedMean(2, 1), new TrimmedMean(2, threads), updates);
      assertSameBits(new MultiKrum(2, 5, 1), new MultiKrum(2, 5, threads), updates);
      assertSameBits(new Bulyan(2, 1), new Bulyan(2, threads), updates);
      assertSameBits(
          new Ubar(0.7, own, v -> v[0], 1), new Ubar(0.7, own, v -> v[0], threads), updates);
    }
  }

  @Test
  void rejectsTooFewUpdatesForTheRule() {
    assertThatThrownBy(() -> new Krum(2).aggregate(FIVE))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("n > 2f + 2");
    assertThatThrownBy(() -> new Bulyan(1).aggregate(FIVE)).hasMessageContaining("n >= 4f + 3");
    assertThatThrownBy(() -> new TrimmedMean(3).aggregate(FIVE)).hasMessageContaining("n > 2b");
    assertThatThrownBy(() -> new FedAvg().aggregate(List.of())).hasMessageContaining("no updates");
    assertThatThrownBy(
            () ->
                new FedAvg()
                    .aggregate(List.of(update(0, 1f, 2f, 1), new ModelUpdate(1, new float[1], 1))))
        .hasMessageContaining("dimension");
  }

  private static void assertSameBits(AggregationRule a, AggregationRule b, List<ModelUpdate> u) {
    float[] x = a.aggregate(u).aggregate();
    float[] y = b.aggregate(u).aggregate();
    assertThat(bits(y)).as(b.name()).isEqualTo(bits(x));
  }

  private static int[] bits(float[] v) {
    int[] out = new int[v.length];
    for (int i = 0; i < v.length; i++) {
      out[i] = Float.floatToRawIntBits(v[i]);
    }
    return out;
  }

  /** Honest updates around +1 per coordinate; the last {@code byzantine} flip and scale by 10. */
  static List<ModelUpdate> syntheticRound(SplittableRandom rng, int n, int byzantine, int d) {
    List<ModelUpdate> updates = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      float[] v = new float[d];
      for (int j = 0; j < d; j++) {
        double honest = 1 + 0.3 * rng.nextGaussian();
        v[j] = (float) (i >= n - byzantine ? -10 * honest : honest);
      }
      updates.add(new ModelUpdate(i, v, 100));
    }
    return updates;
  }

  private static float[] ones(int d) {
    float[] v = new float[d];
    java.util.Arrays.fill(v, 1f);
    return v;
  }

  private static double dot(float[] a, float[] b) {
    double s = 0;
    for (int i = 0; i < a.length; i++) {
      s += a[i] * b[i];
    }
    return s;
  }

  private static ModelUpdate update(int worker, float x, float y, long samples) {
    return new ModelUpdate(worker, new float[] {x, y}, samples);
  }
}

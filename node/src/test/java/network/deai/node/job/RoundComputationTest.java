package network.deai.node.job;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import network.deai.incentive.domain.shapley.CoalitionUtility;
import network.deai.incentive.domain.shapley.ExactShapley;
import network.deai.incentive.domain.shapley.ShapleyResult;
import network.deai.incentive.domain.shapley.TruncatedMonteCarlo;
import network.deai.learning.DataSplit;
import network.deai.learning.Dataset;
import network.deai.learning.DigitsDataset;
import network.deai.learning.GaussianNoise;
import network.deai.learning.Partitioner;
import network.deai.learning.SignFlip;
import network.deai.learning.SoftmaxModel;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

class RoundComputationTest {
  private static final SoftmaxModel MODEL = JobContext.MODEL;

  /** Eight trainers: 0-3 honest, 4 sign flip, 5 noise, 6-7 a Sybil pair on one shard. */
  private static List<float[]> round(float[] global, DataSplit split) {
    List<Dataset> shards = Partitioner.dirichlet(split.train(), 7, 1.0, 20, 7);
    ShardTrainer trainer = new ShardTrainer.Java(MODEL);
    List<float[]> updates = new ArrayList<>();
    for (int k = 0; k < 8; k++) {
      float[] u =
          trainer.train(global, shards.get(Math.min(k, 6)), FlParameters.digits().training(), k);
      if (k == 4) {
        u = new SignFlip(1).craft(u, List.of(), new SplittableRandom(k));
      } else if (k == 5) {
        u = new GaussianNoise(1).craft(u, List.of(), new SplittableRandom(k));
      }
      updates.add(u);
    }
    return updates;
  }

  private static FlParameters withRule(String rule) {
    return FlParameters.digits().withRule(rule, FlParameters.digits().byzantine());
  }

  @Test
  void leavesTheByzantineUpdatesUnpaidClustersTheSybilPairAndIsBitwiseRepeatable() {
    DataSplit split = DigitsDataset.split(7);
    float[] global = MODEL.initialParameters(7);
    List<float[]> updates = round(global, split);
    List<float[]> withMissing = new ArrayList<>(updates);
    RoundComputation.Result first =
        RoundComputation.compute(
            MODEL,
            global,
            List.copyOf(withMissing),
            0,
            split.validation(),
            FlParameters.digits(),
            1);
    RoundComputation.Result second =
        RoundComputation.compute(
            MODEL,
            global,
            List.copyOf(withMissing),
            0,
            split.validation(),
            FlParameters.digits(),
            1);

    assertThat(first.flaggedMask()).as("valid updates are never flagged").isZero();
    assertThat(first.excluded()).as("the default trimmed mean excludes nobody").isEmpty();
    assertThat(first.againstProgress()).as("the sign flip's history").contains(4);
    assertThat(first.clusters()).contains(List.of(6, 7));
    assertThat(first.scores()[6]).isEqualTo(first.scores()[7]);
    assertThat(first.scores()[4]).isNegative();
    assertThat(first.scores()[5]).isNegative();
    assertThat(MODEL.accuracy(first.model(), split.test()))
        .isGreaterThan(MODEL.accuracy(global, split.test()) + 0.3);
    assertThat(second.scores()).isEqualTo(first.scores());
    assertThat(second.modelDigest(MODEL)).isEqualTo(first.modelDigest(MODEL));
    assertThat(second.scoresDigest()).isEqualTo(first.scoresDigest());
  }

  @Test
  void everyRuleIsRepeatableImprovesTheModelAndScoresTheAttackersNegative() {
    DataSplit split = DigitsDataset.split(7);
    float[] global = MODEL.initialParameters(7);
    List<float[]> updates = round(global, split);
    java.util.Set<String> rules = new java.util.TreeSet<>(FlParameters.RULES);
    rules.addAll(List.of("nnm+median", "bucketing+krum", "nnm+bucketing+multi-krum", "nnm+cc"));
    for (String rule : rules) {
      FlParameters p = withRule(rule);
      RoundComputation.Result a =
          RoundComputation.compute(
              MODEL, global, List.copyOf(updates), 0, split.validation(), p, 3);
      RoundComputation.Result b =
          RoundComputation.compute(
              MODEL, global, List.copyOf(updates), 0, split.validation(), p, 3);
      assertThat(b.modelDigest(MODEL)).as(rule).isEqualTo(a.modelDigest(MODEL));
      assertThat(b.scoresDigest()).as(rule).isEqualTo(a.scoresDigest());
      assertThat(a.scores()[4]).as(rule + ": sign flip").isNegative();
      assertThat(a.scores()[5]).as(rule + ": noise").isNegative();
      if (!rule.equals("fedavg")) {
        assertThat(MODEL.accuracy(a.model(), split.test()))
            .as(rule)
            .isGreaterThan(MODEL.accuracy(global, split.test()) + 0.2);
      }
    }
  }

  @Test
  void scoresExactlyUpToExactShapleyMaxClustersAndWithSeededMonteCarloAbove() {
    FlParameters p = FlParameters.digits();
    CoalitionUtility squares =
        mask -> {
          double s = 0;
          for (int i = 0; i < 13; i++) {
            s += (mask & (1L << i)) != 0 ? 0.01 * (i + 1) : 0;
          }
          return s * s;
        };
    assertThat(RoundComputation.estimator(p, p.exactShapleyMax(), 3))
        .isInstanceOf(ExactShapley.class);
    ShapleyResult above =
        RoundComputation.estimator(p, p.exactShapleyMax() + 1, 3).estimate(13, squares);
    ShapleyResult untruncated =
        new TruncatedMonteCarlo(p.permutations(), 0, new SplittableRandom(3)).estimate(13, squares);

    assertThat(above.values()).containsExactly(untruncated.values());
    assertThat(above.utilityEvaluations()).isEqualTo(untruncated.utilityEvaluations());
    assertThat(above.values())
        .isNotEqualTo(
            new TruncatedMonteCarlo(p.permutations(), 0, new SplittableRandom(4))
                .estimate(13, squares)
                .values());
  }

  @Test
  void missingUpdatesScoreZeroAndInvalidOnesAreFlagged() {
    DataSplit split = DigitsDataset.split(7);
    float[] global = MODEL.initialParameters(7);
    List<float[]> updates = round(global, split);
    List<float @Nullable []> partial = new ArrayList<>(updates.subList(0, 4));
    partial.add(null);
    partial.add(updates.get(1));
    RoundComputation.Result result =
        RoundComputation.compute(
            MODEL, global, partial, 0b10_0000, split.validation(), FlParameters.digits(), 1);

    assertThat(result.scores()[4]).isZero();
    assertThat(result.scores()[5]).isZero();
    assertThat(result.flaggedMask() & 0b11_0000).isEqualTo(0b10_0000);
  }

  @Test
  void excludesTheByzantineTrainersByTheirOwnIndexWhenAnEarlierTrainerDidNotReveal() {
    DataSplit split = DigitsDataset.split(7);
    float[] global = MODEL.initialParameters(7);
    List<float @Nullable []> updates = new ArrayList<>(round(global, split));
    updates.set(0, null); // trainer 0 did not reveal, so positions and trainer indices differ
    for (String rule :
        List.of("multi-krum", "krum", "median", "bulyan", "trimmed-mean", "nnm+trimmed-mean")) {
      FlParameters p = withRule(rule);
      RoundComputation.Result result =
          RoundComputation.compute(MODEL, global, updates, 0, split.validation(), p, 1);

      assertThat(result.excluded()).as(rule).doesNotContain(0);
      assertThat(result.flaggedMask()).as(rule + ": valid updates are never flagged").isZero();
      assertThat(result.scores()[0]).as(rule).isZero();
    }
    RoundComputation.Result multiKrum =
        RoundComputation.compute(
            MODEL, global, updates, 0, split.validation(), withRule("multi-krum"), 1);
    assertThat(multiKrum.excluded()).containsExactlyInAnyOrder(4, 5);
    assertThat(multiKrum.scores()[4]).isNegative();
    assertThat(multiKrum.scores()[5]).isNegative();
  }

  @Test
  void noValidUpdateKeepsTheModel() {
    DataSplit split = DigitsDataset.split(7);
    float[] global = MODEL.initialParameters(7);
    List<float @Nullable []> none = new ArrayList<>();
    none.add(null);
    RoundComputation.Result result =
        RoundComputation.compute(
            MODEL, global, none, 0, split.validation(), FlParameters.digits(), 1);
    assertThat(result.model()).isEqualTo(global);
    assertThat(result.scores()).containsExactly(0L);
  }

  @Test
  void filesRoundTripAndRejectWrongShapes() {
    float[] params = MODEL.initialParameters(3);
    assertThat(FlFiles.readModel(MODEL, FlFiles.model(MODEL, params))).isEqualTo(params);
    assertThat(FlFiles.readUpdate(FlFiles.update(params), params.length)).isEqualTo(params);
    assertThatThrownBy(() -> FlFiles.readUpdate(FlFiles.update(new float[3]), params.length))
        .hasMessageContaining("delta [650]");
    assertThatThrownBy(() -> FlFiles.readUpdate(FlFiles.update(new float[] {Float.NaN}), 1))
        .hasMessageContaining("non-finite");
    Dataset validation = DigitsDataset.split(7).validation();
    Dataset back = FlFiles.readDataset(MODEL, FlFiles.dataset(validation));
    assertThat(back.y()).isEqualTo(validation.y());
    assertThat(back.x()[5]).isEqualTo(validation.x()[5]);
  }

  @Test
  void parametersRejectUnknownFieldsAndBadRules() {
    assertThat(FlParameters.parse(FlParameters.digits().toJson())).isEqualTo(FlParameters.digits());
    var json = FlParameters.digits().toJson();
    json.put("rule", "mean-of-everything");
    assertThatThrownBy(() -> FlParameters.parse(json)).hasMessageContaining("rule must be one of");
    var extra = FlParameters.digits().toJson();
    extra.put("surprise", 1);
    assertThatThrownBy(() -> FlParameters.parse(extra))
        .hasMessageContaining("unknown job parameters");
  }
}

package network.deai.incentive.domain.reward;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

class RewardSplitTest {
  @Test
  void splitsProportionallyToPositiveScoresWithDustToTheRequester() {
    Payouts p = RewardSplit.split(BigInteger.valueOf(100), new long[] {1, 2, -5, 0});

    assertThat(p.perTrainer())
        .containsExactly(
            BigInteger.valueOf(33), BigInteger.valueOf(66), BigInteger.ZERO, BigInteger.ZERO);
    assertThat(p.dust()).isEqualTo(BigInteger.ONE);
  }

  @Test
  void givesEverythingBackWhenNoScoreIsPositive() {
    Payouts p = RewardSplit.split(BigInteger.TEN, new long[] {0, -1});

    assertThat(p.perTrainer()).containsOnly(BigInteger.ZERO);
    assertThat(p.dust()).isEqualTo(BigInteger.TEN);
  }

  @Test
  void handlesHugePoolsExactly() {
    BigInteger pool = BigInteger.TWO.pow(255).subtract(BigInteger.ONE);
    Payouts p = RewardSplit.split(pool, new long[] {Long.MAX_VALUE, 1, 3});

    BigInteger sum = p.perTrainer().stream().reduce(BigInteger.ZERO, BigInteger::add);
    assertThat(sum.add(p.dust())).isEqualTo(pool);
  }

  @Test
  void matchesTheSharedGoldenVectors() throws IOException {
    // Shared with the forge suite (contracts/test/unit/Vectors.t.sol).
    try (InputStream in =
        java.nio.file.Files.newInputStream(
            java.nio.file.Path.of("../contracts/test/vectors/reward-split.json"))) {
      JsonNode cases = new ObjectMapper().readTree(in).get("cases");
      assertThat(cases).hasSizeGreaterThanOrEqualTo(5);
      for (JsonNode c : cases) {
        long[] scores = new long[c.get("scores").size()];
        for (int i = 0; i < scores.length; i++) {
          scores[i] = Long.parseLong(c.get("scores").get(i).asText());
        }
        Payouts p = RewardSplit.split(new BigInteger(c.get("pool").asText()), scores);
        List<BigInteger> expected = new ArrayList<>();
        c.get("payouts").forEach(v -> expected.add(new BigInteger(v.asText())));
        assertThat(p.perTrainer()).isEqualTo(expected);
        assertThat(p.dust()).isEqualTo(new BigInteger(c.get("dust").asText()));
      }
    }
  }

  @Test
  void encodesScoresAsRoundedFixedPoint() {
    assertThat(ScoreEncoding.toFixedPoint(new double[] {0.5, -0.25, 1e-10, 0x1p-30}))
        .containsExactly(500_000_000L, -250_000_000L, 0L, 1L);
    assertThat(ScoreEncoding.toDouble(750_000_000L)).isEqualTo(0.75);
    assertThatThrownBy(() -> ScoreEncoding.toFixedPoint(new double[] {Double.NaN}))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void flagsOnlyInvalidUpdatesAndLeavesExcludedOnesUnpaidButUnslashed() {
    assertThat(PenaltyPolicy.decide(true, false, false))
        .isEqualTo(new PenaltyDecision.Penalised(PenaltyDecision.Reason.INVALID_UPDATE));
    assertThat(PenaltyPolicy.decide(true, true, false).flagged()).isTrue();
    assertThat(PenaltyPolicy.decide(false, true, false))
        .as("excluded by the robust rule, e.g. a label-skewed shard: unpaid, never slashed")
        .isEqualTo(new PenaltyDecision.Unpaid(PenaltyDecision.Reason.EXCLUDED));
    assertThat(PenaltyPolicy.decide(false, true, false).flagged()).isFalse();
    assertThat(PenaltyPolicy.decide(false, false, false)).isEqualTo(new PenaltyDecision.Paid());
    assertThat(PenaltyPolicy.decide(false, false, true))
        .as("kept, but its history points against the job's progress: unpaid, never slashed")
        .isEqualTo(new PenaltyDecision.Unpaid(PenaltyDecision.Reason.AGAINST_PROGRESS));
    assertThat(PenaltyPolicy.decide(false, true, true))
        .isEqualTo(new PenaltyDecision.Unpaid(PenaltyDecision.Reason.EXCLUDED));
    assertThat(PenaltyPolicy.decide(true, true, true))
        .isEqualTo(new PenaltyDecision.Penalised(PenaltyDecision.Reason.INVALID_UPDATE));
  }

  @Test
  void scoresAnUpdateAgainstProgressLikeAnExcludedOne() {
    List<@Nullable PenaltyDecision> decisions = new ArrayList<>();
    decisions.add(PenaltyPolicy.decide(false, false, false));
    decisions.add(PenaltyPolicy.decide(false, false, true));
    decisions.add(PenaltyPolicy.decide(false, false, true));

    assertThat(PenaltyPolicy.scores(new double[] {0.1, 0.47, -0.2}, decisions))
        .as("a kept sign flip with a positive value is not paid")
        .containsExactly(100_000_000L, 0L, -200_000_000L);
    assertThat(PenaltyPolicy.scores(new double[] {-0.1, 0.47, -0.2}, decisions))
        .as("the one-unit fallback reaches only paid trainers")
        .containsExactly(1L, 0L, -200_000_000L);
  }

  @Test
  void scoresCapExcludedUpdatesAtZeroAndZeroFlaggedAndMissingOnes() {
    List<@Nullable PenaltyDecision> decisions = new ArrayList<>();
    decisions.add(PenaltyPolicy.decide(false, false, false));
    decisions.add(PenaltyPolicy.decide(false, true, false));
    decisions.add(PenaltyPolicy.decide(false, true, false));
    decisions.add(PenaltyPolicy.decide(true, false, false));
    decisions.add(null);
    decisions.add(PenaltyPolicy.decide(false, false, false));

    assertThat(PenaltyPolicy.scores(new double[] {0.5, 0.3, -0.2, 0.9, 0.7, -0.1}, decisions))
        .containsExactly(500_000_000L, 0L, -200_000_000L, 0L, 0L, -100_000_000L);
    assertThatThrownBy(() -> PenaltyPolicy.scores(new double[2], decisions))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void givesPaidTrainersOneUnitEachWhenNoneScoresPositiveSoExcludedOnesGetNoEqualShare() {
    List<@Nullable PenaltyDecision> decisions =
        List.of(
            PenaltyPolicy.decide(false, false, false),
            PenaltyPolicy.decide(false, true, false),
            PenaltyPolicy.decide(false, false, false));

    assertThat(PenaltyPolicy.scores(new double[] {-0.4, 0.8, 0.0}, decisions))
        .containsExactly(1L, 0L, 1L);
  }

  @Test
  void givesThePoolBackWhenNoTrainerIsPaidSoExcludedOnesGetNothing() {
    // E.g. UBAR kept only a sign flipper's mix: the flipper is against progress, the others are
    // excluded. No score is positive, so the chain pays no trainer (TrainingJobsViews).
    List<@Nullable PenaltyDecision> decisions =
        List.of(
            PenaltyPolicy.decide(false, false, true),
            PenaltyPolicy.decide(false, true, false),
            PenaltyPolicy.decide(false, true, false));

    long[] scores = PenaltyPolicy.scores(new double[] {0.6, 0.2, 0.0}, decisions);
    assertThat(scores).containsExactly(0L, 0L, 0L);
    Payouts p = RewardSplit.split(BigInteger.TEN, scores);
    assertThat(p.perTrainer()).containsOnly(BigInteger.ZERO);
    assertThat(p.dust()).isEqualTo(BigInteger.TEN);
  }

  @Test
  void derivesTheCommitteeRoundSeedFromTheSpecSeedAndTheRound() {
    assertThat(PenaltyPolicy.roundSeed(7, 0)).isEqualTo(7_000_021L);
    assertThat(PenaltyPolicy.roundSeed(7, 3)).isEqualTo(7_000_024L);
    assertThat(PenaltyPolicy.roundSeed(Long.MAX_VALUE, 1))
        .as("wraps")
        .isEqualTo(Long.MAX_VALUE - 1_000_001L);
  }

  @Test
  void digestsScoresAsTheContractDoes() throws IOException {
    // Shared with the forge suite (contracts/test/unit/Vectors.t.sol), generated by generate.mjs.
    JsonNode cases =
        new ObjectMapper()
            .readTree(
                java.nio.file.Files.readString(
                    java.nio.file.Path.of("../contracts/test/vectors/scores-digest.json")))
            .get("cases");
    assertThat(cases).hasSize(4);
    for (JsonNode c : cases) {
      long[] scores = new long[c.get("scores").size()];
      for (int i = 0; i < scores.length; i++) {
        scores[i] = Long.parseLong(c.get("scores").get(i).asText());
      }
      assertThat(ScoreEncoding.digest(scores).toHex()).isEqualTo(c.get("digest").asText());
    }
  }
}

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
  void penalisesByzantineBeforeSybilClusters() {
    PenaltyPolicy policy = new PenaltyPolicy(1);

    assertThat(policy.decide(true, 3))
        .isEqualTo(new PenaltyDecision.Penalised(PenaltyDecision.Reason.BYZANTINE));
    assertThat(policy.decide(false, 2))
        .isEqualTo(new PenaltyDecision.Penalised(PenaltyDecision.Reason.SYBIL_CLUSTER));
    assertThat(policy.decide(false, 1)).isEqualTo(new PenaltyDecision.NoPenalty());
  }
}

package network.deai.incentive.domain.economics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.file.Path;
import java.util.Random;
import network.deai.contracts.abi.SamplingRules;
import org.junit.jupiter.api.Test;

class SampledEconomicsTest {
  private static final BigInteger FEE = BigInteger.valueOf(100);

  private static SampledEconomics of(long fee, long slash, long cost, int rateBps, int v) {
    return new SampledEconomics(
        BigInteger.valueOf(fee), BigInteger.valueOf(slash), BigInteger.valueOf(cost), rateBps, v);
  }

  @Test
  void requesterPaysTheExecutorAndTheValidatorsOfCheckedTasks() {
    SampledEconomics quarterOfThree = of(1_000_000_000_000_000L, 0, 0, 2_500, 3);
    assertThat(quarterOfThree.computeFactor()).isEqualByComparingTo("1.75");
    assertThat(quarterOfThree.expectedRequesterCost()).isEqualByComparingTo("1750000000000000");
    assertThat(of(7, 0, 0, 0, 4).computeFactor()).isEqualByComparingTo("1");
    assertThat(of(7, 0, 0, 10_000, 4).expectedRequesterCost()).isEqualByComparingTo("35");
    assertThat(of(3, 0, 0, 1, 1).expectedRequesterCost()).isEqualByComparingTo("3.0003");
  }

  @Test
  void cheatingPaysOnlyBelowTheBreakEvenRate() {
    // phi = 100, S = 300, C = phi: break-even at p = 100 / 400 = 0.25.
    SampledEconomics atBound = of(100, 300, 100, 2_500, 2);
    assertThat(atBound.expectedCheatProfit()).isEqualByComparingTo("0");
    assertThat(atBound.honestProfit()).isZero();
    assertThat(atBound.shouldCheat()).isFalse();
    SampledEconomics below = of(100, 300, 100, 2_499, 2);
    assertThat(below.expectedCheatProfit()).isEqualByComparingTo("0.04");
    assertThat(below.shouldCheat()).isTrue();
    assertThat(of(100, 300, 100, 2_501, 2).expectedCheatProfit()).isEqualByComparingTo("-0.04");
  }

  @Test
  void cheapWorkIsNotWorthCheatingEvenWhenRarelyChecked() {
    // C = 1 of phi = 100 at p = 2%: cheating earns 98 - 6 = 92, honest work 99.
    SampledEconomics cheap = of(100, 300, 1, 200, 1);
    assertThat(cheap.expectedCheatProfit()).isEqualByComparingTo("92");
    assertThat(cheap.honestProfit()).isEqualTo(BigInteger.valueOf(99));
    assertThat(cheap.shouldCheat()).isFalse();
    assertThat(of(100, 300, 1, 0, 1).shouldCheat()).isTrue();
  }

  @Test
  void minimalRateIsWhereTheWorstCheatStopsPaying() {
    assertThat(SampledEconomics.minimalRateBps(FEE, BigInteger.valueOf(300))).isEqualTo(2_500);
    assertThat(SampledEconomics.minimalRateBps(FEE, BigInteger.valueOf(200))).isEqualTo(3_334);
    assertThat(SampledEconomics.minimalRateBps(FEE, BigInteger.ZERO)).isEqualTo(10_000);
    assertThat(SampledEconomics.minimalRateBps(BigInteger.ZERO, FEE)).isZero();
    assertThat(SampledEconomics.minimalRateBps(BigInteger.ZERO, BigInteger.ZERO)).isEqualTo(10_000);
    int rate = SampledEconomics.minimalRateBps(FEE, BigInteger.valueOf(200));
    assertThat(new SampledEconomics(FEE, BigInteger.valueOf(200), FEE, rate, 1).shouldCheat())
        .isFalse();
    assertThat(new SampledEconomics(FEE, BigInteger.valueOf(200), FEE, rate - 1, 1).shouldCheat())
        .isTrue();
  }

  @Test
  void minimalRateAgreesWithTheContractRuleOnRandomInputs() {
    Random random = new Random(16);
    for (int i = 0; i < 300; i++) {
      int bits = i % 2 == 0 ? 12 : 100; // small values hit exact and off-by-one ceilings often
      BigInteger fee = new BigInteger(1 + random.nextInt(bits), random);
      BigInteger slash = new BigInteger(1 + random.nextInt(bits), random);
      assertThat(SampledEconomics.minimalRateBps(fee, slash))
          .as("fee %s slash %s", fee, slash)
          .isEqualTo(SamplingRules.minRateBps(fee, slash));
    }
  }

  @Test
  void minimalRateAgreesWithTheContractRuleOnTheGoldenVectors() throws IOException {
    JsonNode root =
        new ObjectMapper()
            .readTree(Path.of("..", "contracts", "test", "vectors", "sampling.json").toFile());
    for (JsonNode c : root.get("bounds")) {
      BigInteger fee = new BigInteger(c.get("feePerSeat").asText());
      BigInteger slash = new BigInteger(c.get("slash").asText());
      int expected = c.get("minRateBps").asInt();
      assertThat(SampledEconomics.minimalRateBps(fee, slash)).as("%s", c).isEqualTo(expected);
      assertThat(SamplingRules.minRateBps(fee, slash)).isEqualTo(expected);
    }
  }

  @Test
  void refusesInputsOutOfRange() {
    assertThatThrownBy(() -> of(-1, 0, 0, 0, 1)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> of(0, -1, 0, 0, 1)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> of(0, 0, -1, 0, 1)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> of(0, 0, 0, -1, 1)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> of(0, 0, 0, 10_001, 1)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> of(0, 0, 0, 0, 0)).isInstanceOf(IllegalArgumentException.class);
    assertThat(of(0, 0, 0, 10_000, 1).computeFactor()).isEqualByComparingTo(BigDecimal.TWO);
  }
}

package network.deai.devnet;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigInteger;
import org.junit.jupiter.api.Test;

class CheatEconomicsTest {
  private static final BigInteger ETHER = Devnet.ETHER;

  @Test
  void theBoundOfTheDevnetsSampledTasksIs323BasisPoints() {
    // fee 0.1 ETH over 1 + 2 seats, slash 1 ETH: 10000 * (1/30) / (1/30 + 1) = 322.58..., up.
    BigInteger share = Devnet.TASK_FEE.divide(BigInteger.valueOf(3));

    assertThat(CheatEconomics.minRateBps(share, ETHER)).isEqualTo(323);
    assertThat(CheatEconomics.minRateBps(BigInteger.ZERO, BigInteger.ZERO)).isEqualTo(10_000);
    assertThat(CheatEconomics.minRateBps(ETHER, BigInteger.ZERO)).isEqualTo(10_000);
    assertThat(CheatEconomics.minRateBps(ETHER, ETHER.multiply(BigInteger.valueOf(3))))
        .isEqualTo(2_500);
  }

  @Test
  void aCheatPaysIffTheCostExceedsTheRateTimesShareAndSlash() {
    BigInteger share = ETHER;
    BigInteger slash = ETHER.multiply(BigInteger.valueOf(3));

    // p = 25%: p·(φ + S) = 1 ETH: a cost of exactly the share is deterred, a wei more is not.
    assertThat(CheatEconomics.cheatPays(2_500, share, slash, ETHER)).isFalse();
    assertThat(CheatEconomics.cheatPays(2_500, share, slash, ETHER.add(BigInteger.ONE))).isTrue();
    assertThat(CheatEconomics.cheatPays(2_499, share, slash, ETHER)).isTrue();
    assertThat(CheatEconomics.cheatPays(10_000, share, slash, ETHER.multiply(BigInteger.TEN)))
        .as("always checked: a cost above share plus slash still makes it pay")
        .isTrue();
    assertThat(CheatEconomics.cheatPays(10_000, share, slash, ETHER)).isFalse();
  }

  @Test
  void noAcceptedRateMakesACheatPayWhenTheWorkCostsAtMostWhatItPays() {
    BigInteger slash = ETHER;
    for (long shareMilli = 1; shareMilli <= 3_000; shareMilli += 37) {
      BigInteger share =
          ETHER.multiply(BigInteger.valueOf(shareMilli)).divide(BigInteger.valueOf(1000));
      int bound = CheatEconomics.minRateBps(share, slash);
      assertThat(CheatEconomics.cheatPays(bound, share, slash, share)).isFalse();
      if (bound > 1) {
        assertThat(CheatEconomics.cheatPays(bound - 1, share, slash, share))
            .as("one basis point below the bound for a share of %d milliether", shareMilli)
            .isTrue();
      }
    }
  }
}

package network.deai.node.chain;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigInteger;
import org.junit.jupiter.api.Test;

class FeePolicyTest {
  private static final BigInteger GWEI = BigInteger.TEN.pow(9);
  private static final FeePolicy POLICY = new FeePolicy(gwei(100), gwei(2), 4, 10);

  private static BigInteger gwei(long n) {
    return GWEI.multiply(BigInteger.valueOf(n));
  }

  @Test
  void offersTheLegacyPriceAsIsWhenTheChainHasNoBaseFee() {
    assertThat(POLICY.initial(null, gwei(7), gwei(1))).isEqualTo(new Fees.Legacy(gwei(7)));
    assertThat(POLICY.initial(null, BigInteger.ZERO, gwei(1)))
        .isEqualTo(new Fees.Legacy(BigInteger.ONE));
    assertThat(POLICY.initial(null, gwei(500), gwei(1))).isEqualTo(new Fees.Legacy(gwei(100)));
  }

  @Test
  void offersTwiceTheBaseFeePlusACappedTipWhenTheChainHasABaseFee() {
    assertThat(POLICY.initial(gwei(10), gwei(11), gwei(1)))
        .isEqualTo(new Fees.Dynamic(gwei(21), gwei(1)));
    assertThat(POLICY.initial(gwei(10), gwei(11), gwei(50)))
        .isEqualTo(new Fees.Dynamic(gwei(22), gwei(2)));
    assertThat(POLICY.initial(gwei(80), gwei(81), gwei(1)))
        .isEqualTo(new Fees.Dynamic(gwei(100), gwei(1)));
  }

  @Test
  void bumpsByAnEighthPlusOneWeiFarFromTheDeadline() {
    Fees bumped =
        POLICY
            .bump(new Fees.Legacy(gwei(8)), new Fees.Legacy(gwei(8)), Long.MAX_VALUE)
            .orElseThrow();
    assertThat(bumped).isEqualTo(new Fees.Legacy(gwei(9).add(BigInteger.ONE)));
    Fees dynamic =
        POLICY
            .bump(new Fees.Dynamic(gwei(16), gwei(8)), new Fees.Dynamic(gwei(16), gwei(1)), 50)
            .orElseThrow();
    assertThat(dynamic)
        .isEqualTo(new Fees.Dynamic(gwei(18).add(BigInteger.ONE), gwei(9).add(BigInteger.ONE)));
  }

  @Test
  void bumpsHarderAsTheDeadlineNears() {
    Fees old = new Fees.Legacy(gwei(10));
    Fees fresh = new Fees.Legacy(gwei(10));
    BigInteger far = POLICY.bump(old, fresh, 10).orElseThrow().ceiling();
    BigInteger near = POLICY.bump(old, fresh, 5).orElseThrow().ceiling();
    BigInteger due = POLICY.bump(old, fresh, 0).orElseThrow().ceiling();
    assertThat(far).isEqualTo(gwei(10).add(gwei(10).shiftRight(3)).add(BigInteger.ONE));
    assertThat(near).isGreaterThan(far);
    assertThat(due).isEqualTo(gwei(20).add(BigInteger.ONE));
    assertThat(POLICY.urgent(10)).isTrue();
    assertThat(POLICY.urgent(11)).isFalse();
  }

  @Test
  void neverOffersMoreThanTheCapOrTheMultipleOfAFreshOffer() {
    assertThat(POLICY.bump(new Fees.Legacy(gwei(95)), new Fees.Legacy(gwei(90)), 0)).isEmpty();
    assertThat(POLICY.bump(new Fees.Legacy(gwei(80)), new Fees.Legacy(gwei(80)), 0))
        .contains(new Fees.Legacy(gwei(100)));
    // four times a fresh offer of 5 gwei is 20 gwei: 19 gwei cannot be raised by an eighth
    assertThat(POLICY.bump(new Fees.Legacy(gwei(19)), new Fees.Legacy(gwei(5)), 0)).isEmpty();
    assertThat(POLICY.bump(new Fees.Legacy(gwei(16)), new Fees.Legacy(gwei(5)), 0))
        .contains(new Fees.Legacy(gwei(20)));
  }

  @Test
  void followsARisingFreshOffer() {
    assertThat(POLICY.bump(new Fees.Legacy(gwei(1)), new Fees.Legacy(gwei(5)), Long.MAX_VALUE))
        .contains(new Fees.Legacy(gwei(5)));
  }
}

package network.deai.node.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigInteger;
import org.junit.jupiter.api.Test;

class SampledPriceTest {

  @Test
  void expectedCostIsOneShareplusTheCheckedValidatorShares() {
    // fee 3000 over 1 + 2 seats: 1000 each; at 10% the requester expects 1000 + 0.1 * 2000.
    SampledPrice price = new SampledPrice(BigInteger.valueOf(3000), 3, 1000, 500);
    assertThat(price.share()).isEqualTo(1000);
    assertThat(price.validatorShares()).isEqualTo(2000);
    assertThat(price.expectedCost()).isEqualTo(1200);
    assertThat(price.belowBound()).isFalse();
  }

  @Test
  void fullRateCostsTheWholeFeeLessRounding() {
    SampledPrice price = new SampledPrice(BigInteger.valueOf(1001), 3, 10_000, 10_000);
    assertThat(price.expectedCost()).isEqualTo(999);
  }

  @Test
  void flagsARateBelowTheBoundAndPrintsWhatIsPaidFor() {
    SampledPrice price = new SampledPrice(BigInteger.valueOf(3000), 3, 400, 500);
    assertThat(price.belowBound()).isTrue();
    assertThat(String.join("\n", price.lines(40)))
        .contains("minimum 5%")
        .contains("executor share 1000 wei")
        .contains("2 x 1000 = 2000 wei")
        .contains("= 1080 wei")
        .contains("refunded")
        .contains("challenge window of 40 blocks");
  }

  @Test
  void refusesASingleSeat() {
    assertThatThrownBy(() -> new SampledPrice(BigInteger.TEN, 1, 1000, 0))
        .isInstanceOf(IllegalArgumentException.class);
  }
}

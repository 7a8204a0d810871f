package network.deai.node.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class SampleRateTest {

  @Test
  void readsPercentagesAndBasisPoints() {
    assertThat(SampleRate.parseBps("10%")).isEqualTo(1000);
    assertThat(SampleRate.parseBps("2.5%")).isEqualTo(250);
    assertThat(SampleRate.parseBps("100%")).isEqualTo(10_000);
    assertThat(SampleRate.parseBps("1000bps")).isEqualTo(1000);
    assertThat(SampleRate.parseBps(" 7 BPS ")).isEqualTo(7);
  }

  @Test
  void refusesBareNumbersZeroAndMoreThanOne() {
    assertThatThrownBy(() -> SampleRate.parseBps("10"))
        .hasMessageContaining("a percentage like 10% or basis points like 1000bps");
    assertThatThrownBy(() -> SampleRate.parseBps("0%")).hasMessageContaining("above 0");
    assertThatThrownBy(() -> SampleRate.parseBps("10001bps")).hasMessageContaining("at most");
    assertThatThrownBy(() -> SampleRate.parseBps("0.001%")).hasMessageContaining("whole number");
    assertThatThrownBy(() -> SampleRate.parseBps("x%")).hasMessageContaining("percentage");
  }

  @Test
  void formatsAsPercentage() {
    assertThat(SampleRate.format(1000)).isEqualTo("10%");
    assertThat(SampleRate.format(1234)).isEqualTo("12.34%");
    assertThat(SampleRate.format(10_000)).isEqualTo("100%");
    assertThat(SampleRate.format(5)).isEqualTo("0.05%");
  }
}

package network.deai.devnet;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ProgressLineTest {
  @Test
  void printsFirstThenOnEveryChangeOfTheSettledCount() {
    ProgressLine line = new ProgressLine(10);
    assertThat(line.due(0, 0)).isTrue();
    assertThat(line.due(1, 0)).isFalse();
    assertThat(line.due(2, 1)).isTrue();
    assertThat(line.due(3, 1)).isFalse();
  }

  @Test
  void printsAgainAfterTheIntervalWithoutChange() {
    ProgressLine line = new ProgressLine(10);
    line.due(0, 5);
    assertThat(line.due(9, 5)).isFalse();
    assertThat(line.due(10, 5)).isTrue();
    assertThat(line.due(15, 5)).isFalse();
  }
}

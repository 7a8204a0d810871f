package network.deai.node.ocr;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class CharAccuracyTest {
  @Test
  void scoresOneMinusEditDistanceOverTruthLength() {
    assertThat(CharAccuracy.of("hello world", "hello world")).isEqualTo(1.0);
    assertThat(CharAccuracy.of("hellx world", "hello world"))
        .isCloseTo(1 - 1 / 11.0, within(1e-12));
    assertThat(CharAccuracy.of("helloworld", "hello world")).isCloseTo(1 - 1 / 11.0, within(1e-12));
    assertThat(CharAccuracy.of("kitten", "sitting")).isCloseTo(1 - 3 / 7.0, within(1e-12));
  }

  @Test
  void floorsAtZero() {
    assertThat(CharAccuracy.of("a much longer prediction", "abc")).isZero();
    assertThat(CharAccuracy.of("", "abc")).isZero();
  }

  @Test
  void scoresAnEmptyTruth() {
    assertThat(CharAccuracy.of("", "")).isEqualTo(1.0);
    assertThat(CharAccuracy.of("x", "")).isZero();
  }

  @Test
  void countsCodePointsNotCharsOfUtf16() {
    assertThat(CharAccuracy.of("a\uD83D\uDE00b", "a\uD83D\uDE01b"))
        .isCloseTo(2 / 3.0, within(1e-12));
  }
}

package network.deai.node.ocr;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class TextLinesTest {
  @Test
  void givesTheSameLinesForTheSameSeed() {
    assertThat(TextLines.generate(7, 50)).isEqualTo(TextLines.generate(7, 50));
    assertThat(TextLines.generate(7, 50)).isNotEqualTo(TextLines.generate(8, 50));
  }

  @Test
  void keepsLinesBetweenFiveAndTwentyFiveCharactersOfWordsDigitsAndPunctuation() {
    List<String> lines = TextLines.generate(3, 2000);

    assertThat(lines)
        .allSatisfy(
            line -> {
              assertThat(line.length()).isBetween(5, 25);
              assertThat(line).matches("[A-Za-z0-9 ,.:;!?()#-]+");
              assertThat(line).doesNotStartWith(" ").doesNotEndWith(" ").doesNotContain("  ");
            });
    assertThat(String.join("", lines)).contains("0", "9", ",", "(", "#", "-", "?");
    assertThat(lines.stream().mapToInt(String::length).min().orElseThrow()).isLessThan(8);
    assertThat(lines.stream().mapToInt(String::length).max().orElseThrow()).isEqualTo(25);
  }
}

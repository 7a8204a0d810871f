package network.deai.node.ocr;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class OcrDictionaryTest {
  @Test
  void numbersTheBlankTheLinesAndAnAppendedSpace() {
    OcrDictionary dictionary = OcrDictionary.parse("a\nb\r\n中");

    assertThat(dictionary.classes()).isEqualTo(5);
    assertThat(dictionary.character(0)).isEmpty();
    assertThat(dictionary.character(1)).isEqualTo("a");
    assertThat(dictionary.character(2)).isEqualTo("b");
    assertThat(dictionary.character(3)).isEqualTo("中");
    assertThat(dictionary.character(4)).isEqualTo(" ");
  }

  @Test
  void ignoresOneFinalNewline() {
    assertThat(OcrDictionary.parse("a\nb\n").classes()).isEqualTo(4);
  }

  @Test
  void turnsLabelsIntoText() {
    OcrDictionary dictionary = OcrDictionary.parse("H\ni\n!");

    assertThat(dictionary.text(new int[] {1, 2, 4, 2, 3})).isEqualTo("Hi i!");
    assertThat(dictionary.text(new int[0])).isEmpty();
    assertThat(dictionary.covers("Hi i!")).isTrue();
    assertThat(dictionary.covers("Hi?")).isFalse();
  }

  @Test
  void rejectsLabelsOutsideTheClasses() {
    OcrDictionary dictionary = OcrDictionary.parse("a");

    assertThatThrownBy(() -> dictionary.character(3))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("outside the dictionary's 3 classes");
    assertThatThrownBy(() -> dictionary.text(new int[] {-1}))
        .isInstanceOf(IllegalArgumentException.class);
  }
}

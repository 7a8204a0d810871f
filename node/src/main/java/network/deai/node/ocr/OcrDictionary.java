package network.deai.node.ocr;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The recognition model's classes as PaddleOCR numbers them: label 0 is the CTC blank, labels 1 to
 * {@code n} are the {@code n} lines of the dictionary file in order, and label {@code n + 1} is a
 * space, which PaddleOCR appends ({@code use_space_char}). For {@code ppocr_keys_v1.txt} (6623
 * lines) that makes 6625 classes, the width of PP-OCRv4's output.
 */
public final class OcrDictionary {
  private final List<String> characters;
  private final Map<String, Integer> labels;

  private OcrDictionary(List<String> characters) {
    this.characters = List.copyOf(characters);
    Map<String, Integer> byCharacter = new HashMap<>();
    for (int label = characters.size() - 1; label > 0; label--) {
      byCharacter.put(characters.get(label), label);
    }
    this.labels = Map.copyOf(byCharacter);
  }

  /** Reads a dictionary file (UTF-8). */
  public static OcrDictionary read(Path file) {
    try {
      return parse(Files.readString(file, StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read OCR dictionary " + file + ": " + e, e);
    }
  }

  /**
   * Parses dictionary text: lines split at {@code \n}, a trailing {@code \r} dropped from each, and
   * no empty line after a final newline, as PaddleOCR reads it.
   */
  public static OcrDictionary parse(String text) {
    List<String> characters = new ArrayList<>();
    characters.add("");
    String[] lines = text.split("\n", -1);
    int count = text.endsWith("\n") ? lines.length - 1 : lines.length;
    for (int i = 0; i < count; i++) {
      String line = lines[i];
      characters.add(line.endsWith("\r") ? line.substring(0, line.length() - 1) : line);
    }
    characters.add(" ");
    return new OcrDictionary(characters);
  }

  /** The number of classes, blank and appended space included. */
  public int classes() {
    return characters.size();
  }

  /** The text of one label; the blank's is empty. */
  public String character(int label) {
    if (label < 0 || label >= characters.size()) {
      throw new IllegalArgumentException(
          "label " + label + " is outside the dictionary's " + characters.size() + " classes");
    }
    return characters.get(label);
  }

  /** The text of labels in order, e.g. those {@code CtcGreedy.decode} returns. */
  public String text(int[] labels) {
    StringBuilder text = new StringBuilder();
    for (int label : labels) {
      text.append(character(label));
    }
    return text.toString();
  }

  /** Whether every code point of {@code text} has a label, so the model can read it back. */
  public boolean covers(String text) {
    return text.codePoints().allMatch(c -> labels.containsKey(Character.toString(c)));
  }
}

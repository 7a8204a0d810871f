package network.deai.node.ocr;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.random.RandomGenerator;

/**
 * A seeded corpus of text lines for OCR tests and workloads: English words, numbers and
 * punctuation, {@link #MIN_LENGTH} to {@link #MAX_LENGTH} characters, single spaces between tokens
 * and none at either end. The same seed gives the same lines on every JVM ({@link SplittableRandom}
 * is specified bit for bit).
 */
public final class TextLines {
  /** Shortest line. */
  public static final int MIN_LENGTH = 5;

  /** Longest line, PaddleOCR's {@code max_text_length}. */
  public static final int MAX_LENGTH = 25;

  private static final List<String> WORDS =
      List.of(
          "the",
          "of",
          "and",
          "to",
          "in",
          "is",
          "was",
          "for",
          "on",
          "with",
          "as",
          "by",
          "at",
          "from",
          "this",
          "that",
          "which",
          "have",
          "were",
          "are",
          "been",
          "their",
          "more",
          "time",
          "people",
          "water",
          "number",
          "world",
          "house",
          "small",
          "large",
          "right",
          "place",
          "great",
          "little",
          "found",
          "still",
          "between",
          "never",
          "under",
          "again",
          "point",
          "study",
          "light",
          "should",
          "school",
          "country",
          "father",
          "mother",
          "answer",
          "morning",
          "quick",
          "brown",
          "fox",
          "jumps",
          "over",
          "lazy",
          "dog",
          "zebra",
          "jazz",
          "quiz",
          "box",
          "vivid",
          "yellow",
          "kitchen",
          "garden",
          "market",
          "river",
          "bridge",
          "window",
          "question",
          "journey",
          "system",
          "network",
          "verify",
          "result",
          "compute",
          "model",
          "invoice",
          "total",
          "amount",
          "paid",
          "due",
          "date",
          "order",
          "street",
          "avenue",
          "London",
          "Paris",
          "Berlin",
          "Monday",
          "Friday",
          "January",
          "October",
          "Dear",
          "Sir",
          "Madam",
          "Please",
          "Thank",
          "you",
          "Room",
          "Page",
          "Chapter",
          "Table",
          "Figure",
          "Note",
          "Total",
          "Price",
          "Name",
          "Address",
          "Phone",
          "Email",
          "Open",
          "Closed",
          "Exit");

  private static final List<String> PUNCTUATION = List.of(",", ".", ":", ";", "!", "?");

  private final RandomGenerator random;

  /** Draws lines from {@code random}. */
  public TextLines(RandomGenerator random) {
    this.random = random;
  }

  /** {@code count} lines from {@code new SplittableRandom(seed)}. */
  public static List<String> generate(long seed, int count) {
    TextLines lines = new TextLines(new SplittableRandom(seed));
    List<String> out = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      out.add(lines.next());
    }
    return out;
  }

  /** The next line. */
  public String next() {
    int target = random.nextInt(MIN_LENGTH, MAX_LENGTH + 1);
    StringBuilder line = new StringBuilder(word());
    int misses = 0;
    while (line.length() < target && misses < 8) {
      String candidate = line + token(line.charAt(line.length() - 1));
      if (candidate.length() <= MAX_LENGTH) {
        line.setLength(0);
        line.append(candidate);
      } else {
        misses++;
      }
    }
    return line.toString();
  }

  /** What follows the line so far: punctuation after a letter or digit, else a spaced token. */
  private String token(char last) {
    int kind = random.nextInt(10);
    if (kind < 2 && Character.isLetterOrDigit(last)) {
      return PUNCTUATION.get(random.nextInt(PUNCTUATION.size()));
    }
    if (kind < 4) {
      return " " + number();
    }
    if (kind == 4) {
      return " (" + word() + ")";
    }
    return " " + word();
  }

  private String word() {
    String word = WORDS.get(random.nextInt(WORDS.size()));
    return random.nextInt(6) == 0
        ? Character.toUpperCase(word.charAt(0)) + word.substring(1)
        : word;
  }

  private String number() {
    return switch (random.nextInt(4)) {
      case 0 -> Integer.toString(random.nextInt(10, 10_000));
      case 1 ->
          random.nextInt(1, 1000) + "." + String.format(Locale.ROOT, "%02d", random.nextInt(100));
      case 2 ->
          String.format(
              Locale.ROOT,
              "%02d-%02d-%d",
              random.nextInt(1, 29),
              random.nextInt(1, 13),
              random.nextInt(1990, 2031));
      default -> "#" + random.nextInt(1, 500);
    };
  }
}

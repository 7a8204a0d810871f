package network.deai.learning;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.zip.GZIPInputStream;

/**
 * The bundled handwritten digits (the UCI "Optical Recognition of Handwritten Digits" test set as
 * shipped with scikit-learn): 1,797 images of 8×8 pixels with intensities 0..16, labels 0..9.
 *
 * <p>{@link #load()} returns the rows in file order with every pixel scaled to {@code v / 16f}, so
 * features lie in {@code [0, 1]} and are exact binary fractions (identical on every JVM).
 */
public final class DigitsDataset {

  /** Classpath resource: gzip CSV, no header, 64 pixel columns then the label. */
  public static final String RESOURCE = "/data/digits.csv.gz";

  /** Rows in the resource. */
  public static final int ROWS = 1797;

  /** Pixels per row. */
  public static final int FEATURES = 64;

  /** Distinct labels. */
  public static final int CLASSES = 10;

  private static final int MAX_PIXEL = 16;

  private DigitsDataset() {}

  /**
   * Reads the bundled resource.
   *
   * @throws IllegalStateException if the resource is missing or malformed
   * @throws UncheckedIOException if it cannot be read
   */
  public static Dataset load() {
    try (InputStream raw = DigitsDataset.class.getResourceAsStream(RESOURCE)) {
      if (raw == null) {
        throw new IllegalStateException("missing classpath resource " + RESOURCE);
      }
      try (BufferedReader reader =
          new BufferedReader(
              new InputStreamReader(new GZIPInputStream(raw), StandardCharsets.US_ASCII))) {
        return parse(reader);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + RESOURCE, e);
    }
  }

  /**
   * The bundled data split 60 / 20 / 20, stratified by label (see {@link DataSplit#stratified}).
   */
  public static DataSplit split(long seed) {
    return DataSplit.stratified(load(), 0.6, 0.2, seed);
  }

  private static Dataset parse(BufferedReader reader) throws IOException {
    float[][] x = new float[ROWS][];
    int[] y = new int[ROWS];
    int row = 0;
    for (String line = reader.readLine(); line != null; line = reader.readLine()) {
      if (line.isBlank()) {
        continue;
      }
      if (row == ROWS) {
        throw new IllegalStateException(RESOURCE + " has more than " + ROWS + " rows");
      }
      String[] fields = line.split(",", -1);
      if (fields.length != FEATURES + 1) {
        throw new IllegalStateException(
            RESOURCE + " row " + row + " has " + fields.length + " fields");
      }
      x[row] = new float[FEATURES];
      for (int j = 0; j < FEATURES; j++) {
        x[row][j] = parseField(fields[j].trim(), MAX_PIXEL, row) / (float) MAX_PIXEL;
      }
      y[row] = parseField(fields[FEATURES].trim(), CLASSES - 1, row);
      row++;
    }
    if (row != ROWS) {
      throw new IllegalStateException(RESOURCE + " has " + row + " rows, expected " + ROWS);
    }
    return new Dataset(x, y, CLASSES);
  }

  private static int parseField(String field, int max, int row) {
    int value = Integer.parseInt(field);
    if (value < 0 || value > max) {
      throw new IllegalStateException(RESOURCE + " row " + row + " has value " + value);
    }
    return value;
  }
}

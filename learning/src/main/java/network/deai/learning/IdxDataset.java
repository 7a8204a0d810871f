package network.deai.learning;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/**
 * Reads a labelled image set in the IDX format of MNIST and Fashion-MNIST (big-endian header: magic
 * {@code 0x00000803} with image count, rows and columns, then one unsigned byte per pixel; labels:
 * magic {@code 0x00000801} with a count, then one byte per label).
 *
 * <p>Pixels are scaled to {@code v / 255f} (the same float on every JVM). The caller opens the
 * streams (wrapping {@code .gz} files in a {@link java.util.zip.GZIPInputStream}) and closes them.
 * Nothing in this package needs such a file: the bundled digits are the reference data.
 */
public final class IdxDataset {

  private static final int IMAGES_MAGIC = 0x00000803;
  private static final int LABELS_MAGIC = 0x00000801;
  private static final float MAX_PIXEL = 255f;

  private IdxDataset() {}

  /**
   * Reads images and labels, checking that the counts agree and labels are below {@code classes}.
   *
   * @throws IllegalStateException if a header is malformed or the counts disagree
   * @throws UncheckedIOException if a stream cannot be read or ends early
   */
  public static Dataset read(InputStream images, InputStream labels, int classes) {
    try {
      DataInputStream imageData = new DataInputStream(images);
      DataInputStream labelData = new DataInputStream(labels);
      int count = header(imageData, IMAGES_MAGIC);
      int pixels = Math.multiplyExact(imageData.readInt(), imageData.readInt());
      if (header(labelData, LABELS_MAGIC) != count) {
        throw new IllegalStateException("image and label counts differ");
      }
      float[][] x = new float[count][pixels];
      int[] y = new int[count];
      byte[] buffer = new byte[pixels];
      for (int i = 0; i < count; i++) {
        imageData.readFully(buffer);
        for (int j = 0; j < pixels; j++) {
          x[i][j] = (buffer[j] & 0xFF) / MAX_PIXEL;
        }
        y[i] = labelData.readUnsignedByte();
      }
      return new Dataset(x, y, classes);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read IDX data", e);
    }
  }

  /**
   * Reads only the rows at {@code rows} (indices into the file, any order, no repeats), returned in
   * that order: the streams are read through once and every other row is skipped, so a subset of a
   * large file costs no more memory than the subset.
   *
   * @throws IllegalArgumentException if an index is out of range or repeated
   * @throws IllegalStateException if a header is malformed or the counts disagree
   * @throws UncheckedIOException if a stream cannot be read or ends early
   */
  public static Dataset read(InputStream images, InputStream labels, int classes, int[] rows) {
    try {
      DataInputStream imageData = new DataInputStream(images);
      DataInputStream labelData = new DataInputStream(labels);
      int count = header(imageData, IMAGES_MAGIC);
      int pixels = Math.multiplyExact(imageData.readInt(), imageData.readInt());
      if (header(labelData, LABELS_MAGIC) != count) {
        throw new IllegalStateException("image and label counts differ");
      }
      int[] slot = slots(rows, count);
      float[][] x = new float[rows.length][];
      int[] y = new int[rows.length];
      byte[] buffer = new byte[pixels];
      for (int i = 0; i < count; i++) {
        imageData.readFully(buffer);
        int label = labelData.readUnsignedByte();
        if (slot[i] >= 0) {
          x[slot[i]] = scale(buffer);
          y[slot[i]] = label;
        }
      }
      return new Dataset(x, y, classes);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read IDX data", e);
    }
  }

  /** {@code slot[i]} = position of file row i in {@code rows}, or −1 when it is not wanted. */
  private static int[] slots(int[] rows, int count) {
    int[] slot = new int[count];
    java.util.Arrays.fill(slot, -1);
    for (int k = 0; k < rows.length; k++) {
      if (rows[k] < 0 || rows[k] >= count || slot[rows[k]] >= 0) {
        throw new IllegalArgumentException("row " + rows[k] + " out of range or repeated");
      }
      slot[rows[k]] = k;
    }
    return slot;
  }

  private static float[] scale(byte[] pixels) {
    float[] row = new float[pixels.length];
    for (int j = 0; j < pixels.length; j++) {
      row[j] = (pixels[j] & 0xFF) / MAX_PIXEL;
    }
    return row;
  }

  private static int header(DataInputStream in, int magic) throws IOException {
    int found = in.readInt();
    if (found != magic) {
      throw new IllegalStateException(
          "IDX magic " + Integer.toHexString(found) + ", expected " + Integer.toHexString(magic));
    }
    int count = in.readInt();
    if (count < 0) {
      throw new IllegalStateException("negative IDX count " + count);
    }
    return count;
  }
}

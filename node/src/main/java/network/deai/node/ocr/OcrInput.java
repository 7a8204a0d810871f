package network.deai.node.ocr;

import java.awt.color.ColorSpace;
import java.awt.image.BufferedImage;
import java.awt.image.ComponentColorModel;
import java.awt.image.DataBuffer;
import java.awt.image.Raster;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;
import network.deai.node.domain.Safetensors;

/**
 * PP-OCR's recognition preprocessing ({@code resize_norm_img} in PaddleOCR), bit for bit the same
 * on every JVM:
 *
 * <ol>
 *   <li>Take 8-bit R, G, B samples (grey images repeat their one sample; alpha is ignored; 16-bit
 *       samples keep their high byte), as OpenCV's {@code imread} does.
 *   <li>Resize to {@link #HEIGHT} rows and {@code min(width, ceil(48 * w / h))} columns (computed
 *       exactly in integers) by bilinear interpolation with half-pixel centres, as OpenCV's {@code
 *       INTER_LINEAR}; each interpolated sample is rounded half up to an integer. An image wider
 *       than that is squeezed to {@code width}, as PaddleOCR does.
 *   <li>Order the channels B, G, R (OpenCV's order, which the model was trained on), scale every
 *       sample {@code v} to {@code (v / 255f - 0.5f) / 0.5f} in float arithmetic, lay them out
 *       channel, row, column, and pad the columns right of the image with 0.
 * </ol>
 *
 * <p>A batch is the tensor {@value #INPUT} of shape [N, 3, 48, width], the model's input.
 */
public final class OcrInput {
  /** Input height in pixels. */
  public static final int HEIGHT = 48;

  /** PaddleOCR's default input width. */
  public static final int DEFAULT_WIDTH = 320;

  /** The recognition model's input name. */
  public static final String INPUT = "x";

  private final int width;

  /**
   * @param width the tensor's width, a positive multiple of 8 (the model's output has width / 8
   *     time steps)
   */
  public OcrInput(int width) {
    if (width <= 0 || width % 8 != 0 || width > 8192) {
      throw new IllegalArgumentException("width must be a multiple of 8 in 8..8192: " + width);
    }
    this.width = width;
  }

  /** The tensor's width. */
  public int width() {
    return width;
  }

  /** The values of one image, [3, 48, width] in channel, row, column order. */
  public float[] preprocess(BufferedImage image) {
    int[][] rgb = rgb(image);
    int sourceHeight = image.getHeight();
    int sourceWidth = image.getWidth();
    long exact = ((long) HEIGHT * sourceWidth + sourceHeight - 1) / sourceHeight;
    int resizedWidth = (int) Math.max(1, Math.min(width, exact));
    float[] values = new float[3 * HEIGHT * width];
    float[] sample = new float[3];
    for (int y = 0; y < HEIGHT; y++) {
      Bilinear.Tap rows = Bilinear.tap(y, sourceHeight, HEIGHT);
      for (int x = 0; x < resizedWidth; x++) {
        Bilinear.Tap columns = Bilinear.tap(x, sourceWidth, resizedWidth);
        Bilinear.interpolate(rgb, rows, columns, sample);
        for (int c = 0; c < 3; c++) {
          values[(c * HEIGHT + y) * width + x] = (sample[2 - c] / 255f - 0.5f) / 0.5f;
        }
      }
    }
    return values;
  }

  /** The batch tensor [N, 3, 48, width] of {@code images} in order. */
  public Safetensors.Tensor batch(List<BufferedImage> images) {
    if (images.isEmpty()) {
      throw new IllegalArgumentException("no images to batch");
    }
    int size = 3 * HEIGHT * width;
    float[] data = new float[Math.multiplyExact(images.size(), size)];
    for (int i = 0; i < images.size(); i++) {
      System.arraycopy(preprocess(images.get(i)), 0, data, i * size, size);
    }
    return new Safetensors.Tensor(new int[] {images.size(), 3, HEIGHT, width}, data);
  }

  /** The batch as a safetensors file holding the one tensor {@value #INPUT}. */
  public byte[] safetensors(List<BufferedImage> images) {
    return Safetensors.write(Map.of(INPUT, batch(images)));
  }

  /**
   * Reads an image file (PNG, or any format ImageIO reads).
   *
   * @throws UncheckedIOException with a one-line message if it is missing or not an image
   */
  public static BufferedImage read(Path file) {
    if (!Files.isRegularFile(file)) {
      throw unreadable(file, "no such file");
    }
    BufferedImage image;
    try {
      image = ImageIO.read(file.toFile());
    } catch (IOException e) {
      throw unreadable(file, String.valueOf(e.getMessage()));
    }
    if (image == null || image.getWidth() == 0 || image.getHeight() == 0) {
      throw unreadable(file, "not a PNG image");
    }
    return image;
  }

  private static UncheckedIOException unreadable(Path file, String why) {
    String message = "cannot read image " + file + ": " + why;
    return new UncheckedIOException(message, new IOException(message));
  }

  /** 8-bit R, G, B samples per row: {@code rgb[y][3 * x + c]}. */
  static int[][] rgb(BufferedImage image) {
    int height = image.getHeight();
    int width = image.getWidth();
    int[][] rgb = new int[height][3 * width];
    Raster raster = image.getRaster();
    boolean component = image.getColorModel() instanceof ComponentColorModel;
    boolean grey = image.getColorModel().getColorSpace().getType() == ColorSpace.TYPE_GRAY;
    int shift = raster.getTransferType() == DataBuffer.TYPE_USHORT ? 8 : 0;
    for (int y = 0; y < height; y++) {
      for (int x = 0; x < width; x++) {
        for (int c = 0; c < 3; c++) {
          rgb[y][3 * x + c] =
              !component
                  ? (image.getRGB(x, y) >> (16 - 8 * c)) & 0xff
                  : (raster.getSample(x, y, grey ? 0 : c) >> shift) & 0xff;
        }
      }
    }
    return rgb;
  }
}

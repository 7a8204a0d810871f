package network.deai.node.ocr;

import java.awt.Color;
import java.awt.Font;
import java.awt.FontFormatException;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.font.FontRenderContext;
import java.awt.font.TextLayout;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * Renders one line of text as an image the recognition model reads: black on white, {@link #HEIGHT}
 * pixels high, the text vertically centred on its ascent and descent with {@link #MARGIN} pixels
 * left and right. The font is loaded from a file, never looked up by name, and the rendering hints
 * are fixed (greyscale text anti-aliasing, integer metrics, normalised strokes), so the same font
 * file, text and JDK give the same pixels.
 */
public final class TextLineRenderer {
  /** Image height in pixels, the model's input height. */
  public static final int HEIGHT = 48;

  /** White pixels left and right of the text. */
  public static final int MARGIN = 6;

  /** Debian's {@code fonts-dejavu-core} DejaVu Sans. */
  public static final Path DEJAVU_SANS = Path.of("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf");

  /**
   * The font size in pixels. On 100 seeded lines at width 320, PP-OCRv4 read 99.65% of characters
   * at size 24, 99.77% at 28 and 99.88% at 32, the best; at 20 it drops spaces and digits.
   */
  public static final float DEFAULT_SIZE = 32f;

  private final Font font;

  /** Renders with {@code font} as it is, size included. */
  public TextLineRenderer(Font font) {
    this.font = font;
  }

  /** DejaVu Sans at {@link #DEFAULT_SIZE}. */
  public static TextLineRenderer dejaVuSans() {
    return new TextLineRenderer(load(DEJAVU_SANS, DEFAULT_SIZE));
  }

  /**
   * Loads a TrueType font file at {@code size} pixels.
   *
   * @throws UncheckedIOException with a one-line message naming the Debian package if it is missing
   */
  public static Font load(Path file, float size) {
    try (var in = Files.newInputStream(file)) {
      return Font.createFont(Font.TRUETYPE_FONT, in).deriveFont(size);
    } catch (NoSuchFileException e) {
      throw new UncheckedIOException(
          "font " + file + " not found: install Debian's fonts-dejavu-core", e);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read font " + file + ": " + e.getMessage(), e);
    } catch (FontFormatException e) {
      throw new IllegalArgumentException("font " + file + " is not a TrueType font", e);
    }
  }

  /** The line as an RGB image, {@link #HEIGHT} high and as wide as the text plus margins. */
  public BufferedImage render(String text) {
    if (text.isEmpty()) {
      throw new IllegalArgumentException("cannot render an empty line");
    }
    FontRenderContext context = new FontRenderContext(null, true, false);
    TextLayout layout = new TextLayout(text, font, context);
    int width = (int) Math.ceil(layout.getAdvance()) + 2 * MARGIN;
    BufferedImage image = new BufferedImage(width, HEIGHT, BufferedImage.TYPE_INT_RGB);
    Graphics2D graphics = image.createGraphics();
    try {
      graphics.setColor(Color.WHITE);
      graphics.fillRect(0, 0, width, HEIGHT);
      graphics.setRenderingHint(
          RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
      graphics.setRenderingHint(
          RenderingHints.KEY_FRACTIONALMETRICS, RenderingHints.VALUE_FRACTIONALMETRICS_OFF);
      graphics.setRenderingHint(
          RenderingHints.KEY_STROKE_CONTROL, RenderingHints.VALUE_STROKE_NORMALIZE);
      graphics.setColor(Color.BLACK);
      graphics.setFont(font);
      float ascent = font.getLineMetrics(text, context).getAscent();
      float descent = font.getLineMetrics(text, context).getDescent();
      int baseline = Math.round((HEIGHT - ascent - descent) / 2 + ascent);
      graphics.drawString(text, MARGIN, baseline);
    } finally {
      graphics.dispose();
    }
    return image;
  }
}

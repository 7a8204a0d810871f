package network.deai.node.ocr;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.awt.image.BufferedImage;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class TextLineRendererTest {
  @Test
  void rendersTheSameLineToTheSamePixels() {
    BufferedImage first = TextLineRenderer.dejaVuSans().render("Invoice #42, due 07-12-2026");
    BufferedImage second = TextLineRenderer.dejaVuSans().render("Invoice #42, due 07-12-2026");

    assertThat(first.getHeight()).isEqualTo(48);
    assertThat(first.getWidth()).isEqualTo(second.getWidth()).isGreaterThan(200);
    assertThat(pixels(first)).isEqualTo(pixels(second));
  }

  @Test
  void drawsBlackTextOnWhiteWithMargins() {
    BufferedImage image = TextLineRenderer.dejaVuSans().render("Hello");
    int[] pixels = pixels(image);

    assertThat(pixels).contains(0xffffff, 0x000000);
    assertThat(image.getRGB(0, 24) & 0xffffff).isEqualTo(0xffffff);
    assertThat(image.getRGB(image.getWidth() - 1, 24) & 0xffffff).isEqualTo(0xffffff);
    assertThat(image.getRGB(10, 0) & 0xffffff).isEqualTo(0xffffff);
  }

  @Test
  void namesTheDebianPackageWhenTheFontIsMissing() {
    assertThatThrownBy(() -> TextLineRenderer.load(Path.of("/nonexistent/DejaVuSans.ttf"), 20))
        .isInstanceOf(UncheckedIOException.class)
        .hasMessageContaining("install Debian's fonts-dejavu-core");
  }

  private static int[] pixels(BufferedImage image) {
    int[] rgb = image.getRGB(0, 0, image.getWidth(), image.getHeight(), null, 0, image.getWidth());
    for (int i = 0; i < rgb.length; i++) {
      rgb[i] &= 0xffffff;
    }
    return rgb;
  }
}

package network.deai.node.ocr;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import javax.imageio.ImageIO;
import network.deai.node.domain.Outcome;
import network.deai.node.domain.Safetensors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OcrInputTest {
  private static final int PLANE = 48 * 320;

  @TempDir Path folder;

  @Test
  void preprocessesTheSameImageToTheSameBits() throws IOException {
    BufferedImage image = gradient(131, 29);
    Path png = folder.resolve("line.png");
    ImageIO.write(image, "png", png.toFile());

    byte[] first = new OcrInput(320).safetensors(List.of(image, image));
    byte[] second = new OcrInput(320).safetensors(List.of(OcrInput.read(png), gradient(131, 29)));

    assertThat(second).isEqualTo(first);
  }

  /**
   * The digest was reproduced by a separate NumPy implementation of the rule in {@link OcrInput}'s
   * javadoc (half-pixel bilinear taps in double, round half up, BGR, float32 normalisation, zero
   * padding, sorted compact safetensors header), so a change to any step shows here.
   */
  @Test
  void matchesThePinnedDigestOfASyntheticBatch() throws NoSuchAlgorithmException {
    byte[] file = new OcrInput(320).safetensors(List.of(gradient(131, 29), gradient(900, 40)));

    assertThat(HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(file)))
        .isEqualTo("9d4a58d45b8223a49666ef18a4287a70e526804f7ef206b60c5088c50b19a1c8");
  }

  @Test
  void roundTripsThroughSafetensors() {
    OcrInput input = new OcrInput(160);
    List<BufferedImage> images = List.of(gradient(50, 48), gradient(300, 48), gradient(20, 96));
    Safetensors.Tensor batch = input.batch(images);

    Map<String, Safetensors.Tensor> read =
        switch (Safetensors.read(input.safetensors(images))) {
          case Outcome.Ok<Map<String, Safetensors.Tensor>> ok -> ok.value();
          case Outcome.Rejected<Map<String, Safetensors.Tensor>> rejected ->
              throw new AssertionError(rejected.rejection().detail());
        };

    assertThat(read).containsOnlyKeys("x");
    Safetensors.Tensor x = Objects.requireNonNull(read.get("x"));
    assertThat(x.shape()).containsExactly(3, 3, 48, 160);
    assertThat(x.data()).containsExactly(batch.data());
  }

  @Test
  void normalisesWhiteToOneBlackToMinusOneAndPadsWithZero() {
    BufferedImage image = new BufferedImage(48, 48, BufferedImage.TYPE_INT_RGB);
    fill(image, 0, 24, 0xffffff);

    float[] values = new OcrInput(320).preprocess(image);

    for (int c = 0; c < 3; c++) {
      assertThat(values[c * PLANE + 10 * 320]).isEqualTo(1f);
      assertThat(values[c * PLANE + 10 * 320 + 30]).isEqualTo(-1f);
      assertThat(values[c * PLANE + 10 * 320 + 48]).isZero();
      assertThat(values[c * PLANE + 47 * 320 + 319]).isZero();
    }
  }

  @Test
  void ordersChannelsBlueGreenRed() {
    BufferedImage red = new BufferedImage(10, 48, BufferedImage.TYPE_3BYTE_BGR);
    fill(red, 0, 10, 0xff0000);

    float[] values = new OcrInput(320).preprocess(red);

    assertThat(values[0]).isEqualTo(-1f);
    assertThat(values[PLANE]).isEqualTo(-1f);
    assertThat(values[2 * PLANE]).isEqualTo(1f);
  }

  @Test
  void readsGreySamplesAsTheyAre() {
    BufferedImage grey = new BufferedImage(48, 48, BufferedImage.TYPE_BYTE_GRAY);
    for (int y = 0; y < 48; y++) {
      for (int x = 0; x < 48; x++) {
        grey.getRaster().setSample(x, y, 0, 100);
      }
    }

    float[] values = new OcrInput(320).preprocess(grey);

    assertThat(values[5 * 320 + 5]).isEqualTo((100 / 255f - 0.5f) / 0.5f);
    assertThat(values[2 * PLANE + 5 * 320 + 5]).isEqualTo((100 / 255f - 0.5f) / 0.5f);
  }

  @Test
  void keepsTheAspectRatioAndSqueezesOnlyLinesWiderThanTheTensor() {
    BufferedImage narrow = new BufferedImage(50, 24, BufferedImage.TYPE_INT_RGB);
    fill(narrow, 0, 50, 0xffffff);
    BufferedImage wide = new BufferedImage(2000, 48, BufferedImage.TYPE_INT_RGB);
    fill(wide, 0, 2000, 0xffffff);

    float[] narrowValues = new OcrInput(320).preprocess(narrow);
    float[] wideValues = new OcrInput(320).preprocess(wide);

    assertThat(narrowValues[99]).isEqualTo(1f);
    assertThat(narrowValues[100]).isZero();
    assertThat(wideValues[319]).isEqualTo(1f);
  }

  @Test
  void rejectsWidthsThatAreNotMultiplesOfEight() {
    assertThatThrownBy(() -> new OcrInput(100)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new OcrInput(0)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void saysWhichFileItCannotRead() throws IOException {
    Path text = Files.writeString(folder.resolve("notes.png"), "not an image");

    assertThatThrownBy(() -> OcrInput.read(folder.resolve("missing.png")))
        .isInstanceOf(UncheckedIOException.class)
        .hasMessage("cannot read image " + folder.resolve("missing.png") + ": no such file");
    assertThatThrownBy(() -> OcrInput.read(text))
        .isInstanceOf(UncheckedIOException.class)
        .hasMessage("cannot read image " + text + ": not a PNG image");
  }

  private static BufferedImage gradient(int width, int height) {
    BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
    for (int y = 0; y < height; y++) {
      for (int x = 0; x < width; x++) {
        int r = (x * 7 + y * 13) & 0xff;
        int g = (x * x + 3 * y) & 0xff;
        int b = (255 - x - y * y) & 0xff;
        image.setRGB(x, y, (r << 16) | (g << 8) | b);
      }
    }
    return image;
  }

  private static void fill(BufferedImage image, int fromX, int toX, int rgb) {
    for (int y = 0; y < image.getHeight(); y++) {
      for (int x = fromX; x < toX; x++) {
        image.setRGB(x, y, rgb);
      }
    }
  }
}

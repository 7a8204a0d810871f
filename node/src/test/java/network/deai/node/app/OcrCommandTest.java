package network.deai.node.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import network.deai.node.domain.Outcome;
import network.deai.node.domain.Safetensors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OcrCommandTest {
  private static final int CLASSES = 6625;

  @TempDir Path folder;

  @Test
  void rendersLinesWithTheirTruthAndPreparesTheInputTensor() throws IOException {
    Path lines = folder.resolve("lines");
    Path inputs = folder.resolve("inputs.safetensors");

    DeaiRun render =
        DeaiRun.of("ocr", "render", "--out", lines.toString(), "--count", "3", "--seed", "7");
    DeaiRun prepare =
        DeaiRun.of(
            "ocr",
            "prepare",
            "--out",
            inputs.toString(),
            lines.resolve("line-000.png").toString(),
            lines.resolve("line-002.png").toString());

    assertThat(render.status()).as(render.err()).isZero();
    assertThat(Files.readAllLines(lines.resolve("truth.txt"))).hasSize(3);
    assertThat(lines.resolve("line-001.png")).isRegularFile();
    assertThat(prepare.status()).as(prepare.err()).isZero();
    assertThat(prepare.out()).contains("x [2, 3, 48, 320]");
    Map<String, Safetensors.Tensor> tensors = read(Files.readAllBytes(inputs));
    assertThat(java.util.Objects.requireNonNull(tensors.get("x")).shape())
        .containsExactly(2, 3, 48, 320);
  }

  @Test
  void saysInOneLineWhichImageIsMissing() {
    DeaiRun run =
        DeaiRun.of(
            "ocr", "prepare", "--out", folder.resolve("x.safetensors").toString(), "nope.png");

    assertThat(run.status()).isEqualTo(2);
    assertThat(run.err().strip()).isEqualTo("deai: cannot read image nope.png: no such file");
  }

  @Test
  void readsAnOutputTensorAsTextAndScoresItAgainstTheTruth() throws IOException {
    // Labels: 0 blank, 6624 the appended space; "H" and "i" are looked up from the dictionary.
    float[] probabilities = new float[2 * 4 * CLASSES];
    int h = label("H");
    int i = label("i");
    int[][] steps = {{h, h, 0, i}, {i, 6624, 6624, i}};
    for (int n = 0; n < 2; n++) {
      for (int t = 0; t < 4; t++) {
        probabilities[(n * 4 + t) * CLASSES + steps[n][t]] = 1f;
      }
    }
    Path result = folder.resolve("result.safetensors");
    Files.write(
        result,
        Safetensors.write(
            Map.of("logits", new Safetensors.Tensor(new int[] {2, 4, CLASSES}, probabilities))));
    Path truth = Files.writeString(folder.resolve("truth.txt"), "Hi\ni i\n");

    DeaiRun run = DeaiRun.of("ocr", "read", result.toString(), "--truth", truth.toString());

    assertThat(run.status()).as(run.err()).isZero();
    assertThat(run.out().lines().toList())
        .containsExactly("1.0000 Hi", "1.0000 i i", "char_accuracy 1.0000");
  }

  @Test
  void rejectsAnOutputOfTheWrongShape() throws IOException {
    Path result = folder.resolve("result.safetensors");
    Files.write(
        result,
        Safetensors.write(
            Map.of("output", new Safetensors.Tensor(new int[] {2, 5}, new float[10]))));

    DeaiRun run = DeaiRun.of("ocr", "read", result.toString());

    assertThat(run.status()).isEqualTo(2);
    assertThat(run.err()).contains("expected an output of shape [N, T, 6625]").contains("[2, 5]");
  }

  private static int label(String character) throws IOException {
    List<String> lines =
        Files.readAllLines(OcrCommand.models().dictionary(), StandardCharsets.UTF_8);
    return lines.indexOf(character) + 1;
  }

  private static Map<String, Safetensors.Tensor> read(byte[] file) {
    return switch (Safetensors.read(file)) {
      case Outcome.Ok<Map<String, Safetensors.Tensor>> ok -> ok.value();
      case Outcome.Rejected<Map<String, Safetensors.Tensor>> rejected ->
          throw new AssertionError(rejected.rejection().detail());
    };
  }
}

package network.deai.node.app;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import javax.imageio.ImageIO;
import network.deai.node.domain.Outcome;
import network.deai.node.domain.Safetensors;
import network.deai.node.ocr.CharAccuracy;
import network.deai.node.ocr.OcrDictionary;
import network.deai.node.ocr.OcrInput;
import network.deai.node.ocr.OcrModels;
import network.deai.node.ocr.TextLineRenderer;
import network.deai.node.ocr.TextLines;
import network.deai.verifier.domain.canonical.CtcGreedy;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code deai ocr prepare|render|read}: the OCR workload's inputs and results. */
@Command(
    name = "ocr",
    mixinStandardHelpOptions = true,
    description =
        "Text recognition with PaddleOCR PP-OCRv4: turn PNG text lines into the model's input"
            + " tensor, render test lines with their truth, and read a result tensor back as text.",
    subcommands = {
      OcrCommand.Prepare.class,
      OcrCommand.Render.class,
      OcrCommand.Read.class,
      CommandLine.HelpCommand.class
    })
public final class OcrCommand implements Runnable {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec = CommandLine.Model.CommandSpec.create();

  @Override
  public void run() {
    spec.commandLine().usage(System.out);
  }

  @Command(
      name = "prepare",
      mixinStandardHelpOptions = true,
      description =
          "Turn PNG images of single text lines into the recognition model's input: one"
              + " safetensors tensor 'x' of shape [N, 3, 48, width], images in the order given.")
  static final class Prepare implements Callable<Integer> {
    @Option(names = "--out", required = true, description = "Safetensors file to write.")
    Path out = Path.of("");

    @Option(
        names = "--width",
        defaultValue = "320",
        description =
            "Tensor width, a multiple of 8; wider lines are squeezed (default: ${DEFAULT-VALUE}).")
    int width = OcrInput.DEFAULT_WIDTH;

    @Parameters(arity = "1..*", paramLabel = "IMAGE", description = "PNG images, one line each.")
    List<Path> images = List.of();

    @Override
    public Integer call() throws IOException {
      OcrInput input = new OcrInput(width);
      List<BufferedImage> read = new ArrayList<>();
      for (Path image : images) {
        read.add(OcrInput.read(image));
      }
      Files.write(out, input.safetensors(read));
      System.out.printf(
          Locale.ROOT, "wrote %s: x [%d, 3, 48, %d]%n", out, read.size(), input.width());
      return 0;
    }
  }

  @Command(
      name = "render",
      mixinStandardHelpOptions = true,
      description =
          "Render seeded English text lines (DejaVu Sans, black on white, 48 pixels high) as"
              + " line-000.png, line-001.png, ... and write their text to truth.txt, one per line.")
  static final class Render implements Callable<Integer> {
    @Option(names = "--out", required = true, description = "Folder to write (created if needed).")
    Path out = Path.of("");

    @Option(
        names = "--count",
        defaultValue = "5",
        description = "Number of lines (default: ${DEFAULT-VALUE}).")
    int count = 5;

    @Option(
        names = "--seed",
        defaultValue = "7",
        description = "Seed of the text (default: ${DEFAULT-VALUE}).")
    long seed = 7;

    @Override
    public Integer call() throws IOException {
      if (count < 1 || count > 1000) {
        throw new IllegalArgumentException("--count must be in 1..1000: " + count);
      }
      TextLineRenderer renderer = TextLineRenderer.dejaVuSans();
      List<String> lines = TextLines.generate(seed, count);
      Files.createDirectories(out);
      for (int i = 0; i < lines.size(); i++) {
        Path file = out.resolve(String.format(Locale.ROOT, "line-%03d.png", i));
        ImageIO.write(renderer.render(lines.get(i)), "png", file.toFile());
      }
      Files.write(out.resolve("truth.txt"), lines, StandardCharsets.UTF_8);
      System.out.printf(Locale.ROOT, "wrote %d lines and truth.txt to %s%n", count, out);
      return 0;
    }
  }

  @Command(
      name = "read",
      mixinStandardHelpOptions = true,
      description =
          "Read a result of the recognition model as text, one line per image: greedy CTC"
              + " decoding of the tensor 'output' (or the file's only tensor), shape [N, T, 6625]"
              + " or [T, 6625], with PaddleOCR's dictionary.")
  static final class Read implements Callable<Integer> {
    @Parameters(paramLabel = "RESULT", description = "Safetensors file holding the output.")
    Path result = Path.of("");

    @Option(
        names = "--truth",
        description = "Text file with the true lines; prints each line's character accuracy.")
    @Nullable Path truth;

    @Override
    public Integer call() throws IOException {
      OcrDictionary dictionary = OcrDictionary.read(models().dictionary());
      Safetensors.Tensor output = output(Files.readAllBytes(result));
      List<String> texts = decode(output, dictionary);
      List<String> expected =
          truth == null ? List.of() : Files.readAllLines(truth, StandardCharsets.UTF_8);
      double sum = 0;
      for (int i = 0; i < texts.size(); i++) {
        if (i < expected.size()) {
          double accuracy = CharAccuracy.of(texts.get(i), expected.get(i));
          sum += accuracy;
          System.out.printf(Locale.ROOT, "%.4f %s%n", accuracy, texts.get(i));
        } else {
          System.out.println(texts.get(i));
        }
      }
      if (!expected.isEmpty()) {
        System.out.printf(Locale.ROOT, "char_accuracy %.4f%n", sum / texts.size());
      }
      return 0;
    }

    private static Safetensors.Tensor output(byte[] file) {
      Map<String, Safetensors.Tensor> tensors =
          switch (Safetensors.read(file)) {
            case Outcome.Ok<Map<String, Safetensors.Tensor>> ok -> ok.value();
            case Outcome.Rejected<Map<String, Safetensors.Tensor>> rejected ->
                throw new IllegalArgumentException(rejected.rejection().detail());
          };
      Safetensors.Tensor named = tensors.get("output");
      if (named != null) {
        return named;
      }
      if (tensors.size() != 1) {
        throw new IllegalArgumentException(
            "expected a tensor 'output' or exactly one tensor, found " + tensors.keySet());
      }
      return tensors.values().iterator().next();
    }

    private static List<String> decode(Safetensors.Tensor output, OcrDictionary dictionary) {
      int[] shape = output.shape();
      int classes = shape.length == 0 ? 0 : shape[shape.length - 1];
      if (shape.length < 2 || shape.length > 3 || classes != dictionary.classes()) {
        throw new IllegalArgumentException(
            "expected an output of shape [N, T, "
                + dictionary.classes()
                + "] or [T, "
                + dictionary.classes()
                + "], got "
                + Arrays.toString(shape));
      }
      int images = shape.length == 3 ? shape[0] : 1;
      int steps = shape[shape.length - 2];
      int size = steps * classes;
      List<String> texts = new ArrayList<>();
      for (int i = 0; i < images; i++) {
        float[] one = Arrays.copyOfRange(output.data(), i * size, (i + 1) * size);
        texts.add(dictionary.text(CtcGreedy.decode(one, steps, classes)));
      }
      return texts;
    }
  }

  /** The installed models, searched from here, from {@code deai.home} and from this code. */
  public static OcrModels models() {
    List<@Nullable Path> starts = new ArrayList<>();
    starts.add(Path.of(""));
    String home = System.getProperty("deai.home");
    starts.add(home == null ? null : Path.of(home));
    starts.add(codeLocation());
    return OcrModels.locate(System.getenv(), starts);
  }

  private static @Nullable Path codeLocation() {
    var source = OcrCommand.class.getProtectionDomain().getCodeSource();
    try {
      return source == null ? null : Path.of(source.getLocation().toURI());
    } catch (URISyntaxException | IllegalArgumentException e) {
      return null;
    }
  }
}

package network.deai.bench;

import ai.onnxruntime.OrtException;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.function.UnaryOperator;
import network.deai.node.ocr.CharAccuracy;
import network.deai.node.ocr.OcrDictionary;
import network.deai.node.ocr.OcrInput;
import network.deai.node.ocr.OcrModels;
import network.deai.node.ocr.TextLineRenderer;
import network.deai.node.ocr.TextLines;

/**
 * {@code deai bench models}: honest noise and cheaters on real model outputs (PP-OCRv4 text
 * recognition on rendered lines, one line per task), the recommended SIMILAR {@code maxDistance}
 * for the raw SimHash, each cheat's detection rate per canonical form, and the node executor's
 * overhead over ONNX Runtime. Ends with {@code <name> <value>} lines.
 */
public final class ModelsBench {
  /** Added to the largest honest distance to give the recommended maxDistance. */
  public static final int MARGIN = 2;

  private final OcrModels models;
  private final int lines;
  private final long seed;
  private final PrintStream out;

  /** A bench over {@code lines} seeded text lines, printing to {@code out}. */
  public ModelsBench(OcrModels models, int lines, long seed, PrintStream out) {
    if (lines < 2) {
      throw new IllegalArgumentException("--lines must be at least 2");
    }
    this.models = models;
    this.lines = lines;
    this.seed = seed;
    this.out = out;
  }

  /** Runs everything and prints; returns the final numbers by name. */
  public Map<String, Double> run() throws IOException, OrtException {
    byte[] model = Files.readAllBytes(models.recognizer());
    OcrDictionary dictionary = OcrDictionary.read(models.dictionary());
    List<String> truth = TextLines.generate(seed, lines);
    List<BufferedImage> images = new ArrayList<>();
    TextLineRenderer renderer = TextLineRenderer.dejaVuSans();
    truth.forEach(t -> images.add(renderer.render(t)));
    OcrInput input = new OcrInput(OcrInput.DEFAULT_WIDTH);
    ModelRunner runner = new ModelRunner(seed, dictionary);
    out.printf(
        Locale.ROOT,
        "PP-OCRv4 recognition, %d rendered lines, seed %d, one line per task%n",
        lines,
        seed);

    Map<String, ModelRunner.Run> honest = new LinkedHashMap<>();
    List<float[]> clean = preprocess(images, input, UnaryOperator.identity());
    ModelRunner.Run reference = runner.run(ModelEnvironment.REFERENCE, model, clean, input.width());
    for (ModelEnvironment env : ModelEnvironment.honest(Math.min(8, lines))) {
      ModelRunner.Run run =
          env.equals(ModelEnvironment.REFERENCE)
              ? reference
              : runner.run(env, model, clean, input.width());
      honest.put(env.name(), run);
      report(env.name(), run, reference, truth);
    }
    ModelNoise noise = ModelNoise.of(List.copyOf(honest.values()), MARGIN);
    Map<String, ModelRunner.Run> cheats = new LinkedHashMap<>();
    Map<String, Double> ratios = new LinkedHashMap<>();
    for (ModelCheat cheat : ModelCheat.values()) {
      List<float[]> x =
          cheat == ModelCheat.HALF_RESOLUTION ? preprocess(images, input, cheat::image) : clean;
      cheat(runner, cheat, model, clean, x, input.width(), cheats, ratios);
      report(cheat.id(), Objects.requireNonNull(cheats.get(cheat.id())), reference, truth);
    }
    ModelOverhead.Result overhead =
        ModelOverhead.measure(
            runner, model, clean, input.width(), Math.max(10, Math.min(lines, 40)));
    return print(noise, honest, cheats, ratios, overhead);
  }

  /** Runs one cheat and times it against the honest model, interleaved. */
  private void cheat(
      ModelRunner runner,
      ModelCheat cheat,
      byte[] model,
      List<float[]> clean,
      List<float[]> x,
      int width,
      Map<String, ModelRunner.Run> cheats,
      Map<String, Double> ratios)
      throws OrtException {
    byte[] cheatModel = cheat.model(model);
    cheats.put(cheat.id(), runner.run(ModelEnvironment.REFERENCE, cheatModel, x, width));
    ratios.put(
        cheat.id(), ModelOverhead.ratio(model, clean, cheatModel, x, width, Math.min(lines, 20)));
  }

  private static List<float[]> preprocess(
      List<BufferedImage> images, OcrInput input, UnaryOperator<BufferedImage> change) {
    return images.stream().map(i -> input.preprocess(change.apply(i))).toList();
  }

  private void report(
      String name, ModelRunner.Run run, ModelRunner.Run reference, List<String> truth) {
    double accuracy = 0;
    int maxDistance = 0;
    for (int i = 0; i < truth.size(); i++) {
      accuracy += CharAccuracy.of(run.lines().get(i).text(), truth.get(i));
      maxDistance =
          Math.max(maxDistance, ModelNoise.distance(run.lines().get(i), reference.lines().get(i)));
    }
    out.printf(
        Locale.ROOT,
        "  %-24s %7.1f ms/line  char_accuracy %.4f  max_distance_to_reference %d%n",
        name,
        run.millisPerLine(),
        accuracy / truth.size(),
        maxDistance);
  }

  private Map<String, Double> print(
      ModelNoise noise,
      Map<String, ModelRunner.Run> honest,
      Map<String, ModelRunner.Run> cheats,
      Map<String, Double> ratios,
      ModelOverhead.Result overhead) {
    printNoise(noise, honest.size());
    int d = noise.recommended(false);
    int dLog = noise.recommended(true);
    Map<String, Double> numbers = new LinkedHashMap<>();
    double[] minDetection = printCheats(noise, cheats, ratios, d, dLog, numbers);
    numbers.put("honest_max_distance", (double) noise.max(false));
    numbers.put("recommended_max_distance", (double) d);
    numbers.put("honest_false_slash", noise.falseSlash(false, d));
    numbers.put("honest_false_slash_argmax", noise.argmaxDisagreement());
    numbers.put("honest_false_slash_top5", noise.topKDisagreement());
    numbers.put("honest_false_slash_ctc", noise.ctcDisagreement());
    numbers.put("honest_exact_disagreement", noise.exactDisagreement());
    numbers.put("cheat_detection_min", minDetection[0]);
    numbers.put("logp_honest_max_distance", (double) noise.max(true));
    numbers.put("logp_recommended_max_distance", (double) dLog);
    numbers.put("logp_honest_false_slash", noise.falseSlash(true, dLog));
    numbers.put("logp_cheat_detection_min", minDetection[1]);
    numbers.put("direct_ms_per_line", overhead.direct());
    numbers.put("executor_run_ms_per_line", overhead.executorRun());
    numbers.put("executor_ms_per_line", overhead.executorCtc());
    numbers.put("executor_raw_ms_per_line", overhead.executorRaw());
    numbers.put("executor_run_overhead", overhead.executorRun() / overhead.direct());
    numbers.put("executor_overhead", overhead.executorCtc() / overhead.direct());
    numbers.put("executor_overhead_raw_simhash", overhead.executorRaw() / overhead.direct());
    numbers.put("ocr_tasks_per_minute", 60_000 / overhead.executorCtc());
    numbers.put("ocr_tasks_per_minute_raw", 60_000 / overhead.executorRaw());
    numbers.forEach((name, value) -> out.printf(Locale.ROOT, "%s %s%n", name, format(value)));
    return numbers;
  }

  private void printNoise(ModelNoise noise, int environments) {
    out.printf(
        Locale.ROOT,
        "honest pairs %d (every pair of %d environments, every line)%n",
        noise.pairs(),
        environments);
    out.printf(
        Locale.ROOT, "honest raw SimHash distances (distance=pairs) %s%n", noise.histogram(false));
    out.printf(
        Locale.ROOT,
        "honest log-probability SimHash distances (distance=pairs) %s%n",
        noise.histogram(true));
    out.printf(
        Locale.ROOT,
        "honest disagreement: exact_bytes %.4f argmax %.4f top-%d %.4f ctc %.4f%n",
        noise.exactDisagreement(),
        noise.argmaxDisagreement(),
        ModelRunner.TOP_K,
        noise.topKDisagreement(),
        noise.ctcDisagreement());
  }

  /** Prints the cheat table; returns the smallest raw and log-probability detection rates. */
  private double[] printCheats(
      ModelNoise noise,
      Map<String, ModelRunner.Run> cheats,
      Map<String, Double> ratios,
      int d,
      int dLog,
      Map<String, Double> numbers) {
    out.printf(
        Locale.ROOT,
        "share of lines caught: raw at maxDistance %d, log-p at %d (largest honest + %d), labels"
            + " and exact when they differ from every honest result%n",
        d,
        dLog,
        MARGIN);
    out.printf(
        Locale.ROOT,
        "%-26s %-7s %-7s %-7s %-7s %-7s %-7s %-9s %s%n",
        "cheat",
        "raw",
        "log-p",
        "argmax",
        "top-" + ModelRunner.TOP_K,
        "ctc",
        "exact",
        "min_dist",
        "time_ratio");
    double[] min = {1, 1};
    for (var cheat : cheats.entrySet()) {
      ModelNoise.Detection detection = noise.detect(cheat.getValue(), d, dLog);
      min[0] = Math.min(min[0], detection.raw());
      min[1] = Math.min(min[1], detection.logRaw());
      printCheat(
          cheat.getKey(), detection, ratios.getOrDefault(cheat.getKey(), Double.NaN), numbers);
    }
    return min;
  }

  private void printCheat(
      String cheat, ModelNoise.Detection detection, double ratio, Map<String, Double> numbers) {
    out.printf(
        Locale.ROOT,
        "%-26s %-7.4f %-7.4f %-7.4f %-7.4f %-7.4f %-7.4f %-9s %.3f%n",
        cheat,
        detection.raw(),
        detection.logRaw(),
        detection.argmax(),
        detection.topK(),
        detection.ctc(),
        detection.exact(),
        detection.minDistance() + "/" + detection.minLogDistance(),
        ratio);
    numbers.put("detection_raw_" + cheat, detection.raw());
    numbers.put("detection_logp_" + cheat, detection.logRaw());
    numbers.put("detection_top5_" + cheat, detection.topK());
    numbers.put("detection_ctc_" + cheat, detection.ctc());
    numbers.put("time_ratio_" + cheat, ratio);
  }

  private static String format(double value) {
    return value == Math.rint(value) && Math.abs(value) < 1e9
        ? Long.toString((long) value)
        : String.format(Locale.ROOT, "%.4f", value);
  }
}

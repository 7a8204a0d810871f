package network.deai.bench;

import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtProvider;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import network.deai.node.ocr.CharAccuracy;
import network.deai.node.ocr.OcrDictionary;
import network.deai.node.ocr.OcrInput;
import network.deai.node.ocr.OcrModels;
import network.deai.node.ocr.TextLineRenderer;
import network.deai.node.ocr.TextLines;
import network.deai.verifier.domain.fingerprint.Hamming;

/**
 * {@code deai bench models --device cuda} (run by {@code tools/gpu-check}): the OCR model through
 * the onnx executor on the CPU and on the GPU ({@code device=cuda}) on the same lines, with the
 * SimHash distances between the two per line, how often each form agrees, and GPU throughput.
 */
public final class ModelDeviceCheck {
  private static final int GPU_BATCH = 32;

  private final OcrModels models;
  private final int lines;
  private final long seed;
  private final int maxDistance;
  private final PrintStream out;

  /**
   * A check over {@code lines} seeded text lines, counting CPU-GPU pairs beyond {@code
   * maxDistance}, printing to {@code out}.
   */
  public ModelDeviceCheck(
      OcrModels models, int lines, long seed, int maxDistance, PrintStream out) {
    this.models = models;
    this.maxDistance = maxDistance;
    this.lines = lines;
    this.seed = seed;
    this.out = out;
  }

  /**
   * Runs and prints; returns the numbers by name.
   *
   * @throws IllegalArgumentException with one line if ONNX Runtime has no CUDA provider here
   */
  public Map<String, Double> run() throws IOException {
    if (!OrtEnvironment.getAvailableProviders().contains(OrtProvider.CUDA)) {
      throw new IllegalArgumentException(
          "device cuda: ONNX Runtime has no CUDA execution provider here (providers "
              + OrtEnvironment.getAvailableProviders()
              + "); build with -Pgpu and run on a machine with an NVIDIA GPU, CUDA 12 and cuDNN 9");
    }
    byte[] model = Files.readAllBytes(models.recognizer());
    List<String> truth = TextLines.generate(seed, lines);
    TextLineRenderer renderer = TextLineRenderer.dejaVuSans();
    OcrInput input = new OcrInput(OcrInput.DEFAULT_WIDTH);
    List<float[]> x = new ArrayList<>();
    for (String line : truth) {
      BufferedImage image = renderer.render(line);
      x.add(input.preprocess(image));
    }
    ModelRunner runner = new ModelRunner(seed, OcrDictionary.read(models.dictionary()));
    ModelEnvironment cpu = ModelEnvironment.REFERENCE;
    ModelEnvironment gpu = new ModelEnvironment("cuda", 1, "basic", 1, false, "cuda");
    ModelEnvironment gpuBatch =
        new ModelEnvironment("cuda-batch" + GPU_BATCH, 1, "basic", GPU_BATCH, false, "cuda");
    ModelRunner.Run onCpu = runner.run(cpu, model, x, input.width());
    try {
      ModelRunner.Run onGpu = runner.run(gpu, model, x, input.width());
      ModelRunner.Run onGpuBatch = runner.run(gpuBatch, model, x, input.width());
      return print(truth, onCpu, onGpu, onGpuBatch);
    } catch (IllegalStateException e) {
      throw new IllegalArgumentException("device cuda: " + e.getMessage(), e);
    }
  }

  private Map<String, Double> print(
      List<String> truth, ModelRunner.Run cpu, ModelRunner.Run gpu, ModelRunner.Run batch) {
    int max = 0;
    double sum = 0;
    int[] agree = new int[4];
    double accuracy = 0;
    for (int i = 0; i < truth.size(); i++) {
      ModelRunner.Line c = cpu.lines().get(i);
      for (ModelRunner.Line g : List.of(gpu.lines().get(i), batch.lines().get(i))) {
        int d = Hamming.distance(c.simHash(), g.simHash());
        max = Math.max(max, d);
        sum += d;
        agree[0] += c.exact().equals(g.exact()) ? 1 : 0;
        agree[1] += c.argmax().equals(g.argmax()) ? 1 : 0;
        agree[2] += c.topK().equals(g.topK()) ? 1 : 0;
        agree[3] += c.ctc().equals(g.ctc()) ? 1 : 0;
      }
      accuracy += CharAccuracy.of(gpu.lines().get(i).text(), truth.get(i));
    }
    double pairs = 2.0 * truth.size();
    Map<String, Double> numbers = new LinkedHashMap<>();
    numbers.put("gpu_simhash_max_distance", (double) max);
    numbers.put("gpu_simhash_mean_distance", sum / pairs);
    numbers.put("gpu_false_slash_at_" + maxDistance, falseSlash(cpu, gpu, batch));
    numbers.put("gpu_exact_agreement", agree[0] / pairs);
    numbers.put("gpu_argmax_agreement", agree[1] / pairs);
    numbers.put("gpu_top5_agreement", agree[2] / pairs);
    numbers.put("gpu_ctc_agreement", agree[3] / pairs);
    numbers.put("gpu_char_accuracy", accuracy / truth.size());
    numbers.put("cpu_ms_per_line", cpu.millisPerLine());
    numbers.put("gpu_ms_per_line", gpu.millisPerLine());
    numbers.put("gpu_ms_per_line_batch" + GPU_BATCH, batch.millisPerLine());
    numbers.put("gpu_lines_per_second_batch" + GPU_BATCH, 1000 / batch.millisPerLine());
    numbers.forEach((name, value) -> out.printf(Locale.ROOT, "%s %.4f%n", name, value));
    return numbers;
  }

  /** The share of CPU-GPU pairs beyond {@link #maxDistance}. */
  private double falseSlash(ModelRunner.Run cpu, ModelRunner.Run gpu, ModelRunner.Run batch) {
    int slashed = 0;
    for (int i = 0; i < cpu.lines().size(); i++) {
      for (ModelRunner.Run other : List.of(gpu, batch)) {
        slashed +=
            Hamming.distance(cpu.lines().get(i).simHash(), other.lines().get(i).simHash())
                    > maxDistance
                ? 1
                : 0;
      }
    }
    return slashed / (2.0 * cpu.lines().size());
  }
}

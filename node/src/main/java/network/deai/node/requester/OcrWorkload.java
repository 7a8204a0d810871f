package network.deai.node.requester;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import network.deai.node.domain.Outcome;
import network.deai.node.domain.Safetensors;
import network.deai.node.ocr.CharAccuracy;
import network.deai.node.ocr.OcrDictionary;
import network.deai.node.ocr.OcrInput;
import network.deai.node.ocr.OcrModels;
import network.deai.node.ocr.TextLineRenderer;
import network.deai.node.ocr.TextLines;
import network.deai.verifier.domain.canonical.CtcGreedy;

/**
 * A real-model requester workload: text lines rendered from a seeded corpus, read by the PaddleOCR
 * PP-OCRv4 recognition model (installed from its registry package, see {@link OcrModels}) through
 * the {@code onnx} executor. Each task reads {@link #LINES_PER_TASK} lines; the requester decodes
 * the verified output to text and scores it against what was rendered.
 */
public final class OcrWorkload {
  /** Text lines per task. */
  public static final int LINES_PER_TASK = 4;

  private final byte[] model;
  private final OcrDictionary dictionary;
  private final TextLineRenderer renderer = TextLineRenderer.dejaVuSans();
  private final OcrInput input = new OcrInput(OcrInput.DEFAULT_WIDTH);
  private final long seed;

  private OcrWorkload(byte[] model, OcrDictionary dictionary, long seed) {
    this.model = model;
    this.dictionary = dictionary;
    this.seed = seed;
  }

  /** Loads the installed model and dictionary; lines are drawn from {@code seed}. */
  public static OcrWorkload load(OcrModels models, long seed) {
    try {
      return new OcrWorkload(
          Files.readAllBytes(models.recognizer()), OcrDictionary.read(models.dictionary()), seed);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the OCR model: " + e.getMessage(), e);
    }
  }

  /** The ONNX model file. */
  public byte[] model() {
    return model.clone();
  }

  /** The lines task {@code task} renders. */
  public List<String> truth(int task) {
    return TextLines.generate(seed * 1_000_003L + task, LINES_PER_TASK);
  }

  /** The input tensor file of task {@code task}: its lines rendered and preprocessed. */
  public byte[] inputs(int task) {
    List<BufferedImage> images = new ArrayList<>();
    for (String line : truth(task)) {
      images.add(renderer.render(line));
    }
    return input.safetensors(images);
  }

  /**
   * What a verified result of task {@code task} reads and how accurately, or why it cannot be read
   * (a rejection document, a malformed file).
   */
  public Outcome<Reading> read(int task, byte[] result) {
    if (!(Safetensors.read(result) instanceof Outcome.Ok<Map<String, Safetensors.Tensor>> ok)
        || ok.value().size() != 1) {
      return Outcome.rejected(
          network.deai.node.domain.Rejection.Code.EXECUTION_FAILED,
          "the result is not one output tensor");
    }
    Safetensors.Tensor output = ok.value().values().iterator().next();
    int[] shape = output.shape();
    if (shape.length != 3 || shape[2] != dictionary.classes()) {
      return Outcome.rejected(
          network.deai.node.domain.Rejection.Code.EXECUTION_FAILED,
          "the output is not [lines, steps, " + dictionary.classes() + "]");
    }
    int size = shape[1] * shape[2];
    List<String> read = new ArrayList<>();
    for (int i = 0; i < shape[0]; i++) {
      float[] one = java.util.Arrays.copyOfRange(output.data(), i * size, (i + 1) * size);
      read.add(dictionary.text(CtcGreedy.decode(one, shape[1], shape[2])).strip());
    }
    List<String> truth = truth(task);
    double sum = 0;
    for (int i = 0; i < truth.size(); i++) {
      sum += CharAccuracy.of(i < read.size() ? read.get(i) : "", truth.get(i));
    }
    return Outcome.ok(new Reading(truth, read, sum / truth.size()));
  }

  /**
   * One task's reading.
   *
   * @param truth the rendered lines
   * @param read the decoded lines
   * @param charAccuracy mean character accuracy over the lines
   */
  public record Reading(List<String> truth, List<String> read, double charAccuracy) {
    /** Copies the lists. */
    public Reading {
      truth = List.copyOf(truth);
      read = List.copyOf(read);
    }
  }
}

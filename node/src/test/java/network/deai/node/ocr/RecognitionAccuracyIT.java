package network.deai.node.ocr;

import static org.assertj.core.api.Assertions.assertThat;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import java.awt.image.BufferedImage;
import java.nio.FloatBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import network.deai.node.domain.Safetensors;
import network.deai.verifier.domain.canonical.CtcGreedy;
import org.junit.jupiter.api.Test;

/** PP-OCRv4 recognition through ONNX Runtime on rendered lines, read back with greedy CTC. */
class RecognitionAccuracyIT {
  private static final int LINES = 20;

  private final OcrModels models = OcrModels.locate(System.getenv(), List.of(Path.of("")));
  private final OcrDictionary dictionary = OcrDictionary.read(models.dictionary());

  @Test
  void readsRenderedLinesWithHighCharacterAccuracy() throws OrtException {
    List<String> truth = TextLines.generate(7, LINES);
    TextLineRenderer renderer = TextLineRenderer.dejaVuSans();
    List<BufferedImage> images = new ArrayList<>();
    for (String line : truth) {
      assertThat(dictionary.covers(line)).as(line).isTrue();
      images.add(renderer.render(line));
    }
    Safetensors.Tensor input = new OcrInput(OcrInput.DEFAULT_WIDTH).batch(images);

    List<String> read;
    long start;
    try (OrtSession session = session()) {
      recognize(session, input);
      start = System.nanoTime();
      read = recognize(session, input);
    }
    double millisPerLine = (System.nanoTime() - start) / 1e6 / LINES;

    double sum = 0;
    for (int i = 0; i < LINES; i++) {
      sum += CharAccuracy.of(read.get(i), truth.get(i));
    }
    double accuracy = sum / LINES;
    System.out.printf(
        Locale.ROOT, "ocr char_accuracy %.4f ms_per_line %.1f%n", accuracy, millisPerLine);
    assertThat(accuracy).isGreaterThanOrEqualTo(0.9);
  }

  @Test
  void hasOneClassPerDictionaryEntryBlankAndSpace() throws OrtException {
    BufferedImage line = TextLineRenderer.dejaVuSans().render("a b");
    float[] values = new OcrInput(64).preprocess(line);
    try (OrtSession session = session();
        OnnxTensor x = tensor(values, new long[] {1, 3, 48, 64});
        OrtSession.Result result = session.run(Map.of(OcrInput.INPUT, x))) {
      long[] shape = ((OnnxTensor) result.get(0)).getInfo().getShape();

      assertThat(shape).containsExactly(1, 8, dictionary.classes());
      assertThat(dictionary.classes()).isEqualTo(6625);
    }
  }

  private OrtSession session() throws OrtException {
    OrtSession.SessionOptions options = new OrtSession.SessionOptions();
    options.setIntraOpNumThreads(1);
    return OrtEnvironment.getEnvironment().createSession(models.recognizer().toString(), options);
  }

  private List<String> recognize(OrtSession session, Safetensors.Tensor input) throws OrtException {
    long[] shape = Arrays.stream(input.shape()).asLongStream().toArray();
    try (OnnxTensor x = tensor(input.data(), shape);
        OrtSession.Result result = session.run(Map.of(OcrInput.INPUT, x))) {
      OnnxTensor output = (OnnxTensor) result.get(0);
      long[] outputShape = output.getInfo().getShape();
      int steps = (int) outputShape[1];
      int classes = (int) outputShape[2];
      float[] all = new float[Math.toIntExact(outputShape[0] * steps * classes)];
      output.getFloatBuffer().get(all);
      List<String> texts = new ArrayList<>();
      for (int i = 0; i < outputShape[0]; i++) {
        float[] one = Arrays.copyOfRange(all, i * steps * classes, (i + 1) * steps * classes);
        texts.add(dictionary.text(CtcGreedy.decode(one, steps, classes)));
      }
      return texts;
    }
  }

  private static OnnxTensor tensor(float[] values, long[] shape) throws OrtException {
    return OnnxTensor.createTensor(
        OrtEnvironment.getEnvironment(), FloatBuffer.wrap(values), shape);
  }
}

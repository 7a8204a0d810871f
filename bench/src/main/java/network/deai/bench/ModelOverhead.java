package network.deai.bench;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtLoggingLevel;
import ai.onnxruntime.OrtSession;
import java.nio.FloatBuffer;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import network.deai.node.domain.Outcome;
import network.deai.node.domain.ResultFingerprint;
import network.deai.node.domain.TaskSpec;
import network.deai.node.exec.OnnxExecutor;
import network.deai.node.exec.TaskExecutor;
import network.deai.node.ocr.OcrInput;

/**
 * The node's onnx executor against ONNX Runtime called directly, on the same model, settings (1
 * intra-op thread, basic optimization, as the executor's defaults) and single-line inputs,
 * interleaved run by run with the order alternating, both warm.
 *
 * <p>The executor path is what a worker does once the artifacts are fetched: spec → {@link
 * OnnxExecutor#run} with the model and input bytes in memory → result bytes → {@link
 * ResultFingerprint}. The direct path creates the input tensor from the floats, runs the session
 * and copies the output floats out.
 */
final class ModelOverhead {
  /**
   * Median milliseconds per line of each path.
   *
   * @param direct ONNX Runtime alone
   * @param executorRun the executor's run alone (no result bytes, no fingerprint)
   * @param executorCtc the executor with the ctc fingerprint
   * @param executorRaw the executor with the raw SimHash fingerprint
   */
  record Result(double direct, double executorRun, double executorCtc, double executorRaw) {}

  private ModelOverhead() {}

  static Result measure(
      ModelRunner runner, byte[] model, List<float[]> inputs, int width, int rounds)
      throws OrtException {
    double[] direct = new double[rounds];
    double[] ctc = new double[rounds];
    double[] raw = new double[rounds];
    double[] run = new double[rounds];
    OrtEnvironment ort =
        OrtEnvironment.getEnvironment(OrtLoggingLevel.ORT_LOGGING_LEVEL_ERROR, "deai");
    try (OnnxExecutor executor = new OnnxExecutor();
        OrtSession.SessionOptions options = options();
        OrtSession session = ort.createSession(model, options)) {
      for (int warm = 0; warm < 3; warm++) {
        float[] x = inputs.get(warm % inputs.size());
        direct(ort, session, x, width);
        executor(runner, executor, model, x, width, "ctc", warm);
      }
      for (int r = 0; r < rounds; r++) {
        float[] x = inputs.get(r % inputs.size());
        if (r % 2 == 0) {
          direct[r] = direct(ort, session, x, width);
          ctc[r] = executor(runner, executor, model, x, width, "ctc", r);
        } else {
          ctc[r] = executor(runner, executor, model, x, width, "ctc", r);
          direct[r] = direct(ort, session, x, width);
        }
        raw[r] = executor(runner, executor, model, x, width, "raw", r);
        run[r] = executor(runner, executor, model, x, width, "", r);
      }
    }
    return new Result(median(direct), median(run), median(ctc), median(raw));
  }

  /** The executor's session options for its defaults (see {@code OnnxExecutor}). */
  private static OrtSession.SessionOptions options() throws OrtException {
    OrtSession.SessionOptions options = new OrtSession.SessionOptions();
    options.setIntraOpNumThreads(1);
    options.setInterOpNumThreads(1);
    options.setExecutionMode(OrtSession.SessionOptions.ExecutionMode.SEQUENTIAL);
    options.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.BASIC_OPT);
    options.addConfigEntry("session.intra_op.allow_spinning", "0");
    return options;
  }

  private static double direct(OrtEnvironment ort, OrtSession session, float[] x, int width)
      throws OrtException {
    long start = System.nanoTime();
    try (OnnxTensor input =
            OnnxTensor.createTensor(
                ort, FloatBuffer.wrap(x), new long[] {1, 3, OcrInput.HEIGHT, width});
        OrtSession.Result result = session.run(Map.of(OcrInput.INPUT, input))) {
      OnnxTensor output = (OnnxTensor) result.get(0);
      float[] values = new float[Math.toIntExact(output.getInfo().getNumElements())];
      output.getFloatBuffer().get(values);
    }
    return (System.nanoTime() - start) / 1e6;
  }

  private static double executor(
      ModelRunner runner,
      OnnxExecutor executor,
      byte[] model,
      float[] x,
      int width,
      String form,
      int round) {
    byte[] inputs = ModelRunner.batch(List.of(x), 0, 1, width);
    TaskSpec spec =
        runner.spec(
            ModelEnvironment.REFERENCE, model, inputs, round, form.isEmpty() ? "raw" : form);
    long start = System.nanoTime();
    Outcome<TaskExecutor.Output> outcome = executor.run(spec, model, inputs);
    if (!(outcome instanceof Outcome.Ok<TaskExecutor.Output> ok)) {
      throw new IllegalStateException("the onnx executor rejected the run: " + outcome);
    }
    if (form.isEmpty()) {
      return (System.nanoTime() - start) / 1e6;
    }
    byte[] result = ok.value().bytes();
    if (!(ResultFingerprint.of(spec, true, result) instanceof Outcome.Ok<?>)) {
      throw new IllegalStateException("no fingerprint for the executor's result");
    }
    return (System.nanoTime() - start) / 1e6;
  }

  /**
   * The median ratio of a cheat's time per line to the honest one's, both run directly in ONNX
   * Runtime with the executor's default settings, interleaved with the order alternating.
   */
  static double ratio(
      byte[] honestModel,
      List<float[]> honestInputs,
      byte[] cheatModel,
      List<float[]> cheatInputs,
      int width,
      int rounds)
      throws OrtException {
    OrtEnvironment ort =
        OrtEnvironment.getEnvironment(OrtLoggingLevel.ORT_LOGGING_LEVEL_ERROR, "deai");
    double[] honest = new double[rounds];
    double[] cheat = new double[rounds];
    try (OrtSession.SessionOptions options = options();
        OrtSession h = ort.createSession(honestModel, options);
        OrtSession c = ort.createSession(cheatModel, options)) {
      direct(ort, h, honestInputs.get(0), width);
      direct(ort, c, cheatInputs.get(0), width);
      for (int r = 0; r < rounds; r++) {
        int line = r % honestInputs.size();
        if (r % 2 == 0) {
          honest[r] = direct(ort, h, honestInputs.get(line), width);
          cheat[r] = direct(ort, c, cheatInputs.get(line), width);
        } else {
          cheat[r] = direct(ort, c, cheatInputs.get(line), width);
          honest[r] = direct(ort, h, honestInputs.get(line), width);
        }
      }
    }
    return median(cheat) / median(honest);
  }

  static double median(double[] values) {
    double[] sorted = values.clone();
    Arrays.sort(sorted);
    int n = sorted.length;
    return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
  }
}

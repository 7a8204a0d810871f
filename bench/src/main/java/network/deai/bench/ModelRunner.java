package network.deai.bench;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import network.deai.contracts.abi.Bytes32;
import network.deai.contracts.crypto.Hashes;
import network.deai.node.domain.ArtifactRef;
import network.deai.node.domain.Outcome;
import network.deai.node.domain.ResultFingerprint;
import network.deai.node.domain.Safetensors;
import network.deai.node.domain.TaskSpec;
import network.deai.node.exec.OnnxExecutor;
import network.deai.node.exec.TaskExecutor;
import network.deai.node.ocr.OcrDictionary;
import network.deai.node.ocr.OcrInput;
import network.deai.verifier.domain.canonical.CtcGreedy;
import network.deai.verifier.domain.fingerprint.SimHash;

/**
 * Runs the OCR recognition model in one {@link ModelEnvironment} through the node's {@link
 * OnnxExecutor} and fingerprints every line as its own task would: raw (SimHash keyed by the task
 * seed), argmax and ctc (SHA-256 of the label encoding), and EXACT (SHA-256 of the result bytes).
 */
final class ModelRunner {
  /** The recognition model's output. */
  static final String OUTPUT = "softmax_11.tmp_0";

  /** What one line's task produced in one environment. */
  record Line(
      Bytes32 simHash,
      Bytes32 logSimHash,
      Bytes32 exact,
      Bytes32 argmax,
      Bytes32 topK,
      Bytes32 ctc,
      String text) {}

  /** Probabilities below this count as this in {@link #logProbabilities}. */
  static final float FLOOR = 1e-30f;

  /** The K of the top-k form the bench compares. */
  static final int TOP_K = 5;

  /** Every line's result and the median milliseconds per line of the runs. */
  record Run(List<Line> lines, double millisPerLine) {}

  private final long seed;
  private final OcrDictionary dictionary;
  private final IdentityHashMap<byte[], ArtifactRef> models = new IdentityHashMap<>();
  private final Map<Key, Line> cache = new HashMap<>();
  private boolean checked;

  ModelRunner(long seed, OcrDictionary dictionary) {
    this.seed = seed;
    this.dictionary = dictionary;
  }

  /** The model's artifact reference, its digest computed once per model array. */
  synchronized ArtifactRef modelRef(byte[] model) {
    return models.computeIfAbsent(
        model, m -> new ArtifactRef(Hashes.sha256(m), m.length, "http://memory/model"));
  }

  /** The seed of line {@code i}'s task. */
  long taskSeed(int line) {
    return seed * 1_000 + line;
  }

  /** Runs {@code inputs} (one [3, 48, W] image each) with {@code model} in {@code environment}. */
  Run run(ModelEnvironment environment, byte[] model, List<float[]> inputs, int width) {
    Outputs outputs;
    if (!environment.parallel()) {
      try (OnnxExecutor executor = new OnnxExecutor()) {
        outputs = part(executor, environment, model, inputs, width);
      }
    } else {
      outputs = parallel(environment, model, inputs, width);
    }
    List<Line> lines = new ArrayList<>();
    for (int i = 0; i < outputs.tensors().size(); i++) {
      lines.add(line(environment, model, i, outputs.tensors().get(i)));
    }
    return new Run(lines, outputs.millisPerLine());
  }

  /** Every line's output tensor [1, T, C] and the median milliseconds per line. */
  private record Outputs(List<Safetensors.Tensor> tensors, double millisPerLine) {}

  private record Key(int line, Bytes32 exact) {}

  private Outputs parallel(ModelEnvironment env, byte[] model, List<float[]> inputs, int width) {
    int half = (inputs.size() + 1) / 2;
    ExecutorService pool =
        Executors.newFixedThreadPool(2, Thread.ofPlatform().name("bench-models-", 0).factory());
    try (OnnxExecutor a = new OnnxExecutor();
        OnnxExecutor b = new OnnxExecutor()) {
      Future<Outputs> first =
          pool.submit(() -> part(a, env, model, inputs.subList(0, half), width));
      Future<Outputs> second =
          pool.submit(() -> part(b, env, model, inputs.subList(half, inputs.size()), width));
      Outputs x = first.get();
      Outputs y = second.get();
      List<Safetensors.Tensor> all = new ArrayList<>(x.tensors());
      all.addAll(y.tensors());
      return new Outputs(all, (x.millisPerLine() + y.millisPerLine()) / 2);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    } catch (ExecutionException e) {
      Throwable cause = e.getCause() == null ? e : e.getCause();
      throw new IllegalStateException(String.valueOf(cause.getMessage()), cause);
    } finally {
      pool.shutdownNow();
    }
  }

  private Outputs part(
      OnnxExecutor executor, ModelEnvironment env, byte[] model, List<float[]> inputs, int width) {
    byte[] first = batch(inputs, 0, Math.min(env.batch(), inputs.size()), width);
    tensors(executor.run(spec(env, model, first, 0, "raw"), model, first));
    List<Safetensors.Tensor> tensors = new ArrayList<>();
    double[] millis = new double[(inputs.size() + env.batch() - 1) / env.batch()];
    for (int from = 0, run = 0; from < inputs.size(); from += env.batch(), run++) {
      int to = Math.min(from + env.batch(), inputs.size());
      byte[] bytes = batch(inputs, from, to, width);
      TaskSpec spec = spec(env, model, bytes, 0, "raw");
      long start = System.nanoTime();
      Safetensors.Tensor out = tensors(executor.run(spec, model, bytes));
      millis[run] = (System.nanoTime() - start) / 1e6 / (to - from);
      int size = out.data().length / (to - from);
      int[] shape = out.shape().clone();
      shape[0] = 1;
      for (int i = 0; i < to - from; i++) {
        float[] one = Arrays.copyOfRange(out.data(), i * size, (i + 1) * size);
        tensors.add(new Safetensors.Tensor(shape, one));
      }
    }
    Arrays.sort(millis);
    return new Outputs(tensors, millis[millis.length / 2]);
  }

  /**
   * The fingerprints of line {@code i}'s output; computed once per distinct result bytes, since
   * every form is a function of the bytes and the line's seed.
   */
  Line line(ModelEnvironment env, byte[] model, int i, Safetensors.Tensor output) {
    byte[] result = Safetensors.write(Map.of(OUTPUT, output));
    Key key = new Key(i, Hashes.sha256(result));
    Line known = cache.get(key);
    if (known != null) {
      return known;
    }
    long taskSeed = taskSeed(i);
    byte[] none = new byte[0];
    int[] shape = output.shape();
    int[] labels = CtcGreedy.decode(output.data(), shape[1], shape[2]);
    Line line =
        new Line(
            rawFingerprint(env, model, taskSeed, output, result),
            new SimHash(taskSeed).fingerprint(logProbabilities(output.data())),
            key.exact(),
            fingerprint(spec(env, model, none, taskSeed, "argmax"), true, result),
            fingerprint(spec(env, model, none, taskSeed, "top-k:" + TOP_K), true, result),
            fingerprint(spec(env, model, none, taskSeed, "ctc"), true, result),
            dictionary.text(labels));
    cache.put(key, line);
    return line;
  }

  TaskSpec spec(ModelEnvironment env, byte[] model, byte[] inputs, long seed, String form) {
    ObjectNode parameters = JsonNodeFactory.instance.objectNode();
    parameters.put("threads", env.threads());
    parameters.put("optimization", env.optimization());
    parameters.put("canonical", form);
    if (!env.device().equals("cpu")) {
      parameters.put("device", env.device());
    }
    return new TaskSpec(
        OnnxExecutor.NAME,
        new ArtifactRef(Hashes.sha256(inputs), inputs.length, "http://memory/inputs"),
        modelRef(model),
        parameters,
        seed);
  }

  /**
   * The raw SimHash of the one output; the first is also computed by {@link ResultFingerprint} and
   * must be equal.
   */
  private Bytes32 rawFingerprint(
      ModelEnvironment env, byte[] model, long taskSeed, Safetensors.Tensor output, byte[] result) {
    Bytes32 fast = new SimHash(taskSeed).fingerprint(output.data());
    if (!checked) {
      Bytes32 node = fingerprint(spec(env, model, new byte[0], taskSeed, "raw"), true, result);
      if (!node.equals(fast)) {
        throw new IllegalStateException("the bench's SimHash differs from the node's");
      }
      checked = true;
    }
    return fast;
  }

  /**
   * An experimental form, not a node's: the natural log of every probability (at least {@link
   * #FLOOR}), so that the many tiny probabilities weigh in the SimHash as much as the few large
   * ones. {@link StrictMath#log} gives the same bits on every JVM.
   */
  static float[] logProbabilities(float[] probabilities) {
    float[] logs = new float[probabilities.length];
    for (int i = 0; i < logs.length; i++) {
      logs[i] = (float) StrictMath.log(Math.max(probabilities[i], FLOOR));
    }
    return logs;
  }

  static byte[] batch(List<float[]> inputs, int from, int to, int width) {
    int size = 3 * OcrInput.HEIGHT * width;
    float[] data = new float[(to - from) * size];
    for (int i = from; i < to; i++) {
      System.arraycopy(inputs.get(i), 0, data, (i - from) * size, size);
    }
    Safetensors.Tensor x =
        new Safetensors.Tensor(new int[] {to - from, 3, OcrInput.HEIGHT, width}, data);
    return Safetensors.write(Map.of(OcrInput.INPUT, x));
  }

  static Safetensors.Tensor tensors(Outcome<TaskExecutor.Output> outcome) {
    return switch (outcome) {
      case Outcome.Rejected<TaskExecutor.Output> r ->
          throw new IllegalStateException("the onnx executor rejected the run: " + r.rejection());
      case Outcome.Ok<TaskExecutor.Output> ok ->
          Objects.requireNonNull(((TaskExecutor.Output.Tensors) ok.value()).tensors().get(OUTPUT));
    };
  }

  private static Bytes32 fingerprint(TaskSpec spec, boolean similar, byte[] result) {
    return switch (ResultFingerprint.of(spec, similar, result)) {
      case Outcome.Rejected<Bytes32> r ->
          throw new IllegalStateException("no fingerprint: " + r.rejection());
      case Outcome.Ok<Bytes32> ok -> ok.value();
    };
  }
}

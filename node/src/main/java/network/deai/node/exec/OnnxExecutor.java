package network.deai.node.exec;

import ai.onnxruntime.OnnxJavaType;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OnnxValue;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtLoggingLevel;
import ai.onnxruntime.OrtProvider;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.OrtSession.SessionOptions.OptLevel;
import com.fasterxml.jackson.databind.JsonNode;
import java.nio.FloatBuffer;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import network.deai.contracts.abi.Bytes32;
import network.deai.contracts.crypto.Hashes;
import network.deai.node.domain.ArtifactRef;
import network.deai.node.domain.Outcome;
import network.deai.node.domain.Rejection;
import network.deai.node.domain.ResultFingerprint;
import network.deai.node.domain.Safetensors;
import network.deai.node.domain.TaskSpec;
import org.jspecify.annotations.Nullable;

/**
 * Runs the requester's ONNX model with ONNX Runtime (CPU, or CUDA with {@code device}) on its
 * float32 input tensors and returns the named float32 outputs as safetensors; see {@link
 * ResultFingerprint} for what replicas compare.
 *
 * <p>The model is the spec's {@code model} artifact; the inputs artifact is a safetensors file
 * whose tensor names are exactly the model's input names, with the model's ranks and fixed
 * dimensions. Spec parameters, every one optional:
 *
 * <ul>
 *   <li>{@code threads} (1 to 64, default 1): ONNX Runtime's intra-op threads. It is part of the
 *       spec because the number of threads changes how sums are split, and so the output bits.
 *   <li>{@code optimization} ({@code disabled}, {@code basic}, {@code extended} or {@code all};
 *       default {@code basic}): the graph optimization level, which fuses operators and so also
 *       changes bits. Inter-op threads are always 1 and execution is always sequential.
 *   <li>{@code device} ({@code cpu} or {@code cuda}; default {@code cpu}): {@code cuda} adds ONNX
 *       Runtime's CUDA execution provider (GPU 0), which needs the GPU build ({@code -Pgpu}) and a
 *       CUDA GPU; without them the task is rejected ({@code model-load-failed}) with one line
 *       saying so. Operators the CUDA provider lacks still run on the CPU.
 *   <li>{@code outputs} (array of names; default every model output): the outputs returned.
 *   <li>{@code canonical} ({@code raw}, {@code argmax}, {@code top-k:K} or {@code ctc}; default
 *       {@code raw}): what replicas compare, see {@link
 *       network.deai.verifier.domain.canonical.CanonicalForm}.
 * </ul>
 *
 * <p>Sessions are cached by model digest and settings (least recently used out; {@link Limits}) and
 * reused across tasks, all in one {@link OrtEnvironment}. Every problem becomes a rejection: a
 * model over {@link Limits#maxModelBytes()} ({@code model-too-large}), a model ONNX Runtime cannot
 * load ({@code model-load-failed}) or whose operators it does not implement ({@code
 * unsupported-operator}), inputs that do not match the model ({@code bad-input}), outputs of more
 * than {@link Limits#maxOutputValues()} floats ({@code output-too-large}) and failed runs ({@code
 * execution-failed}).
 */
public final class OnnxExecutor implements TaskExecutor, AutoCloseable {
  /** The executor's name in specs. */
  public static final String NAME = "onnx";

  /** The most intra-op threads a spec may ask for. */
  public static final int MAX_THREADS = 64;

  private static final int MAX_DETAIL = 240;
  private static final Output NOTHING = new Output.Tensors(Map.of());

  /**
   * The executor's bounds: the largest model it loads, the most output floats of one run, and how
   * many sessions (and model bytes in all) it keeps.
   */
  public record Limits(
      long maxModelBytes, long maxOutputValues, int maxSessions, long maxCachedModelBytes) {
    /** 256 MiB models, 16 Mi output floats (64 MiB), 4 sessions holding at most 1 GiB of models. */
    public static final Limits DEFAULTS = new Limits(256L << 20, 16L << 20, 4, 1L << 30);

    /** Checks that every bound is positive. */
    public Limits {
      if (maxModelBytes < 1 || maxOutputValues < 1 || maxSessions < 1 || maxCachedModelBytes < 1) {
        throw new IllegalArgumentException("every ONNX executor limit must be positive");
      }
    }
  }

  private record Settings(
      int threads, OptLevel optimization, boolean cuda, @Nullable Set<String> outputs) {}

  private final Limits limits;
  private final OnnxSessionCache sessions;
  private @Nullable OrtEnvironment environment;

  /** An executor with {@link Limits#DEFAULTS}. */
  public OnnxExecutor() {
    this(Limits.DEFAULTS);
  }

  /** An executor with {@code limits}; ONNX Runtime loads on the first run. */
  public OnnxExecutor(Limits limits) {
    this.limits = limits;
    this.sessions = new OnnxSessionCache(limits.maxSessions(), limits.maxCachedModelBytes());
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public Outcome<float[]> execute(TaskSpec spec, byte @Nullable [] model, byte[] inputs) {
    return switch (run(spec, model, inputs)) {
      case Outcome.Rejected<Output> r -> new Outcome.Rejected<>(r.rejection());
      case Outcome.Ok<Output> ok -> Outcome.ok(concatenate((Output.Tensors) ok.value()));
    };
  }

  @Override
  public Outcome<Output> run(TaskSpec spec, byte @Nullable [] model, byte[] inputs) {
    return prepare(spec, model, inputs, this::infer);
  }

  /**
   * Why a run of {@code spec} would be rejected before inference, if it would: everything {@link
   * #run} checks on the same code path (the model's size, the parameters, the inputs' format, the
   * model's load in ONNX Runtime with the spec's settings, the inputs against the model's declared
   * inputs, the requested outputs) without running the model. {@code deai task submit} calls it
   * before it uploads or pays.
   */
  public Optional<Rejection> check(TaskSpec spec, byte[] model, byte[] inputs) {
    return prepare(spec, model, inputs, (session, feeds, requested) -> Outcome.ok(NOTHING))
            instanceof Outcome.Rejected<Output> r
        ? Optional.of(r.rejection())
        : Optional.empty();
  }

  /** What runs once the session is loaded and the inputs and outputs are checked. */
  @FunctionalInterface
  private interface Step {
    Outcome<Output> apply(
        OrtSession session, Map<String, Safetensors.Tensor> inputs, Set<String> requested)
        throws OrtException;
  }

  private Outcome<Output> prepare(
      TaskSpec spec, byte @Nullable [] model, byte[] inputs, Step step) {
    if (model == null) {
      return Outcome.rejected(Rejection.Code.MALFORMED_SPEC, "the onnx executor needs a model");
    }
    if (model.length > limits.maxModelBytes()) {
      return Outcome.rejected(
          Rejection.Code.MODEL_TOO_LARGE,
          "the model is " + model.length + " bytes, the limit is " + limits.maxModelBytes());
    }
    Outcome<Settings> settings = settings(spec);
    if (settings instanceof Outcome.Rejected<Settings> r) {
      return new Outcome.Rejected<>(r.rejection());
    }
    return switch (Safetensors.read(inputs)) {
      case Outcome.Rejected<Map<String, Safetensors.Tensor>> r ->
          new Outcome.Rejected<>(r.rejection());
      case Outcome.Ok<Map<String, Safetensors.Tensor>> ok ->
          run(spec, model, ((Outcome.Ok<Settings>) settings).value(), ok.value(), step);
    };
  }

  /**
   * Loads ONNX Runtime's natives and its environment; there is no model to warm up before a task
   * names one, so the first task of a model still pays its session creation.
   */
  @Override
  public void warmUp() {
    environment();
  }

  /** How many sessions are cached now. */
  public int cachedSessions() {
    return sessions.size();
  }

  /** The session a run with {@code spec} and {@code model} uses; for tests of session reuse. */
  OrtSession session(TaskSpec spec, byte[] model) throws OrtException {
    Settings s = ((Outcome.Ok<Settings>) settings(spec)).value();
    try (OnnxSessionCache.Lease lease = lease(spec, model, s)) {
      return lease.session();
    }
  }

  private Outcome<Output> run(
      TaskSpec spec,
      byte[] model,
      Settings settings,
      Map<String, Safetensors.Tensor> inputs,
      Step step) {
    OnnxSessionCache.Lease lease;
    try {
      lease = lease(spec, model, settings);
    } catch (OrtException e) {
      return Outcome.rejected(loadFailure(e), "ONNX Runtime cannot load the model: " + detail(e));
    } catch (IllegalStateException e) {
      return Outcome.rejected(Rejection.Code.MODEL_LOAD_FAILED, String.valueOf(e.getMessage()));
    } catch (RuntimeException | UnsatisfiedLinkError e) {
      return Outcome.rejected(Rejection.Code.MODEL_LOAD_FAILED, "ONNX Runtime: " + detail(e));
    }
    try (lease) {
      OrtSession session = lease.session();
      Optional<Rejection> misfit = OnnxTensors.problem(session.getInputInfo(), inputs);
      if (misfit.isPresent()) {
        return new Outcome.Rejected<>(misfit.get());
      }
      Set<String> requested =
          settings.outputs() == null ? session.getOutputNames() : settings.outputs();
      if (!session.getOutputNames().containsAll(requested)) {
        return Outcome.rejected(
            Rejection.Code.BAD_INPUT,
            "the model's outputs are "
                + new TreeSet<>(session.getOutputNames())
                + ", not all of "
                + new TreeSet<>(requested));
      }
      return step.apply(session, inputs, requested);
    } catch (OrtException | RuntimeException e) {
      return Outcome.rejected(Rejection.Code.EXECUTION_FAILED, "ONNX Runtime: " + detail(e));
    }
  }

  private Outcome<Output> infer(
      OrtSession session, Map<String, Safetensors.Tensor> inputs, Set<String> requested)
      throws OrtException {
    Map<String, OnnxTensor> feeds = new LinkedHashMap<>();
    try {
      for (var input : inputs.entrySet()) {
        Safetensors.Tensor tensor = input.getValue();
        long[] shape = Arrays.stream(tensor.shape()).asLongStream().toArray();
        feeds.put(
            input.getKey(),
            OnnxTensor.createTensor(environment(), FloatBuffer.wrap(tensor.data()), shape));
      }
      try (OrtSession.Result result = session.run(feeds, requested)) {
        return outputs(result);
      }
    } finally {
      feeds.values().forEach(OnnxTensor::close);
    }
  }

  private Outcome<Output> outputs(OrtSession.Result result) {
    Map<String, Safetensors.Tensor> outputs = new TreeMap<>();
    long total = 0;
    for (Map.Entry<String, OnnxValue> entry : result) {
      if (!(entry.getValue() instanceof OnnxTensor tensor)
          || tensor.getInfo().type != OnnxJavaType.FLOAT) {
        return Outcome.rejected(
            Rejection.Code.EXECUTION_FAILED,
            "output " + entry.getKey() + " is not a float32 tensor: " + entry.getValue().getInfo());
      }
      total += tensor.getInfo().getNumElements();
      if (total > limits.maxOutputValues()) {
        return Outcome.rejected(
            Rejection.Code.OUTPUT_TOO_LARGE,
            "the outputs hold more than " + limits.maxOutputValues() + " values");
      }
      float[] data = new float[Math.toIntExact(tensor.getInfo().getNumElements())];
      tensor.getFloatBuffer().get(data);
      int[] shape = Arrays.stream(tensor.getInfo().getShape()).mapToInt(Math::toIntExact).toArray();
      outputs.put(entry.getKey(), new Safetensors.Tensor(shape, data));
    }
    return Outcome.ok(new Output.Tensors(outputs));
  }

  private OnnxSessionCache.Lease lease(TaskSpec spec, byte[] model, Settings settings)
      throws OrtException {
    ArtifactRef ref = spec.model();
    Bytes32 digest = ref != null ? ref.digest() : Hashes.sha256(model);
    OrtEnvironment env = environment();
    if (settings.cuda() && !OrtEnvironment.getAvailableProviders().contains(OrtProvider.CUDA)) {
      throw new IllegalStateException(
          "device cuda: this node's ONNX Runtime has no CUDA execution provider (build with -Pgpu"
              + " on a machine with an NVIDIA GPU, CUDA 12 and cuDNN 9)");
    }
    return sessions.acquire(
        new OnnxSessionCache.Key(
            digest, settings.threads(), settings.optimization(), settings.cuda()),
        model.length,
        () -> {
          try (OrtSession.SessionOptions options = options(settings)) {
            return env.createSession(model, options);
          }
        });
  }

  private static OrtSession.SessionOptions options(Settings settings) throws OrtException {
    OrtSession.SessionOptions options = new OrtSession.SessionOptions();
    options.setIntraOpNumThreads(settings.threads());
    options.setInterOpNumThreads(1);
    options.setExecutionMode(OrtSession.SessionOptions.ExecutionMode.SEQUENTIAL);
    options.setOptimizationLevel(settings.optimization());
    options.addConfigEntry("session.intra_op.allow_spinning", "0");
    options.setSessionLogLevel(OrtLoggingLevel.ORT_LOGGING_LEVEL_ERROR);
    if (settings.cuda()) {
      options.addCUDA(0);
    }
    return options;
  }

  private synchronized OrtEnvironment environment() {
    OrtEnvironment env = environment;
    if (env == null) {
      env = OrtEnvironment.getEnvironment(OrtLoggingLevel.ORT_LOGGING_LEVEL_ERROR, "deai");
      environment = env;
    }
    return env;
  }

  private static Outcome<Settings> settings(TaskSpec spec) {
    JsonNode parameters = spec.parameters();
    JsonNode threads = parameters.path("threads");
    if (!threads.isMissingNode()
        && !(threads.isInt() && threads.asInt() >= 1 && threads.asInt() <= MAX_THREADS)) {
      return Outcome.rejected(
          Rejection.Code.MALFORMED_SPEC, "threads must be an integer from 1 to " + MAX_THREADS);
    }
    OptLevel level =
        switch (parameters.path("optimization").asText("basic")) {
          case "disabled" -> OptLevel.NO_OPT;
          case "basic" -> OptLevel.BASIC_OPT;
          case "extended" -> OptLevel.EXTENDED_OPT;
          case "all" -> OptLevel.ALL_OPT;
          default -> null;
        };
    if (level == null
        || (parameters.has("optimization") && !parameters.get("optimization").isTextual())) {
      return Outcome.rejected(
          Rejection.Code.MALFORMED_SPEC, "optimization must be disabled, basic, extended or all");
    }
    String device = parameters.path("device").asText("cpu");
    if (!(device.equals("cpu") || device.equals("cuda"))
        || (parameters.has("device") && !parameters.get("device").isTextual())) {
      return Outcome.rejected(Rejection.Code.MALFORMED_SPEC, "device must be cpu or cuda");
    }
    boolean cuda = device.equals("cuda");
    if (ResultFingerprint.form(spec) instanceof Outcome.Rejected<?> r) {
      return new Outcome.Rejected<>(r.rejection());
    }
    JsonNode outputs = parameters.path("outputs");
    if (outputs.isMissingNode()) {
      return Outcome.ok(new Settings(threads.asInt(1), level, cuda, null));
    }
    Set<String> names = new LinkedHashSet<>();
    outputs.forEach(name -> names.add(name.isTextual() ? name.asText() : ""));
    if (!outputs.isArray()
        || names.isEmpty()
        || names.contains("")
        || names.size() != outputs.size()) {
      return Outcome.rejected(
          Rejection.Code.MALFORMED_SPEC, "outputs must be an array of distinct output names");
    }
    return Outcome.ok(new Settings(threads.asInt(1), level, cuda, names));
  }

  private static Rejection.Code loadFailure(OrtException e) {
    String message = String.valueOf(e.getMessage());
    return e.getCode() == OrtException.OrtErrorCode.ORT_NOT_IMPLEMENTED
            || message.contains("No Op registered")
            || message.contains("Could not find an implementation")
        ? Rejection.Code.UNSUPPORTED_OPERATOR
        : Rejection.Code.MODEL_LOAD_FAILED;
  }

  /** The first line of an ONNX Runtime message, shortened: a rejection detail, never a trace. */
  private static String detail(Throwable e) {
    String message = String.valueOf(e.getMessage()).strip().lines().findFirst().orElse("");
    String text = message.isBlank() ? e.getClass().getSimpleName() : message;
    return text.length() <= MAX_DETAIL ? text : text.substring(0, MAX_DETAIL) + "…";
  }

  private static float[] concatenate(Output.Tensors output) {
    int total = output.tensors().values().stream().mapToInt(t -> t.data().length).sum();
    float[] all = new float[total];
    int at = 0;
    for (Safetensors.Tensor tensor : output.tensors().values()) {
      System.arraycopy(tensor.data(), 0, all, at, tensor.data().length);
      at += tensor.data().length;
    }
    return all;
  }

  @Override
  public void close() {
    sessions.close();
  }
}

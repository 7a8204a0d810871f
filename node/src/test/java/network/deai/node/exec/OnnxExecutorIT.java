package network.deai.node.exec;

import static org.assertj.core.api.Assertions.assertThat;

import ai.onnxruntime.OrtSession;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import network.deai.contracts.crypto.Hashes;
import network.deai.node.domain.ArtifactRef;
import network.deai.node.domain.Outcome;
import network.deai.node.domain.Rejection;
import network.deai.node.domain.ResultFingerprint;
import network.deai.node.domain.Safetensors;
import network.deai.node.domain.TaskSpec;
import network.deai.verifier.domain.canonical.CanonicalForm;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** The onnx executor on the real PP-OCRv4 recognition model, in ONNX Runtime's CPU build. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class OnnxExecutorIT {
  private static final byte[] MODEL = OcrFixture.recognitionModelBytes();
  private static final byte[] LINE = OcrFixture.inputs("deai 2026");

  private final OnnxExecutor executor = new OnnxExecutor();

  @AfterAll
  void close() {
    executor.close();
  }

  private static TaskSpec spec(byte[] model, ObjectNode parameters) {
    ArtifactRef ref = new ArtifactRef(Hashes.sha256(model), model.length, "http://unused/m");
    ArtifactRef in = new ArtifactRef(Hashes.sha256(LINE), LINE.length, "http://unused/x");
    return new TaskSpec(OnnxExecutor.NAME, in, ref, parameters, 7);
  }

  private static ObjectNode params() {
    return JsonNodeFactory.instance.objectNode();
  }

  private static TaskExecutor.Output.Tensors ok(Outcome<TaskExecutor.Output> outcome) {
    assertThat(outcome).isInstanceOf(Outcome.Ok.class);
    return (TaskExecutor.Output.Tensors) ((Outcome.Ok<TaskExecutor.Output>) outcome).value();
  }

  private static Rejection rejected(Outcome<TaskExecutor.Output> outcome) {
    assertThat(outcome).isInstanceOf(Outcome.Rejected.class);
    return ((Outcome.Rejected<TaskExecutor.Output>) outcome).rejection();
  }

  @Test
  void readsARenderedTextLineThroughTheCtcCanonicalForm() {
    TaskExecutor.Output.Tensors output = ok(executor.run(spec(MODEL, params()), MODEL, LINE));

    Safetensors.Tensor probabilities =
        java.util.Objects.requireNonNull(output.tensors().get(OcrFixture.OUTPUT));
    assertThat(probabilities.shape()).containsExactly(1, OcrFixture.WIDTH / 8, 6625);
    var labels = ResultFingerprint.labels(new CanonicalForm.Ctc(), output.tensors());
    int[] line =
        java.util.Objects.requireNonNull(
            ((Outcome.Ok<Map<String, int[][]>>) labels).value().get(OcrFixture.OUTPUT))[0];
    assertThat(OcrFixture.text(line)).isEqualTo("deai 2026");
  }

  @Test
  void reusesOneSessionPerModelAndSettings() throws Exception {
    TaskSpec spec = spec(MODEL, params().put("threads", 1));
    long first = System.nanoTime();
    ok(executor.run(spec, MODEL, LINE));
    long firstNanos = System.nanoTime() - first;
    OrtSession session = executor.session(spec, MODEL);
    long second = System.nanoTime();
    ok(executor.run(spec, MODEL, LINE));
    long secondNanos = System.nanoTime() - second;

    assertThat(executor.session(spec, MODEL)).isSameAs(session);
    assertThat(executor.session(spec(MODEL, params().put("threads", 2)), MODEL))
        .as("other threads, other session")
        .isNotSameAs(session);
    assertThat(secondNanos).as("no session to create").isLessThan(firstNanos);
  }

  @Test
  void twoRunsWithTheSameThreadsGiveIdenticalBits() {
    TaskSpec spec = spec(MODEL, params().put("threads", 2).put("optimization", "all"));
    byte[] one = ok(executor.run(spec, MODEL, LINE)).bytes();
    byte[] two = ok(executor.run(spec, MODEL, LINE)).bytes();

    assertThat(Hashes.sha256(two)).isEqualTo(Hashes.sha256(one));
  }

  @Test
  void evictsTheLeastRecentlyUsedSessionBeyondTheCap() throws Exception {
    try (OnnxExecutor small =
        new OnnxExecutor(new OnnxExecutor.Limits(1 << 30, 1 << 24, 1, 1 << 30))) {
      TaskSpec one = spec(MODEL, params().put("threads", 1));
      OrtSession first = small.session(one, MODEL);
      small.session(spec(MODEL, params().put("threads", 2)), MODEL);

      assertThat(small.cachedSessions()).isEqualTo(1);
      assertThat(small.session(one, MODEL)).isNotSameAs(first);
      ok(small.run(one, MODEL, LINE));
    }
  }

  @Test
  void aMalformedModelIsRejected() {
    byte[] garbage = "not a model".getBytes(StandardCharsets.UTF_8);
    Rejection rejection = rejected(executor.run(spec(garbage, params()), garbage, LINE));

    assertThat(rejection.code()).isEqualTo(Rejection.Code.MODEL_LOAD_FAILED);
    assertThat(rejection.detail())
        .startsWith("ONNX Runtime cannot load the model:")
        .contains("protobuf parsing failed")
        .doesNotContain("\n");
  }

  @Test
  void aModelWithAnOperatorOnnxRuntimeLacksIsRejected() {
    byte[] renamed = renameOperator(MODEL, "Conv", "Cxnv");
    Rejection rejection = rejected(executor.run(spec(renamed, params()), renamed, LINE));

    assertThat(rejection.code()).isEqualTo(Rejection.Code.UNSUPPORTED_OPERATOR);
    assertThat(rejection.detail()).contains("No Op registered for Cxnv");
  }

  @Test
  void inputsThatDoNotMatchTheModelAreRejected() {
    float[] zeros = new float[3 * 48 * 320];
    byte[] wrongName =
        Safetensors.write(
            Map.of("image", new Safetensors.Tensor(new int[] {1, 3, 48, 320}, zeros)));
    byte[] wrongHeight =
        Safetensors.write(Map.of("x", new Safetensors.Tensor(new int[] {1, 3, 320, 48}, zeros)));
    byte[] wrongRank =
        Safetensors.write(Map.of("x", new Safetensors.Tensor(new int[] {3, 48, 320}, zeros)));
    TaskSpec spec = spec(MODEL, params());

    assertThat(rejected(executor.run(spec, MODEL, wrongName)))
        .isEqualTo(
            new Rejection(
                Rejection.Code.BAD_INPUT,
                "the inputs must be exactly the model's inputs [x], got [image]"));
    assertThat(rejected(executor.run(spec, MODEL, wrongHeight)).detail())
        .isEqualTo(
            "input x has shape [1, 3, 320, 48], the model takes [-1, 3, 48, -1] (-1: any size)");
    assertThat(rejected(executor.run(spec, MODEL, wrongRank)).code())
        .isEqualTo(Rejection.Code.BAD_INPUT);
  }

  @Test
  void limitsAndParametersBecomeRejections() {
    OnnxExecutor.Limits tiny = new OnnxExecutor.Limits(1 << 20, 1000, 1, 1 << 30);
    OnnxExecutor.Limits fewOutputs = new OnnxExecutor.Limits(1 << 30, 1000, 1, 1 << 30);
    try (OnnxExecutor small = new OnnxExecutor(tiny);
        OnnxExecutor narrow = new OnnxExecutor(fewOutputs)) {
      assertThat(rejected(small.run(spec(MODEL, params()), MODEL, LINE)).code())
          .isEqualTo(Rejection.Code.MODEL_TOO_LARGE);
      assertThat(rejected(narrow.run(spec(MODEL, params()), MODEL, LINE)).code())
          .isEqualTo(Rejection.Code.OUTPUT_TOO_LARGE);
    }
    for (ObjectNode bad :
        new ObjectNode[] {
          params().put("threads", 0),
          params().put("threads", "2"),
          params().put("optimization", "max"),
          params().put("canonical", "softmax"),
          params().put("outputs", "y"),
          params().put("device", "gpu"),
          params().put("device", 1)
        }) {
      assertThat(rejected(executor.run(spec(MODEL, bad), MODEL, LINE)).code())
          .as(bad.toString())
          .isEqualTo(Rejection.Code.MALFORMED_SPEC);
    }
    ObjectNode unknownOutput = params();
    unknownOutput.putArray("outputs").add("logits");
    assertThat(rejected(executor.run(spec(MODEL, unknownOutput), MODEL, LINE)).code())
        .isEqualTo(Rejection.Code.BAD_INPUT);
  }

  @Test
  void cudaWithoutTheGpuBuildIsRejectedInOneLineAndCpuIsTheDefault() throws Exception {
    org.junit.jupiter.api.Assumptions.assumeFalse(
        ai.onnxruntime.OrtEnvironment.getAvailableProviders()
            .contains(ai.onnxruntime.OrtProvider.CUDA),
        "this ONNX Runtime has CUDA");
    Rejection rejection =
        rejected(executor.run(spec(MODEL, params().put("device", "cuda")), MODEL, LINE));

    assertThat(rejection.code()).isEqualTo(Rejection.Code.MODEL_LOAD_FAILED);
    assertThat(rejection.detail()).contains("-Pgpu").doesNotContain("\n");
    assertThat(ok(executor.run(spec(MODEL, params().put("device", "cpu")), MODEL, LINE)).bytes())
        .isEqualTo(ok(executor.run(spec(MODEL, params()), MODEL, LINE)).bytes());
  }

  /** The model with every operator type {@code from} renamed (protobuf field 4 of a NodeProto). */
  private static byte[] renameOperator(byte[] model, String from, String to) {
    byte[] pattern = ("\"" + (char) from.length() + from).getBytes(StandardCharsets.ISO_8859_1);
    byte[] replacement = to.getBytes(StandardCharsets.ISO_8859_1);
    byte[] copy = model.clone();
    for (int i = 0; i + pattern.length <= copy.length; i++) {
      if (java.util.Arrays.equals(copy, i, i + pattern.length, pattern, 0, pattern.length)) {
        System.arraycopy(replacement, 0, copy, i + 2, replacement.length);
      }
    }
    return copy;
  }
}

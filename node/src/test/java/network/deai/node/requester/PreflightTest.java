package network.deai.node.requester;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import network.deai.node.domain.Rejection;
import network.deai.node.domain.Safetensors;
import network.deai.node.domain.TaskSpec;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

class PreflightTest {
  private static final byte[] MODEL =
      Safetensors.write(
          Map.of(
              "weight", new Safetensors.Tensor(new int[] {2, 3}, new float[6]),
              "bias", new Safetensors.Tensor(new int[] {2}, new float[2])));
  private static final byte[] INPUTS =
      Safetensors.write(Map.of("inputs", new Safetensors.Tensor(new int[] {4, 3}, new float[12])));
  private static final byte[] JUNK = "not a model".getBytes(StandardCharsets.UTF_8);

  private final List<TaskSpec> onnxChecked = new ArrayList<>();

  private static ObjectNode params(String json) {
    try {
      return (ObjectNode) new com.fasterxml.jackson.databind.ObjectMapper().readTree(json);
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  private static Preflight.Request request(
      String executor, byte @Nullable [] model, byte[] inputs, String parameters) {
    return new Preflight.Request(executor, model, inputs, params(parameters), 7, false, 0, false);
  }

  private static Preflight.Request similar(
      String executor, String parameters, int maxDistance, boolean allow) {
    return new Preflight.Request(
        executor, MODEL, INPUTS, params(parameters), 7, true, maxDistance, allow);
  }

  private Preflight.Verdict check(Preflight.Request request) {
    return Preflight.check(
        request,
        (spec, model, inputs) -> {
          onnxChecked.add(spec);
          return model == JUNK
              ? Optional.of(new Rejection(Rejection.Code.MODEL_LOAD_FAILED, "protobuf parse"))
              : Optional.empty();
        });
  }

  private String refused(Preflight.Request request) {
    Preflight.Verdict verdict = check(request);
    assertThat(verdict).isInstanceOf(Preflight.Verdict.Refused.class);
    String reason = ((Preflight.Verdict.Refused) verdict).reason();
    assertThat(reason).doesNotContain("\n");
    return reason;
  }

  private List<String> passed(Preflight.Request request) {
    Preflight.Verdict verdict = check(request);
    assertThat(verdict).isInstanceOf(Preflight.Verdict.Passed.class);
    return ((Preflight.Verdict.Passed) verdict).warnings();
  }

  @Test
  void passesAWellFormedLinearSpecWithoutWarnings() {
    assertThat(passed(request("linear", MODEL, INPUTS, "{\"emulatedNoise\":0.001}"))).isEmpty();
    assertThat(passed(request("djl-linear", MODEL, INPUTS, "{}"))).hasSize(1); // exact mode
  }

  @Test
  void refusesAnUnknownExecutorNamingTheKnownOnes() {
    assertThat(refused(request("pytorch", MODEL, INPUTS, "{}")))
        .isEqualTo(
            "unknown executor 'pytorch'; use --executor with one of linear, djl-linear, process,"
                + " onnx");
  }

  @Test
  void refusesAMissingOrJunkModel() {
    assertThat(refused(request("linear", null, INPUTS, "{}")))
        .isEqualTo("the linear executor needs a model: pass --model with a safetensors file");
    assertThat(refused(request("djl-linear", JUNK, INPUTS, "{}")))
        .startsWith("--model is not a float32 safetensors file (")
        .endsWith("executor reads tensors weight [classes, features] and bias [classes]");
  }

  @Test
  void refusesWrongTensorNamesAndShapes() {
    byte[] renamed =
        Safetensors.write(
            Map.of(
                "W", new Safetensors.Tensor(new int[] {2, 3}, new float[6]),
                "bias", new Safetensors.Tensor(new int[] {2}, new float[2])));
    assertThat(refused(request("linear", renamed, INPUTS, "{}")))
        .isEqualTo(
            "--model must hold tensors weight [classes, features] and bias [classes], got {W [2,"
                + " 3], bias [2]}; rename or reshape them");
    byte[] x =
        Safetensors.write(Map.of("x", new Safetensors.Tensor(new int[] {4, 3}, new float[12])));
    assertThat(refused(request("linear", MODEL, x, "{}")))
        .isEqualTo(
            "--inputs must hold a tensor inputs [rows, 3] (the model's features), got {x [4, 3]};"
                + " rename or reshape it");
    byte[] narrow =
        Safetensors.write(Map.of("inputs", new Safetensors.Tensor(new int[] {4, 2}, new float[8])));
    assertThat(refused(request("djl-linear", MODEL, narrow, "{}")))
        .contains("--inputs must hold a tensor inputs [rows, 3]");
    assertThat(refused(request("linear", MODEL, JUNK, "{}")))
        .startsWith("--inputs is not a float32 safetensors file (");
  }

  @Test
  void refusesOutOfRangeParameters() {
    assertThat(refused(request("linear", MODEL, INPUTS, "{\"emulatedNoise\":0.5}")))
        .isEqualTo("emulatedNoise must be a number from 0 to 0.01, got 0.5; fix --parameters");
    assertThat(refused(request("linear", MODEL, INPUTS, "{\"emulatedNoise\":\"lots\"}")))
        .startsWith("emulatedNoise must be a number");
    assertThat(
            refused(
                new Preflight.Request("linear", MODEL, INPUTS, params("{}"), -1, true, 8, false)))
        .isEqualTo("--seed must be from 0 to 2^53-1, got -1");
    assertThat(refused(similar("linear", "{}", 300, false)))
        .isEqualTo("--max-distance must be 0 to 256 bits, got 300");
    assertThat(refused(request("process", null, INPUTS, "{}")))
        .startsWith("the process executor needs the name of a command the nodes declare");
  }

  @Test
  void warnsOfParametersTheExecutorDoesNotRead() {
    assertThat(passed(request("linear", MODEL, INPUTS, "{\"threads\":4}")))
        .containsExactly(
            "the linear executor does not read the parameters [threads] (it reads"
                + " [emulatedNoise]); they only change the spec digest");
    assertThat(passed(request("process", null, INPUTS, "{\"command\":\"run\",\"x\":1}"))).isEmpty();
  }

  @Test
  void asksTheOnnxExecutorsOwnCheckAndReportsItsRejection() {
    assertThat(refused(request("onnx", null, INPUTS, "{}")))
        .isEqualTo("the onnx executor needs a model: pass --model with an .onnx file");
    assertThat(refused(request("onnx", JUNK, INPUTS, "{\"threads\":2}")))
        .isEqualTo(
            "replicas would reject this task (model-load-failed): protobuf parse; fix the spec"
                + " or files and submit again");
    assertThat(onnxChecked).hasSize(1);
    TaskSpec spec = onnxChecked.getFirst();
    assertThat(spec.executor()).isEqualTo("onnx");
    assertThat(spec.parameters().path("threads").asInt()).isEqualTo(2);
    assertThat(spec.seed()).isEqualTo(7);
    assertThat(spec.inputs().size()).isEqualTo(INPUTS.length);
  }

  @Test
  void refusesARawSimilarityThresholdBelowTheCalibratedMinimum() {
    assertThat(Preflight.MIN_RAW_DISTANCE).isEqualTo(3);
    String reason = refused(similar("linear", "{}", 0, false));
    assertThat(reason)
        .isEqualTo(
            "--max-distance 0 is below the calibrated minimum of 3 bits for a raw SimHash"
                + " fingerprint: honest replicas on different hardware differ by a bit or two and"
                + " would be slashed; use --max-distance 3 or more, or --allow-low-distance");
    assertThat(refused(similar("djl-linear", "{}", 2, false))).startsWith("--max-distance 2 is");
    assertThat(refused(similar("onnx", "{\"canonical\":\"raw\"}", 1, false)))
        .startsWith("--max-distance 1 is");
    assertThat(refused(similar("onnx", "{}", 0, false))).startsWith("--max-distance 0 is");
    assertThat(passed(similar("linear", "{}", 3, false))).isEmpty();
  }

  @Test
  void allowsALowRawThresholdWithAWarningWhenAskedTo() {
    assertThat(passed(similar("linear", "{}", 0, true)))
        .containsExactly(
            "--max-distance 0 is below the calibrated minimum of 3 bits for a raw SimHash"
                + " fingerprint: honest replicas on different hardware differ by a bit or two and"
                + " would be slashed (allowed by --allow-low-distance)");
  }

  @Test
  void acceptsLabelFormsInExactModeWithoutAWarning() {
    for (String form : new String[] {"argmax", "top-k:3", "ctc"}) {
      assertThat(passed(request("onnx", MODEL, INPUTS, "{\"canonical\":\"" + form + "\"}")))
          .as(form)
          .isEmpty();
      assertThat(passed(similar("onnx", "{\"canonical\":\"" + form + "\"}", 0, false))).isEmpty();
    }
  }

  @Test
  void warnsThatASimilarThresholdOnLabelHashesMeansNothing() {
    assertThat(passed(similar("onnx", "{\"canonical\":\"ctc\"}", 8, false)))
        .containsExactly(
            "a label --canonical is fingerprinted as SHA-256 of its labels, so --max-distance 8 in"
                + " similar mode only lets unrelated hashes agree by chance; leave --mode out"
                + " (exact)");
  }

  @Test
  void warnsThatExactModeSlashesHardwareDependentFloats() {
    assertThat(passed(request("djl-linear", MODEL, INPUTS, "{}")))
        .containsExactly(
            "exact mode compares every result bit, and djl-linear floats differ across hardware in"
                + " the last bits: honest replicas may disagree and be slashed; consider --mode"
                + " similar");
    assertThat(passed(request("onnx", MODEL, INPUTS, "{\"canonical\":\"raw\"}")))
        .singleElement()
        .asString()
        .startsWith("exact mode compares every result bit, and onnx floats differ")
        .endsWith("or a label --canonical (argmax, top-k:K, ctc) that exact mode compares");
    assertThat(passed(request("linear", MODEL, INPUTS, "{}"))).isEmpty();
  }

  @Test
  void refusesASampleRateBelowTheContractsBoundNamingTheMinimum() {
    var below =
        new network.deai.node.domain.SampledPrice(java.math.BigInteger.valueOf(3000), 3, 400, 500);
    assertThat(Preflight.sampling(below))
        .hasValueSatisfying(
            line ->
                assertThat(line)
                    .contains("--sample-rate 4% is below the minimum of 5% (500bps)")
                    .doesNotContain("\n"));
    var atBound =
        new network.deai.node.domain.SampledPrice(java.math.BigInteger.valueOf(3000), 3, 500, 500);
    assertThat(Preflight.sampling(atBound)).isEmpty();
  }
}

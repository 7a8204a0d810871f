package network.deai.node.exec;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Optional;
import network.deai.contracts.crypto.Hashes;
import network.deai.node.domain.ArtifactRef;
import network.deai.node.domain.Outcome;
import network.deai.node.domain.Rejection;
import network.deai.node.domain.Safetensors;
import network.deai.node.domain.TaskSpec;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The onnx executor's check before inference, which {@code deai task submit} runs before it pays:
 * it rejects what a run rejects, with the same codes, on the real PP-OCRv4 recognition model.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class OnnxCheckIT {
  private static final byte[] MODEL = OcrFixture.recognitionModelBytes();
  private static final byte[] LINE = OcrFixture.inputs("deai");

  private final OnnxExecutor executor = new OnnxExecutor();

  @AfterAll
  void close() {
    executor.close();
  }

  private static TaskSpec spec(byte[] model, byte[] inputs, ObjectNode parameters) {
    ArtifactRef ref = new ArtifactRef(Hashes.sha256(model), model.length, "http://unused/m");
    ArtifactRef in = new ArtifactRef(Hashes.sha256(inputs), inputs.length, "http://unused/x");
    return new TaskSpec(OnnxExecutor.NAME, in, ref, parameters, 7);
  }

  private Optional<Rejection.Code> check(byte[] model, byte[] inputs, ObjectNode parameters) {
    Optional<Rejection.Code> checked =
        executor.check(spec(model, inputs, parameters), model, inputs).map(Rejection::code);
    Outcome<TaskExecutor.Output> run = executor.run(spec(model, inputs, parameters), model, inputs);
    assertThat(checked)
        .as("check agrees with run")
        .isEqualTo(
            run instanceof Outcome.Rejected<TaskExecutor.Output> r
                ? Optional.of(r.rejection().code())
                : Optional.empty());
    return checked;
  }

  private static ObjectNode params() {
    return JsonNodeFactory.instance.objectNode();
  }

  @Test
  void passesTheModelWithItsOwnInputs() {
    assertThat(check(MODEL, LINE, params())).isEmpty();
  }

  @Test
  void rejectsAJunkModelWrongInputNamesShapesAndSettingsAsARunWould() {
    byte[] junk = "not an onnx model".getBytes(StandardCharsets.UTF_8);
    assertThat(check(junk, LINE, params())).contains(Rejection.Code.MODEL_LOAD_FAILED);
    byte[] renamed =
        Safetensors.write(
            Map.of("inputs", new Safetensors.Tensor(new int[] {1, 3, 48, 320}, new float[46080])));
    assertThat(check(MODEL, renamed, params())).contains(Rejection.Code.BAD_INPUT);
    byte[] flat =
        Safetensors.write(
            Map.of(OcrFixture.INPUT, new Safetensors.Tensor(new int[] {3, 48}, new float[144])));
    assertThat(check(MODEL, flat, params())).contains(Rejection.Code.BAD_INPUT);
    assertThat(check(MODEL, LINE, params().put("threads", 0)))
        .contains(Rejection.Code.MALFORMED_SPEC);
    assertThat(check(MODEL, LINE, params().put("canonical", "softmax")))
        .contains(Rejection.Code.MALFORMED_SPEC);
    ObjectNode outputs = params();
    outputs.putArray("outputs").add("no-such-output");
    assertThat(check(MODEL, LINE, outputs)).contains(Rejection.Code.BAD_INPUT);
  }
}

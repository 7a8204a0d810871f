package network.deai.node.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import network.deai.node.domain.Outcome;
import network.deai.node.domain.Safetensors;
import network.deai.node.requester.Preflight;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code deai task example} writes a model and inputs that {@code deai task submit}'s pre-flight
 * accepts for the linear executor, and says how to submit them.
 */
class TaskExampleCommandTest {
  @TempDir Path dir;

  @Test
  void writesFilesThatPassTheLinearPreflight() throws Exception {
    Path out = dir.resolve("example");

    DeaiRun run = DeaiRun.of("task", "example", "--out", out.toString(), "--rows", "3");

    assertThat(run.status()).as(run.err()).isZero();
    assertThat(run.out()).contains("deai task submit --model " + out.resolve("model.safetensors"));
    assertThat(run.out())
        .contains("deai task result <task id> --labels " + out.resolve("labels.txt"));
    byte[] model = Files.readAllBytes(out.resolve("model.safetensors"));
    byte[] inputs = Files.readAllBytes(out.resolve("inputs.safetensors"));
    assertThat(shape(inputs, "inputs")).containsExactly(3, 64);
    assertThat(shape(model, "weight")).containsExactly(10, 64);
    assertThat(Files.readString(out.resolve("labels.txt")).strip().split(" ")).hasSize(3);
    Preflight.Verdict verdict =
        Preflight.check(
            new Preflight.Request(
                "linear", model, inputs, JsonNodeFactory.instance.objectNode(), 0, false, 0, false),
            (spec, m, i) -> Optional.empty());
    assertThat(verdict).isInstanceOf(Preflight.Verdict.Passed.class);
  }

  @Test
  void refusesARowCountOutOfRange() {
    DeaiRun run = DeaiRun.of("task", "example", "--out", dir.toString(), "--rows", "0");

    assertThat(run.status()).isEqualTo(2);
    assertThat(run.err()).isEqualTo("deai: --rows must be 1 to 1000, got 0\n");
  }

  private static int[] shape(byte[] file, String name) {
    Map<String, Safetensors.Tensor> tensors =
        switch (Safetensors.read(file)) {
          case Outcome.Ok<Map<String, Safetensors.Tensor>> ok -> ok.value();
          case Outcome.Rejected<Map<String, Safetensors.Tensor>> r ->
              throw new AssertionError("not safetensors: " + r);
        };
    Safetensors.Tensor tensor = tensors.get(name);
    if (tensor == null) {
      throw new AssertionError("no tensor " + name + " in " + tensors.keySet());
    }
    return tensor.shape();
  }
}

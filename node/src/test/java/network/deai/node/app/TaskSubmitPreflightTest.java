package network.deai.node.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import network.deai.node.domain.Rejection;
import network.deai.node.domain.ResultVector;
import network.deai.node.domain.Safetensors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code deai task submit} runs its pre-flight before it connects to anything (the chain and the
 * store here are a closed port), and a rejection document as a result is an error.
 */
class TaskSubmitPreflightTest {
  @TempDir Path dir;

  private DeaiRun submit(String... extra) throws Exception {
    Path inputs =
        Files.write(
            dir.resolve("inputs.safetensors"),
            Safetensors.write(
                Map.of("inputs", new Safetensors.Tensor(new int[] {1, 2}, new float[2]))));
    String[] base = {
      "task",
      "submit",
      "--inputs",
      inputs.toString(),
      "--upload-to",
      "http://127.0.0.1:1",
      "--rpc-url",
      "http://127.0.0.1:1",
      "--contract",
      "0x5fbdb2315678afecb367f032d93f642f64180aa3"
    };
    String[] args = java.util.Arrays.copyOf(base, base.length + extra.length);
    System.arraycopy(extra, 0, args, base.length, extra.length);
    return DeaiRun.of(args);
  }

  @Test
  void refusesAnUnknownExecutorAndAMissingModelInOneLineWithStatusTwo() throws Exception {
    DeaiRun unknown = submit("--executor", "tensorflow");
    assertThat(unknown.status()).isEqualTo(2);
    assertThat(unknown.err().strip())
        .isEqualTo(
            "deai: unknown executor 'tensorflow'; use --executor with one of linear, djl-linear,"
                + " process, onnx");
    DeaiRun noModel = submit("--executor", "onnx");
    assertThat(noModel.err().strip())
        .isEqualTo("deai: the onnx executor needs a model: pass --model with an .onnx file");
  }

  @Test
  void refusesAFeeOfZeroBeforeItConnectsToAnything() throws Exception {
    DeaiRun free = submit("--fee-ether", "0");

    assertThat(free.status()).isEqualTo(2);
    assertThat(free.err())
        .isEqualTo(
            "deai: --fee-ether must be more than 0: the fee is what the replicas are paid\n");
  }

  @Test
  void describesTheOverride() {
    assertThat(DeaiRun.of("task", "submit", "--help").out().replaceAll("\\s+", " "))
        .contains("--allow-low-distance", "calibrated minimum (3 bits)");
  }

  @Test
  void aRejectionDocumentIsAnErrorWithItsCodeAndMeaning() {
    assertThat(TaskResultCommand.rejected(new Rejection(Rejection.Code.BAD_INPUT, "x").document()))
        .isEqualTo(3);
    assertThat(TaskResultCommand.rejected(ResultVector.encode(new float[] {1}))).isZero();
  }
}

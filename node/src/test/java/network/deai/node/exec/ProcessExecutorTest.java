package network.deai.node.exec;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import network.deai.contracts.abi.Bytes32;
import network.deai.node.domain.ArtifactRef;
import network.deai.node.domain.Outcome;
import network.deai.node.domain.Safetensors;
import network.deai.node.domain.TaskSpec;
import org.junit.jupiter.api.Test;

class ProcessExecutorTest {
  private static final byte[] INPUTS =
      Safetensors.write(
          Map.of("inputs", new Safetensors.Tensor(new int[] {2}, new float[] {1, 2})));

  private final ProcessExecutor executor =
      new ProcessExecutor(
          Map.of(
              "answer",
              List.of("/bin/sh", "-c", "cat > /dev/null; echo '{\"output\":[1.5, -2]}'"),
              "slow",
              List.of("/bin/sh", "-c", "sleep 5"),
              "crash",
              List.of("/bin/sh", "-c", "exit 3")),
          Duration.ofMillis(500),
          512L << 20);

  private static TaskSpec spec(String command) {
    return new TaskSpec(
        "process",
        new ArtifactRef(Bytes32.ZERO, INPUTS.length, "http://127.0.0.1:1/artifacts/x"),
        null,
        JsonNodeFactory.instance.objectNode().put("command", command),
        1);
  }

  private String run(String command) {
    return switch (executor.execute(spec(command), null, INPUTS)) {
      case Outcome.Ok<float[]> ok -> java.util.Arrays.toString(ok.value());
      case Outcome.Rejected<float[]> r -> r.rejection().toString();
    };
  }

  @Test
  void runsDeclaredCommandsOnlyWithinTheirLimits() {
    assertThat(run("answer")).isEqualTo("[1.5, -2.0]");
    assertThat(run("slow")).isEqualTo("execution-timeout: process ran longer than PT0.5S");
    assertThat(run("crash")).isEqualTo("execution-failed: process exited with status 3");
    assertThat(run("rm -rf /"))
        .startsWith("unknown-executor: process command 'rm -rf /' is not declared");
  }
}

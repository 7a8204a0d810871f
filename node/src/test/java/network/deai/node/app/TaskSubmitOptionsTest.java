package network.deai.node.app;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class TaskSubmitOptionsTest {
  private static DeaiRun submit(String... extra) {
    String[] base = {
      "task",
      "submit",
      "--inputs",
      "x.safetensors",
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
  void refusesOnnxOptionsAndBadValuesInOneLine() {
    assertThat(submit("--executor", "linear", "--canonical", "ctc").err().strip())
        .isEqualTo("deai: --canonical, --threads and --optimization are for --executor onnx only");
    assertThat(submit("--executor", "onnx", "--canonical", "softmax").err().strip())
        .isEqualTo("deai: canonical must be raw, argmax, top-k:K or ctc, got 'softmax'");
    assertThat(submit("--executor", "onnx", "--threads", "0").err().strip())
        .isEqualTo("deai: --threads must be 1 to 64, got 0");
    assertThat(submit("--executor", "onnx", "--optimization", "max").err().strip())
        .isEqualTo("deai: --optimization must be disabled, basic, extended or all, got max");
  }

  @Test
  void describesEveryOption() {
    String help = DeaiRun.of("task", "submit", "--help").out();
    for (String option : new String[] {"--canonical", "--threads", "--optimization", "--seed"}) {
      assertThat(help).contains(option);
    }
    assertThat(help).contains("Task seed", "Replicas that run the task", "intra-op threads");
  }
}

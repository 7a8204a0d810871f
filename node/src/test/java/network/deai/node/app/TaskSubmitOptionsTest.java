package network.deai.node.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
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
  void labelFormsAreComparedInExactModeAndRawOutputsInSimilarMode() {
    for (String form : new String[] {"ctc", "argmax", "top-k:5"}) {
      assertThat(OnnxOptions.comparison("onnx", canonical(form), null, null))
          .as(form)
          .isEqualTo(new OnnxOptions.Comparison(false, 0));
    }
    assertThat(OnnxOptions.comparison("onnx", canonical("raw"), null, null))
        .isEqualTo(new OnnxOptions.Comparison(true, 8));
    assertThat(OnnxOptions.comparison("onnx", JsonNodeFactory.instance.objectNode(), null, null))
        .isEqualTo(new OnnxOptions.Comparison(true, 8));
    assertThat(OnnxOptions.comparison("linear", JsonNodeFactory.instance.objectNode(), null, null))
        .isEqualTo(new OnnxOptions.Comparison(false, 0));
  }

  @Test
  void anExplicitModeAndThresholdWin() {
    assertThat(OnnxOptions.comparison("onnx", canonical("ctc"), "similar", null))
        .isEqualTo(new OnnxOptions.Comparison(true, 0));
    assertThat(OnnxOptions.comparison("onnx", canonical("raw"), "EXACT", 5))
        .isEqualTo(new OnnxOptions.Comparison(false, 0));
    assertThat(OnnxOptions.comparison("linear", canonical("raw"), "similar", 4))
        .isEqualTo(new OnnxOptions.Comparison(true, 4));
    assertThat(submit("--executor", "onnx", "--mode", "fuzzy").err().strip())
        .isEqualTo("deai: --mode must be exact or similar, got fuzzy");
  }

  private static ObjectNode canonical(String form) {
    return JsonNodeFactory.instance.objectNode().put("canonical", form);
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

package network.deai.node.requester;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Arrays;
import java.util.Map;
import network.deai.contracts.abi.Bytes32;
import network.deai.node.domain.ArtifactRef;
import network.deai.node.domain.ResultVector;
import network.deai.node.domain.Safetensors;
import network.deai.node.domain.TaskSpec;
import org.junit.jupiter.api.Test;

/** A verified result decoded for the requester, per executor and canonical form. */
class ResultReportTest {
  private static final ArtifactRef REF = new ArtifactRef(Bytes32.ZERO, 1, "http://store/a");

  private static TaskSpec spec(String executor, String parameters) throws Exception {
    return new TaskSpec(
        executor, REF, REF, (ObjectNode) new ObjectMapper().readTree(parameters), 7);
  }

  @Test
  void printsTheLogitsAndTopLabelOfEachRowOfALinearResultAgainstTheTrueLabels() throws Exception {
    byte[] result = ResultVector.encode(new float[] {0.1f, 0.2f, 3f, 5f, -1f, 0f});

    assertThat(ResultReport.describe(spec("linear", "{}"), result, 3, new int[] {2, 1}, null))
        .containsExactly(
            "2 rows x 3 logits (raw float32, little-endian)",
            "row 0: top label 2, true label 2  logits [0.1000, 0.2000, 3.0000]",
            "row 1: top label 0, true label 1 (wrong)  logits [5.0000, -1.0000, 0.0000]",
            "top label is the true label in 1 of 2 rows");
  }

  @Test
  void takesTheRowsFromTheLabelsWhenTheModelsClassesAreUnknown() throws Exception {
    byte[] result = ResultVector.encode(new float[] {0f, 1f, 1f, 0f});

    assertThat(ResultReport.describe(spec("linear", "{}"), result, 0, new int[] {1, 0}, null))
        .first()
        .isEqualTo("2 rows x 2 logits (raw float32, little-endian)");
  }

  @Test
  void namesTheTensorsOfAnOnnxResultAndReadsCtcLabelsAsText() throws Exception {
    // [1, 4, 3]: steps pick 1, 1, 0 (blank), 2 -> labels [1, 2]
    float[] scores = {0, 1, 0, 0, 1, 0, 1, 0, 0, 0, 0, 1};
    byte[] result =
        Safetensors.write(Map.of("output", new Safetensors.Tensor(new int[] {1, 4, 3}, scores)));

    assertThat(
            ResultReport.describe(
                spec("onnx", "{\"canonical\":\"ctc\"}"),
                result,
                0,
                new int[0],
                labels -> Arrays.toString(labels).equals("[1, 2]") ? "\"ab\"" : "?"))
        .containsExactly("tensor output float32 [1, 4, 3]", "output item 0 (ctc): \"ab\"");
    assertThat(ResultReport.describe(spec("onnx", "{}"), result, 0, new int[0], null))
        .containsExactly("tensor output float32 [1, 4, 3]");
  }
}

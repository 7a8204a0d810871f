package network.deai.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import network.deai.node.ocr.OcrModels;
import org.junit.jupiter.api.Test;

/** {@code deai bench models --lines 5} on the real PP-OCRv4 recognition model. */
class ModelsBenchIT {
  @Test
  void measuresHonestNoiseCheatsAndOverheadOnFiveLines() throws Exception {
    ByteArrayOutputStream printed = new ByteArrayOutputStream();
    OcrModels models = OcrModels.locate(System.getenv(), List.of(Path.of("")));

    Map<String, Double> numbers =
        new ModelsBench(models, 5, 7, new PrintStream(printed, true, StandardCharsets.UTF_8)).run();

    String text = printed.toString(StandardCharsets.UTF_8);
    assertThat(numbers)
        .containsKeys(
            "cheat_detection_min",
            "honest_false_slash",
            "recommended_max_distance",
            "executor_overhead",
            "ocr_tasks_per_minute");
    for (String name : numbers.keySet()) {
      assertThat(text).contains("\n" + name + " ");
    }
    assertThat(numbers.get("honest_false_slash")).isZero();
    assertThat(numbers.get("recommended_max_distance"))
        .isEqualTo(numbers.getOrDefault("honest_max_distance", -1.0) + ModelsBench.MARGIN);
    // Per-tensor int8 wrecks this model: every form catches it on every line.
    assertThat(numbers.get("detection_raw_int8-weights")).isEqualTo(1.0);
    assertThat(numbers.get("detection_ctc_int8-weights")).isEqualTo(1.0);
    assertThat(numbers.get("cheat_detection_min")).isBetween(0.0, 1.0);
    assertThat(numbers.get("executor_overhead")).isPositive();
  }
}

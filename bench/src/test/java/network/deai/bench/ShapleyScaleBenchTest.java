package network.deai.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import network.deai.node.job.FlParameters;
import org.junit.jupiter.api.Test;

class ShapleyScaleBenchTest {

  private static Map<String, String> run(FlParameters job, int exactMax, List<Integer> trainers) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream progress = new ByteArrayOutputStream();
    new ShapleyScaleBench(
            job,
            exactMax,
            7,
            new PrintStream(out, true, StandardCharsets.UTF_8),
            new PrintStream(progress, true, StandardCharsets.UTF_8))
        .run(trainers);
    assertThat(progress.toString(StandardCharsets.UTF_8)).contains("n=5: loading data");
    Map<String, String> lines = new LinkedHashMap<>();
    for (String line : out.toString(StandardCharsets.UTF_8).lines().toList()) {
      String[] parts = line.split(" ", -1);
      if (parts.length == 2) {
        lines.put(parts[0], parts[1]);
      }
    }
    return lines;
  }

  @Test
  void scoresWithExactWhereItFitsAndOnlySamplesAbove() {
    FlParameters job = FlParameters.digits().withArchitecture("mlp:4");
    Map<String, String> lines = run(job, 5, List.of(5, 6));

    assertThat(lines)
        .containsEntry("n5_job_estimator", "exact")
        .containsEntry("n5_exact_evaluations", "32")
        .containsKeys(
            "n5_exact_seconds",
            "n5_exact_byzantine_max_value",
            "n5_mc_spearman",
            "n5_tmc_spearman",
            "n5_gtg_spearman",
            "n6_mc_evaluations",
            "n6_tmc_seconds",
            "n6_gtg_byzantine_last")
        .doesNotContainKeys("n6_exact_evaluations", "n6_gtg_spearman");
    // Monte Carlo over 5 players cannot evaluate more than the 32 coalitions.
    assertThat(Long.parseLong(lines.get("n5_mc_evaluations"))).isBetween(2L, 32L);
    assertThat(Double.parseDouble(lines.get("n5_mc_spearman"))).isBetween(-1.0, 1.0);
    assertThat(lines.get("n5_exact_byzantine_last")).isIn("0", "1");
  }

  @Test
  void rejectsCountsExactShapleyOrTheEstimatorsCannotTake() {
    FlParameters job = FlParameters.digits();
    assertThatThrownBy(() -> run(job, 21, List.of(5))).hasMessageContaining("--exact-max");
    assertThatThrownBy(() -> run(job, 5, List.of(4))).hasMessage("--trainers must be in 5..62: 4");
  }
}

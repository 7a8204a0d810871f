package network.deai.node.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class ExecutionTimesTest {
  private final ExecutionTimes times = new ExecutionTimes(3, 1.5, Duration.ofMillis(250));

  @Test
  void expectsTheFallbackBeforeAnExecutorHasRun() {
    times.record("linear", Duration.ofSeconds(9));

    assertThat(times.expected("process")).isEqualTo(Duration.ofMillis(250));
  }

  @Test
  void expectsTheSlowestRecentRunWithAMargin() {
    times.record("process", Duration.ofSeconds(2));
    times.record("process", Duration.ofSeconds(1));

    assertThat(times.expected("process")).isEqualTo(Duration.ofSeconds(3));
  }

  @Test
  void forgetsRunsOlderThanItsSamples() {
    times.record("process", Duration.ofSeconds(10));
    for (int i = 0; i < 3; i++) {
      times.record("process", Duration.ofSeconds(2));
    }

    assertThat(times.expected("process")).isEqualTo(Duration.ofSeconds(3));
  }

  @Test
  void expectsAWarmedUpExecutorsMeasuredRunWithAMarginUntilItsFirstTask() {
    times.warmedUp("djl-linear", Duration.ofSeconds(2));

    assertThat(times.expected("djl-linear")).isEqualTo(Duration.ofSeconds(3));

    times.record("djl-linear", Duration.ofMillis(400));

    assertThat(times.expected("djl-linear")).isEqualTo(Duration.ofMillis(600));
  }

  @Test
  void neverExpectsLessThanTheFallbackFromAWarmUp() {
    times.warmedUp("linear", Duration.ofMillis(1));

    assertThat(times.expected("linear")).isEqualTo(Duration.ofMillis(250));
  }
}

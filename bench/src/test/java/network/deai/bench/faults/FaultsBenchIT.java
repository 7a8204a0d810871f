package network.deai.bench.faults;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * A small {@code deai bench faults}: four honest workers as processes behind faulty RPC proxies,
 * killed at every crash point (the unsafe ones included) and restarted, one with a disk that fills
 * up, and tasks whose inputs stall. No honest node may be slashed, no task lost, no wei
 * unaccounted.
 */
class FaultsBenchIT {
  @Test
  void honestWorkersUnderEveryFaultLoseNothing() throws Exception {
    ByteArrayOutputStream progress = new ByteArrayOutputStream();
    FaultsBench.Report report =
        FaultsBench.run(
            new FaultsBench.Settings(12, 4, 7, 1, 1, 60, Duration.ofMinutes(8)),
            new PrintStream(progress, true, StandardCharsets.UTF_8));
    String output = progress.toString(StandardCharsets.UTF_8) + "\n" + report;

    assertThat(report.tally().honestSlashed()).as(output).isZero();
    assertThat(report.tally().tasksLost()).as(output).isZero();
    assertThat(report.tally().weiUnaccounted()).as(output).isZero();
    assertThat(report.crashPoints()).as(output).containsOnlyKeys(CrashPoint.values());
    assertThat(report.faults()).as(output).containsEntry("disk_full", 1L);
    assertThat(report.faults().get("artifact_stalls")).as(output).isPositive();
    assertThat(report.tally().auditProblems()).as(output).isZero();
    assertThat(report.tally().settled()).as(output).isPositive();
    assertThat(report.clean()).isTrue();
  }
}

package network.deai.node.job;

import static org.assertj.core.api.Assertions.assertThat;

import network.deai.node.exec.Metrics;
import org.junit.jupiter.api.Test;

class JobMetricsTest {
  @Test
  void exportsEveryJobCounterAtZeroAndTheLastRoundAsMinusOneBeforeAnyWork() {
    Metrics metrics = new Metrics();
    JobMetrics.of(metrics);

    assertThat(metrics.prometheus())
        .contains("# TYPE deai_job_rounds_trained_total counter\ndeai_job_rounds_trained_total 0\n")
        .contains("deai_job_transactions_failed_total 0\n")
        .contains("deai_job_pass_failures_total 0\n")
        .contains("# TYPE deai_job_last_round gauge\ndeai_job_last_round -1\n");
  }

  @Test
  void countsRoundsAndTransactionsByContractCall() {
    Metrics metrics = new Metrics();
    JobMetrics jobs = JobMetrics.of(metrics);

    jobs.selected(3, 2);
    jobs.trained();
    jobs.aggregated();
    jobs.refused();
    jobs.sent("commitUpdate job 3 round 2");
    jobs.sent("challengeRound job 3 round 2");
    jobs.failed("revealUpdate job 3 round 2", "would-revert");
    jobs.failed("revealUpdate job 3 round 2", "would-revert");
    jobs.passFailed();

    assertThat(metrics.prometheus())
        .contains("deai_job_rounds_trained_total 1\n")
        .contains("deai_job_rounds_aggregated_total 1\n")
        .contains("deai_job_rounds_refused_total 1\n")
        .contains("deai_job_rounds_challenged_total 1\n")
        .contains("deai_job_transactions_sent_total{call=\"commitUpdate\"} 1\n")
        .contains("deai_job_transactions_sent_total{call=\"challengeRound\"} 1\n")
        .contains(
            "deai_job_transactions_failed_total{call=\"revealUpdate\",reason=\"would-revert\"} 2\n")
        .doesNotContain("deai_job_transactions_sent_total 0\n")
        .contains("deai_job_pass_failures_total 1\n")
        .contains("deai_job_last_job 3\n")
        .contains("deai_job_last_round 2\n");
  }
}

package network.deai.node.exec;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class MetricsTest {
  @Test
  void rendersCountersAndOverheadQuantilesInPrometheusText() {
    Metrics metrics = new Metrics();
    metrics.increment("tasks_closed_total{outcome=\"Settled/Paid\"}");
    metrics.increment("tasks_closed_total{outcome=\"Settled/SlashedWrong\"}");
    for (int i = 1; i <= 100; i++) {
      metrics.recordOverhead(i * 1_000_000L);
    }

    assertThat(metrics.overheadMillis(0.5)).isEqualTo(50.0);
    assertThat(metrics.overheadMillis(0.95)).isEqualTo(95.0);
    assertThat(metrics.prometheus())
        .containsOnlyOnce("# TYPE deai_tasks_closed_total counter\n")
        .contains("deai_tasks_closed_total{outcome=\"Settled/Paid\"} 1\n")
        .contains("deai_commit_overhead_ms{quantile=\"0.95\"} 95.000\n")
        .contains("deai_commit_overhead_ms_count 100\n");
  }

  @Test
  void rendersGaugesReadAtEachScrape() {
    Metrics metrics = new Metrics();
    long[] open = {3};
    metrics.gauge("http_connections_open", () -> open[0]);
    open[0] = 5;

    assertThat(metrics.prometheus())
        .contains("# TYPE deai_http_connections_open gauge\ndeai_http_connections_open 5\n");
  }
}

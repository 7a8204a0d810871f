package network.deai.node.job;

import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import network.deai.node.exec.Metrics;

/**
 * The training-job roles' counters and gauges, exported with the worker's at {@code /metrics}:
 * rounds trained, aggregated, refused and challenged, job transactions sent and failed by contract
 * call ({@code call="commitUpdate"}, {@code revealUpdate}, {@code commitAggregate}, {@code
 * revealAggregate}, {@code settleRound}, {@code challengeRound}), failed passes, and the job and
 * round this node was last selected for.
 */
public final class JobMetrics {
  /** The counter families this class adds to, declared at 0 by {@link #of(Metrics)}. */
  public static final List<String> COUNTERS =
      List.of(
          "job_rounds_trained_total",
          "job_rounds_aggregated_total",
          "job_rounds_refused_total",
          "job_rounds_challenged_total",
          "job_transactions_sent_total",
          "job_transactions_failed_total",
          "job_pass_failures_total");

  private final Metrics metrics;
  private final AtomicLong lastJob = new AtomicLong(-1);
  private final AtomicLong lastRound = new AtomicLong(-1);

  private JobMetrics(Metrics metrics) {
    this.metrics = metrics;
  }

  /**
   * Job metrics in {@code metrics}: the counter families declared, and the gauges {@code
   * job_last_job} and {@code job_last_round} (-1 until this node is first selected).
   */
  public static JobMetrics of(Metrics metrics) {
    JobMetrics jobs = new JobMetrics(metrics);
    COUNTERS.forEach(metrics::declare);
    metrics.gauge("job_last_job", jobs.lastJob::get);
    metrics.gauge("job_last_round", jobs.lastRound::get);
    return jobs;
  }

  /** The metrics these are exported with. */
  public Metrics metrics() {
    return metrics;
  }

  void selected(long jobId, long round) {
    lastJob.set(jobId);
    lastRound.set(round);
  }

  void trained() {
    metrics.increment("job_rounds_trained_total");
  }

  void aggregated() {
    metrics.increment("job_rounds_aggregated_total");
  }

  void refused() {
    metrics.increment("job_rounds_refused_total");
  }

  void passFailed() {
    metrics.increment("job_pass_failures_total");
  }

  /** A job transaction {@code what} ("commitUpdate job 3 round 1") was mined successfully. */
  void sent(String what) {
    metrics.increment("job_transactions_sent_total{call=\"" + call(what) + "\"}");
    if (call(what).equals("challengeRound")) {
      metrics.increment("job_rounds_challenged_total");
    }
  }

  /**
   * A job transaction was not sent because its simulation reverts ({@code would-revert}) or was
   * sent and failed: reverted, not mined in time, or not broadcast ({@code failed}).
   */
  void failed(String what, String reason) {
    metrics.increment(
        "job_transactions_failed_total{call=\"" + call(what) + "\",reason=\"" + reason + "\"}");
  }

  private static String call(String what) {
    int space = what.indexOf(' ');
    return space < 0 ? what : what.substring(0, space);
  }
}

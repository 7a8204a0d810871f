package network.deai.node.exec;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.LongSupplier;

/**
 * The worker's counters, gauges and its protocol-overhead samples (event seen → commit sent,
 * execution excluded), rendered in the Prometheus text format. A {@linkplain #declare declared}
 * counter family is exported at 0 until its first increment, so dashboards and {@code rate()} see
 * it from the first scrape.
 */
public final class Metrics {
  /**
   * The worker's counter families (names without labels), declared by {@link #forNode()}; a test
   * checks that every counter the node's code increments is listed here.
   */
  public static final List<String> NODE_COUNTERS =
      List.of(
          "abstains_sent_total",
          "artifacts_collected_total",
          "artifacts_refused_total",
          "artifacts_uploaded_total",
          "commits_observed_total",
          "commits_resent_total",
          "commits_sent_total",
          "drain_abstains_total",
          "executions_too_slow_total",
          "finalize_sent_total",
          "http_connections_refused_total",
          "http_connections_timed_out_total",
          "inputs_unavailable_total",
          "paid_wei_total",
          "reveals_sent_total",
          "rpc_errors_total",
          "sampled_starts_sent_total",
          "sampled_tasks_executed_total",
          "sampled_tasks_validated_total",
          "slashed_wei_total",
          "starts_sent_total",
          "tasks_assigned_total",
          "tasks_closed_total",
          "windows_too_short_total");

  private static final int MAX_SAMPLES = 100_000;

  private final Map<String, LongAdder> counters = new ConcurrentHashMap<>();
  private final Set<String> declared = ConcurrentHashMap.newKeySet();
  private final Map<String, LongSupplier> gauges = new ConcurrentHashMap<>();
  private final long[] overheadNanos = new long[MAX_SAMPLES];
  private int samples;

  /** Metrics with every counter family of {@link #NODE_COUNTERS} declared. */
  public static Metrics forNode() {
    Metrics metrics = new Metrics();
    NODE_COUNTERS.forEach(metrics::declare);
    return metrics;
  }

  /**
   * Exports the counter family {@code family} (a name without labels) at 0 until a counter of it is
   * first added to.
   */
  public void declare(String family) {
    if (family.contains("{")) {
      throw new IllegalArgumentException("declare a family without labels: " + family);
    }
    declared.add(family);
  }

  /** Adds {@code amount} to the counter {@code name} (Prometheus name with optional labels). */
  public void add(String name, long amount) {
    counters.computeIfAbsent(name, key -> new LongAdder()).add(amount);
  }

  /** Adds one to {@code name}. */
  public void increment(String name) {
    add(name, 1);
  }

  /** The counter's value. */
  public long value(String name) {
    LongAdder adder = counters.get(name);
    return adder == null ? 0 : adder.sum();
  }

  /**
   * Reports {@code value} as the gauge {@code name}, read at each scrape; replaces an earlier one.
   */
  public void gauge(String name, LongSupplier value) {
    gauges.put(name, value);
  }

  /** Records one overhead sample. */
  public synchronized void recordOverhead(long nanos) {
    if (samples < MAX_SAMPLES) {
      overheadNanos[samples++] = nanos;
    }
  }

  /** The overhead quantile {@code q} in milliseconds; NaN without samples. */
  public synchronized double overheadMillis(double q) {
    if (samples == 0) {
      return Double.NaN;
    }
    long[] sorted = Arrays.copyOf(overheadNanos, samples);
    Arrays.sort(sorted);
    int index = (int) Math.ceil(q * samples) - 1;
    return sorted[Math.max(0, Math.min(samples - 1, index))] / 1e6;
  }

  /** How many overhead samples were recorded. */
  public synchronized int overheadSamples() {
    return samples;
  }

  /** The Prometheus text exposition. */
  public String prometheus() {
    StringBuilder out = new StringBuilder();
    Map<String, StringBuilder> families = new TreeMap<>();
    declared.forEach(family -> families.put(family, new StringBuilder()));
    new TreeMap<>(counters)
        .forEach(
            (name, value) ->
                families
                    .computeIfAbsent(family(name), key -> new StringBuilder())
                    .append("deai_")
                    .append(name)
                    .append(' ')
                    .append(value.sum())
                    .append('\n'));
    families.forEach(
        (family, samples) -> {
          out.append("# TYPE deai_").append(family).append(" counter\n");
          out.append(samples.isEmpty() ? "deai_" + family + " 0\n" : samples);
        });
    new TreeMap<>(gauges)
        .forEach(
            (name, value) ->
                out.append("# TYPE deai_")
                    .append(name)
                    .append(" gauge\n")
                    .append("deai_")
                    .append(name)
                    .append(' ')
                    .append(value.getAsLong())
                    .append('\n'));
    out.append("# TYPE deai_commit_overhead_ms summary\n");
    for (double q : new double[] {0.5, 0.95, 0.99}) {
      double value = overheadMillis(q);
      out.append("deai_commit_overhead_ms{quantile=\"")
          .append(q)
          .append("\"} ")
          .append(Double.isNaN(value) ? "NaN" : String.format(java.util.Locale.ROOT, "%.3f", value))
          .append('\n');
    }
    out.append("deai_commit_overhead_ms_count ").append(overheadSamples()).append('\n');
    return out.toString();
  }

  private static String family(String name) {
    int brace = name.indexOf('{');
    return brace < 0 ? name : name.substring(0, brace);
  }
}

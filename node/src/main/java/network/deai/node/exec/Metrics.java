package network.deai.node.exec;

import java.util.Arrays;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.LongSupplier;

/**
 * The worker's counters, gauges and its protocol-overhead samples (event seen → commit sent,
 * execution excluded), rendered in the Prometheus text format.
 */
public final class Metrics {
  private static final int MAX_SAMPLES = 100_000;

  private final Map<String, LongAdder> counters = new ConcurrentHashMap<>();
  private final Map<String, LongSupplier> gauges = new ConcurrentHashMap<>();
  private final long[] overheadNanos = new long[MAX_SAMPLES];
  private int samples;

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
    java.util.Set<String> typed = new java.util.HashSet<>();
    new TreeMap<>(counters)
        .forEach(
            (name, value) -> {
              String base = name.contains("{") ? name.substring(0, name.indexOf('{')) : name;
              if (typed.add(base)) {
                out.append("# TYPE deai_").append(base).append(" counter\n");
              }
              out.append("deai_").append(name).append(' ').append(value.sum()).append('\n');
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
}

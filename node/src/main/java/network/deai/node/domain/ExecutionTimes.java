package network.deai.node.domain;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Map;

/**
 * How long this node's recent runs of each executor took (fetching the model and inputs included),
 * and so how long the next one is expected to take: the slowest of the last {@code samples} runs
 * times {@code margin}, or, for an executor that has not run a task yet, its warm-up run times
 * {@code margin} and at least {@code fallback}. Thread-safe.
 */
public final class ExecutionTimes {
  private final int samples;
  private final double margin;
  private final Duration fallback;
  private final Map<String, ArrayDeque<Duration>> recent = new HashMap<>();
  private final Map<String, Duration> warmUps = new HashMap<>();

  /**
   * Keeps {@code samples} runs per executor; the estimate is their maximum times {@code margin}.
   */
  public ExecutionTimes(int samples, double margin, Duration fallback) {
    if (samples < 1 || !(margin >= 1) || fallback.isNegative()) {
      throw new IllegalArgumentException("need samples >= 1, margin >= 1, fallback >= 0");
    }
    this.samples = samples;
    this.margin = margin;
    this.fallback = fallback;
  }

  /** Records one run of {@code executor}. */
  public synchronized void record(String executor, Duration took) {
    ArrayDeque<Duration> runs = recent.computeIfAbsent(executor, e -> new ArrayDeque<>());
    runs.addLast(took);
    while (runs.size() > samples) {
      runs.removeFirst();
    }
  }

  /**
   * Records the measured run of {@code executor}'s warm-up (engine already loaded), which stands
   * for it until its first task has run.
   */
  public synchronized void warmedUp(String executor, Duration run) {
    warmUps.put(executor, run);
  }

  /** The time to allow for the next run of {@code executor}. */
  public synchronized Duration expected(String executor) {
    ArrayDeque<Duration> runs = recent.get(executor);
    if (runs == null || runs.isEmpty()) {
      Duration warm = warmUps.getOrDefault(executor, Duration.ZERO);
      Duration allowed = Duration.ofNanos((long) Math.ceil(warm.toNanos() * margin));
      return allowed.compareTo(fallback) > 0 ? allowed : fallback;
    }
    long slowest = runs.stream().mapToLong(Duration::toNanos).max().orElse(0);
    return Duration.ofNanos((long) Math.ceil(slowest * margin));
  }
}

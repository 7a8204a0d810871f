package network.deai.node.domain;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The chain's block rate, measured from the (block number, local time) pairs a worker sees as it
 * polls. The estimate is conservative: the fastest rate over any stretch of at least {@code
 * minSpan} among the last {@code capacity} new blocks, so a chain that mines a block per
 * transaction counts as fast while its traffic lasts. Stretches shorter than {@code minSpan} are
 * not rated on their own: a burst of blocks within one poll is spread over {@code minSpan}.
 *
 * <p>Thread-safe: the chain loop observes, task threads ask.
 */
public final class BlockRate {
  private record Observation(long block, long nanos) {}

  private final Duration minSpan;
  private final int capacity;
  private final ArrayDeque<Observation> seen = new ArrayDeque<>();

  /**
   * A rate rated over stretches of at least {@code minSpan}, remembering {@code capacity} blocks.
   */
  public BlockRate(Duration minSpan, int capacity) {
    if (minSpan.isNegative() || minSpan.isZero() || capacity < 2) {
      throw new IllegalArgumentException("need minSpan > 0 and capacity >= 2");
    }
    this.minSpan = minSpan;
    this.capacity = capacity;
  }

  /**
   * Records that {@code block} was the head at {@code nanos} (a monotonic clock). Only a block
   * higher than every earlier one counts: the first time a head is seen is when it arrived.
   */
  public synchronized void observe(long block, long nanos) {
    Observation last = seen.peekLast();
    if (last != null && (block <= last.block() || nanos < last.nanos())) {
      return;
    }
    seen.addLast(new Observation(block, nanos));
    while (seen.size() > capacity) {
      seen.removeFirst();
    }
  }

  /** The highest block observed, or -1 before the first observation. */
  public synchronized long head() {
    Observation last = seen.peekLast();
    return last == null ? -1 : last.block();
  }

  /**
   * The shortest mean time per block over any stretch of at least {@code minSpan}; empty until the
   * observations span {@code minSpan}.
   */
  public synchronized Optional<Duration> fastestInterval() {
    List<Observation> all = new ArrayList<>(seen);
    long span = minSpan.toNanos();
    double fastest = Double.POSITIVE_INFINITY;
    int from = -1;
    for (int to = 1; to < all.size(); to++) {
      while (from + 1 < to && all.get(to).nanos() - all.get(from + 1).nanos() >= span) {
        from++;
      }
      if (from >= 0) {
        Observation a = all.get(from);
        Observation b = all.get(to);
        fastest = Math.min(fastest, (double) (b.nanos() - a.nanos()) / (b.block() - a.block()));
      }
    }
    return fastest == Double.POSITIVE_INFINITY
        ? Optional.empty()
        : Optional.of(Duration.ofNanos(Math.max(1, (long) fastest)));
  }
}

package network.deai.node.exec;

import java.time.Duration;

/**
 * How long one download may take: the whole of it (connecting, headers and body) within {@code
 * deadline}, and, while the body arrives, at least {@code minBytesPerSecond} on average over each
 * {@code rateWindow} (0 turns the rate check off). Together they make an origin that sends its
 * headers and then goes silent, or trickles, fail the fetch instead of holding a replica until its
 * task expires.
 */
public record FetchLimits(Duration deadline, long minBytesPerSecond, Duration rateWindow) {
  /**
   * The rate below which a transfer is given up: 16 KiB/s, far under any working link, so only a
   * stalled or trickling origin falls below it.
   */
  public static final long DEFAULT_MIN_BYTES_PER_SECOND = 16 * 1024;

  /**
   * The span over which the rate is averaged: 10 s, long enough that a pause of the origin (a GC, a
   * busy CPU) does not fail a healthy transfer, short enough that a stall is noticed well before
   * the default 30 s deadline.
   */
  public static final Duration DEFAULT_RATE_WINDOW = Duration.ofSeconds(10);

  /** Checks that the deadline and the window are positive and the rate is not negative. */
  public FetchLimits {
    if (deadline.isNegative() || deadline.isZero()) {
      throw new IllegalArgumentException("deadline must be positive: " + deadline);
    }
    if (minBytesPerSecond < 0) {
      throw new IllegalArgumentException("minimum rate must not be negative: " + minBytesPerSecond);
    }
    if (rateWindow.isNegative() || rateWindow.isZero()) {
      throw new IllegalArgumentException("rate window must be positive: " + rateWindow);
    }
  }

  /** {@code deadline} with the default minimum rate and window. */
  public static FetchLimits within(Duration deadline) {
    return new FetchLimits(deadline, DEFAULT_MIN_BYTES_PER_SECOND, DEFAULT_RATE_WINDOW);
  }
}

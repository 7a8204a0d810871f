package network.deai.devnet;

/**
 * When the devnet prints its progress: a whole line whenever the settled count changes, and at
 * least every {@code every} nanoseconds otherwise. Whole lines (never a carriage return that
 * rewrites the last one) stay readable when the in-process workers' log lines share the terminal.
 */
final class ProgressLine {
  private final long everyNanos;
  private long lastNanos = Long.MIN_VALUE;
  private int lastSettled = -1;

  ProgressLine(long everyNanos) {
    if (everyNanos <= 0) {
      throw new IllegalArgumentException("need a positive interval, got " + everyNanos);
    }
    this.everyNanos = everyNanos;
  }

  /** Whether to print at {@code nowNanos} with {@code settled} tasks final; records a yes. */
  boolean due(long nowNanos, int settled) {
    boolean due =
        settled != lastSettled || lastNanos == Long.MIN_VALUE || nowNanos - lastNanos >= everyNanos;
    if (due) {
      lastNanos = nowNanos;
      lastSettled = settled;
    }
    return due;
  }
}

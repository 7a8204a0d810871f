package network.deai.node.chain;

import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Arrays;

/**
 * Which of several RPC endpoints a request goes to. An endpoint that failed (transport error,
 * timeout, HTTP 429 or 5xx, malformed JSON) is left alone for a back-off that doubles with each
 * failure in a row; one that answers with another chain id, or whose head lags the best head seen
 * on any endpoint by more than {@code maxLagBlocks}, is treated as failed too. Requests stick to
 * the current endpoint while it stays healthy. Thread-safe; time comes from the injected clock.
 */
public final class EndpointHealth {
  /** How long a failed endpoint rests, and how far behind the best head an endpoint may be. */
  public record Settings(Duration baseBackOff, Duration maxBackOff, long maxLagBlocks) {
    /** Checks that the back-offs are positive and ordered and the lag is not negative. */
    public Settings {
      if (baseBackOff.isNegative()
          || baseBackOff.isZero()
          || maxBackOff.compareTo(baseBackOff) < 0
          || maxLagBlocks < 0) {
        throw new IllegalArgumentException(
            "need 0 < baseBackOff <= maxBackOff and maxLagBlocks >= 0");
      }
    }

    /** One second doubling up to thirty, and eight blocks of lag. */
    public static Settings defaults() {
      return new Settings(Duration.ofSeconds(1), Duration.ofSeconds(30), 8);
    }
  }

  private final Settings settings;
  private final InstantSource clock;
  private final Instant[] restingUntil;
  private final int[] failuresInARow;
  private final boolean[] checked;
  private long bestHead = -1;
  private int current;

  /** {@code count} endpoints, all healthy and not yet checked. */
  public EndpointHealth(int count, Settings settings, InstantSource clock) {
    if (count < 1) {
      throw new IllegalArgumentException("need at least one endpoint");
    }
    this.settings = settings;
    this.clock = clock;
    this.restingUntil = new Instant[count];
    Arrays.fill(restingUntil, Instant.MIN);
    this.failuresInARow = new int[count];
    this.checked = new boolean[count];
  }

  /** How many endpoints there are. */
  public int count() {
    return restingUntil.length;
  }

  /**
   * The endpoint for the next attempt of a request that already tried those marked in {@code
   * tried}: the current one if healthy, else the next healthy one in order, else the untried one
   * whose back-off ends first; -1 once every endpoint was tried.
   */
  public synchronized int pick(boolean[] tried) {
    Instant now = clock.instant();
    int n = count();
    int soonest = -1;
    for (int step = 0; step < n; step++) {
      int i = (current + step) % n;
      if (tried[i]) {
        continue;
      }
      if (!now.isBefore(restingUntil[i])) {
        current = i;
        return i;
      }
      if (soonest < 0 || restingUntil[i].isBefore(restingUntil[soonest])) {
        soonest = i;
      }
    }
    return soonest;
  }

  /** Whether endpoint {@code i} must show its chain id before it serves requests. */
  public synchronized boolean needsCheck(int i) {
    return !checked[i];
  }

  /** Records a failed request on {@code i}: it rests, and is checked again before it serves. */
  public synchronized void failed(int i) {
    failuresInARow[i] = Math.min(failuresInARow[i] + 1, 30);
    long base = settings.baseBackOff().toMillis();
    long rest = Math.min(settings.maxBackOff().toMillis(), base << (failuresInARow[i] - 1));
    restingUntil[i] = clock.instant().plusMillis(rest);
    checked[i] = false;
  }

  /** Records a good answer from {@code i}. */
  public synchronized void succeeded(int i) {
    failuresInARow[i] = 0;
  }

  /**
   * Records the chain id {@code i} reported; false (and {@code i} rests) when it is not {@code
   * expected}.
   */
  public synchronized boolean chainId(int i, long reported, long expected) {
    if (reported != expected) {
      failed(i);
      return false;
    }
    checked[i] = true;
    return true;
  }

  /**
   * Records the head {@code i} reported; false (and {@code i} rests) when it lags the best head
   * seen on any endpoint by more than the allowed number of blocks.
   */
  public synchronized boolean head(int i, long reported) {
    bestHead = Math.max(bestHead, reported);
    if (reported + settings.maxLagBlocks() < bestHead) {
      failed(i);
      return false;
    }
    return true;
  }

  /** The highest head any endpoint reported; -1 before the first. */
  public synchronized long bestHead() {
    return bestHead;
  }
}

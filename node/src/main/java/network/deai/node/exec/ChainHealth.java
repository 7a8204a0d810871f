package network.deai.node.exec;

import java.time.Duration;
import java.time.InstantSource;
import org.jspecify.annotations.Nullable;

/**
 * Whether the node is following the chain, from the worker's status snapshots: healthy while the
 * last successful poll is at most {@link Limits#maxPollAge()} old and a new block was seen within
 * {@link Limits#maxHeadStall()}. Failed polls never count as progress; a snapshot with an error
 * only says the last success was earlier. Thread-safe.
 */
public final class ChainHealth {

  /** How old the last successful poll and the last new block may be; a zero stall disables it. */
  public record Limits(Duration maxPollAge, Duration maxHeadStall) {
    /** Checks the poll age is positive and the stall not negative. */
    public Limits {
      if (maxPollAge.toMillis() <= 0 || maxHeadStall.isNegative()) {
        throw new IllegalArgumentException("health limits must be positive");
      }
    }

    /** 30 s without a successful poll, 2 min without a new block. */
    public static Limits defaults() {
      return new Limits(Duration.ofSeconds(30), Duration.ofMinutes(2));
    }
  }

  /** The answer of {@code /health}: {@code status} is ok, starting, stale or stalled. */
  public record Verdict(String status, long block, long pollAgeMillis, long headAgeMillis) {
    /** True when the status is ok. */
    public boolean ok() {
      return status.equals("ok");
    }
  }

  private final Limits limits;
  private final InstantSource clock;
  private final long startedMillis;
  private long lastSuccessMillis = -1;
  private long lastBlock = -1;
  private long lastAdvanceMillis = -1;

  /** Health judged against {@code limits} from now on. */
  public ChainHealth(Limits limits, InstantSource clock) {
    this.limits = limits;
    this.clock = clock;
    this.startedMillis = clock.millis();
  }

  /** Records a snapshot: without an error it is a successful poll at its time. */
  public void observe(WorkerService.Snapshot snapshot) {
    if (snapshot.lastError() == null && snapshot.lastPollMillis() > 0) {
      pollSucceeded(snapshot.block(), snapshot.lastPollMillis());
    }
  }

  /** Records a successful poll at {@code atMillis} that saw head {@code block}. */
  public synchronized void pollSucceeded(long block, long atMillis) {
    lastSuccessMillis = Math.max(lastSuccessMillis, atMillis);
    if (block > lastBlock) {
      lastBlock = block;
      lastAdvanceMillis = atMillis;
    }
  }

  /** Judges now, after observing {@code latest} when there is one. */
  public Verdict verdict(WorkerService.@Nullable Snapshot latest) {
    if (latest != null) {
      observe(latest);
    }
    return verdict();
  }

  /** Judges now. */
  public synchronized Verdict verdict() {
    long now = clock.millis();
    long pollAge = lastSuccessMillis < 0 ? now - startedMillis : now - lastSuccessMillis;
    long headAge = lastAdvanceMillis < 0 ? now - startedMillis : now - lastAdvanceMillis;
    long stall = limits.maxHeadStall().toMillis();
    String status;
    if (pollAge > limits.maxPollAge().toMillis()) {
      status = "stale";
    } else if (stall > 0 && headAge > stall) {
      status = "stalled";
    } else if (lastSuccessMillis < 0) {
      status = "starting";
    } else {
      status = "ok";
    }
    return new Verdict(status, lastBlock, pollAge, headAge);
  }
}

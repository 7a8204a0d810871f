package network.deai.node.chain;

import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the RPC steps of a node's start, waiting out transient failures ({@link
 * RpcFailures#isTransient}) with a doubling backoff (0.5 s up to 10 s) until one total budget,
 * shared by every step, is spent; a permanent failure is rethrown at once. One WARN line per retry
 * says which step failed, why, and how long the node waits. A process restarted by a supervisor
 * costs a fresh JVM per try; waiting here keeps a restarted node's commit window.
 */
public final class StartupRetry {
  private static final Logger LOG = LoggerFactory.getLogger(StartupRetry.class);
  private static final Duration FIRST_WAIT = Duration.ofMillis(500);
  private static final Duration LONGEST_WAIT = Duration.ofSeconds(10);

  /** Sleeps; a fake in tests. */
  interface Sleeper {
    void sleep(Duration duration) throws InterruptedException;
  }

  private final Duration budget;
  private final LongSupplier nanoTime;
  private final Sleeper sleeper;
  private final long deadline;

  StartupRetry(Duration budget, LongSupplier nanoTime, Sleeper sleeper) {
    this.budget = budget;
    this.nanoTime = nanoTime;
    this.sleeper = sleeper;
    this.deadline = nanoTime.getAsLong() + budget.toNanos();
  }

  /** Retries for at most {@code budget} from now, in all steps together (zero: never). */
  public static StartupRetry within(Duration budget) {
    return new StartupRetry(budget, System::nanoTime, d -> Thread.sleep(d.toMillis()));
  }

  /** Runs {@code step}, described by {@code what} ("reading the nonce"), until it succeeds. */
  public <T> T call(String what, Supplier<T> step) {
    Duration wait = FIRST_WAIT;
    for (int attempt = 1; ; attempt++) {
      try {
        return step.get();
      } catch (RuntimeException e) {
        if (!RpcFailures.isTransient(e)) {
          throw e;
        }
        long left = deadline - nanoTime.getAsLong();
        if (left <= 0) {
          throw gaveUp(what, e);
        }
        Duration pause = Duration.ofNanos(Math.min(wait.toNanos(), left));
        LOG.warn(
            "start: {} failed ({}); trying again in {} ms (try {}), giving up in {} s",
            what,
            RpcFailures.describe(e),
            pause.toMillis(),
            attempt + 1,
            Duration.ofNanos(left).toSeconds());
        sleep(pause, what, e);
        wait =
            wait.multipliedBy(2).compareTo(LONGEST_WAIT) > 0 ? LONGEST_WAIT : wait.multipliedBy(2);
      }
    }
  }

  /** Like {@link #call}, for a step without a result. */
  public void run(String what, Runnable step) {
    call(
        what,
        () -> {
          step.run();
          return Boolean.TRUE;
        });
  }

  private void sleep(Duration pause, String what, RuntimeException cause) {
    try {
      sleeper.sleep(pause);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw gaveUp(what, cause);
    }
  }

  private UncheckedIOException gaveUp(String what, RuntimeException last) {
    return new UncheckedIOException(
        "the RPC endpoint kept failing while "
            + what
            + " ("
            + RpcFailures.describe(last)
            + ") for "
            + budget.toSeconds()
            + " s: check that rpc_url answers, or raise startup_retry_ms",
        new java.io.IOException(last));
  }
}

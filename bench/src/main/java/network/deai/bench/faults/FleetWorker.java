package network.deai.bench.faults;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import network.deai.node.testing.PausingWorker;
import network.deai.node.testing.RpcProxy;
import network.deai.node.testing.WorkerProcess;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.web3j.crypto.Credentials;

/**
 * One honest worker of the faults bench: a {@link PausingWorker} process behind its own {@link
 * RpcProxy}, killed when it reaches its current {@link CrashPoint} and restarted from its data
 * directory, and whose disk can be filled for a while ({@code prlimit} on the process's file-size
 * limit: writes then fail as on a full disk, for every file it writes).
 */
final class FleetWorker implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(FleetWorker.class);
  private static final int MAX_FAILED_STARTS = 20;

  final Credentials key;
  final RpcProxy proxy;
  private final String commitSelector;
  private final Map<String, String> env;
  private final Path log;
  private final java.util.concurrent.atomic.AtomicInteger failedStarts =
      new java.util.concurrent.atomic.AtomicInteger();
  private final java.util.concurrent.atomic.AtomicLong slowestRestartNanos =
      new java.util.concurrent.atomic.AtomicLong();
  private volatile @Nullable WorkerProcess process;
  private volatile @Nullable CrashPoint armed;
  private volatile boolean restarting;
  private volatile @Nullable RuntimeException restartFailure;

  FleetWorker(
      Credentials key, RpcProxy proxy, Map<String, String> env, Path log, String commitSelector) {
    this.key = key;
    this.commitSelector = commitSelector;
    this.proxy = proxy;
    this.env = env;
    this.log = log;
  }

  /**
   * Starts (or restarts) the worker; it pauses at {@code point} (null: never) for a kill. A start
   * that fails (the node refuses to start while its RPC endpoint misbehaves) is retried after a
   * second, as a process supervisor would.
   */
  void start(@Nullable CrashPoint point) throws IOException, InterruptedException {
    armed = point;
    // Broadcasts go through while it starts, so a commit it signed before a kill is re-broadcast
    // (a refusal that outlasts the whole window would be a real no-show, not a crash to survive);
    // the refusal for the next crash point is armed once it runs.
    proxy.refuseBroadcasts(null);
    String step = point == null ? "none" : point.step();
    for (int failed = 0; ; failed++) {
      WorkerProcess started = WorkerProcess.startPausing(env, step, log);
      try {
        started.await("worker running", Duration.ofMinutes(2));
        process = started;
        proxy.refuseBroadcasts(point != null && point.broadcastRefused() ? commitSelector : null);
        return;
      } catch (IllegalStateException e) {
        started.kill();
        failedStarts.incrementAndGet();
        if (failed >= MAX_FAILED_STARTS) {
          throw new IllegalStateException(
              "worker " + key.getAddress() + " did not start; see " + log, e);
        }
        LOG.warn(
            "worker {} did not start ({}); starting it again", key.getAddress(), e.getMessage());
        Thread.sleep(1_000);
      }
    }
  }

  /** The point it was armed for, once it has paused there; empty while it has not. */
  Optional<CrashPoint> paused() {
    WorkerProcess p = process;
    CrashPoint point = armed;
    if (p == null || point == null) {
      return Optional.empty();
    }
    return p.poll("paused after " + point.step()).map(line -> point);
  }

  /**
   * Kills it and starts it again armed for {@code point}, on its own thread (a supervisor restarts
   * each process independently); {@link #restarting} until it runs again.
   */
  void restart(@Nullable CrashPoint point) throws InterruptedException {
    kill();
    restarting = true;
    long killed = System.nanoTime();
    Thread.ofVirtual()
        .name("restart-" + key.getAddress())
        .start(
            () -> {
              try {
                start(point);
                slowestRestartNanos.accumulateAndGet(System.nanoTime() - killed, Math::max);
              } catch (IOException | InterruptedException | RuntimeException e) {
                restartFailure = new IllegalStateException("restarting a worker failed", e);
              } finally {
                restarting = false;
              }
            });
  }

  /** Whether a restart is under way. */
  boolean restarting() {
    return restarting;
  }

  /** Throws the failure of the last restart, if it failed. */
  void checkRestarted() {
    RuntimeException failure = restartFailure;
    if (failure != null) {
      throw failure;
    }
  }

  /** How many starts failed so far (and were tried again). */
  int failedStarts() {
    return failedStarts.get();
  }

  /** The longest time from a kill to running again, in seconds. */
  double slowestRestartSeconds() {
    return slowestRestartNanos.get() / 1e9;
  }

  /** Whether the process died on its own (not killed by the bench). */
  boolean exited() {
    WorkerProcess p = process;
    return p != null && !p.alive();
  }

  /** The point it is armed for (null: none). */
  @Nullable CrashPoint armed() {
    return armed;
  }

  /** SIGKILL. */
  void kill() throws InterruptedException {
    WorkerProcess p = process;
    if (p != null) {
      p.kill();
    }
    process = null;
    proxy.refuseBroadcasts(null);
  }

  /**
   * Sets the soft file-size limit of the running process: {@code bytes} (writes past it fail with
   * "File too large") or unlimited (null). False when there is no process or {@code prlimit}
   * failed.
   */
  boolean limitFileSize(@Nullable Long bytes) throws IOException, InterruptedException {
    WorkerProcess p = process;
    if (p == null || !p.alive()) {
      return false;
    }
    String limit = (bytes == null ? "unlimited" : Long.toString(bytes)) + ":";
    Process prlimit =
        new ProcessBuilder("prlimit", "--pid", Long.toString(p.pid()), "--fsize=" + limit)
            .redirectErrorStream(true)
            .start();
    String output =
        new String(prlimit.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8)
            .strip();
    int status = prlimit.waitFor();
    if (status != 0) {
      LOG.warn("prlimit on worker {} failed ({}): {}", key.getAddress(), status, output);
    }
    return status == 0;
  }

  @Override
  public void close() {
    WorkerProcess p = process;
    if (p != null) {
      p.close();
    }
    process = null;
  }
}

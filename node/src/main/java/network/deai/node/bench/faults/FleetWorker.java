package network.deai.node.bench.faults;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
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

  final Credentials key;
  final RpcProxy proxy;
  private final Map<String, String> env;
  private final Path log;
  private @Nullable WorkerProcess process;
  private @Nullable CrashPoint armed;

  FleetWorker(Credentials key, RpcProxy proxy, Map<String, String> env, Path log) {
    this.key = key;
    this.proxy = proxy;
    this.env = env;
    this.log = log;
  }

  /** Starts (or restarts) the worker; it pauses at {@code point} (null: never) for a kill. */
  void start(@Nullable CrashPoint point) throws IOException, InterruptedException {
    armed = point;
    proxy.refuseBroadcasts(point != null && point.broadcastRefused());
    Map<String, String> withStep = new HashMap<>(env);
    WorkerProcess started =
        WorkerProcess.startPausing(withStep, point == null ? "none" : point.step(), log);
    process = started;
    started.await("worker running", Duration.ofMinutes(2));
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

  /** SIGKILL. */
  void kill() throws InterruptedException {
    WorkerProcess p = process;
    if (p != null) {
      p.kill();
    }
    process = null;
    proxy.refuseBroadcasts(false);
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

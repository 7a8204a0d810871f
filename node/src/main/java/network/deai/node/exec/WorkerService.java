package network.deai.node.exec;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import network.deai.node.chain.LogPoller;
import network.deai.node.chain.StartupRetry;
import network.deai.node.chain.TaskManagerClient;
import network.deai.node.chain.TransactionSender;
import network.deai.node.domain.BlockRate;
import network.deai.node.domain.Node;
import network.deai.node.domain.TaskLedger;
import network.deai.node.journal.Journal;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The worker: follows the contract's logs from a checkpoint, journals each assignment before the
 * checkpoint moves on, runs the task, journals result and salt, commits, reveals once the reveal
 * window opens, and finalizes. Each task is driven by reconciling its journal stage with its
 * on-chain state on every new block, so a restarted worker picks up wherever it stopped.
 *
 * <p>This class is the lifecycle shell and the chain loop: {@link TaskIntake} reads the logs,
 * {@link TaskExecution} runs tasks, {@link TaskReconciler} performs each task's {@link
 * network.deai.node.domain.TaskStep}, {@link WorkerStatus} keeps what {@code /status} shows, and
 * draining (stopping, or the operator's {@link PauseFlag}) is decided here.
 */
public final class WorkerService implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(WorkerService.class);

  /**
   * How the service runs; {@code requests} is where the operator's commands leave {@link
   * OperatorRequest}s.
   */
  public record Settings(
      Duration pollInterval,
      int parallelism,
      java.nio.file.@Nullable Path pauseFlag,
      java.nio.file.@Nullable Path requests) {
    /** Settings without a pause flag or operator requests. */
    public Settings(Duration pollInterval, int parallelism) {
      this(pollInterval, parallelism, null, null);
    }
  }

  /** What {@code /status} and {@code /health} show; refreshed by the chain loop. */
  public record Snapshot(
      String address,
      long block,
      long checkpoint,
      long lastPollMillis,
      Map<TaskLedger.Stage, Integer> tasksByStage,
      int openTasks,
      String stakeWei,
      String nodeStatus,
      @Nullable String lastError,
      boolean draining,
      int atStake,
      List<OperatorRequest.Outcome> operatorRequests) {
    /** A snapshot with no operator request answered. */
    public Snapshot(
        String address,
        long block,
        long checkpoint,
        long lastPollMillis,
        Map<TaskLedger.Stage, Integer> tasksByStage,
        int openTasks,
        String stakeWei,
        String nodeStatus,
        @Nullable String lastError,
        boolean draining,
        int atStake) {
      this(
          address,
          block,
          checkpoint,
          lastPollMillis,
          tasksByStage,
          openTasks,
          stakeWei,
          nodeStatus,
          lastError,
          draining,
          atStake,
          List.of());
    }
  }

  private final Settings settings;
  private final TaskManagerClient client;
  private final LogPoller poller;
  private final Metrics metrics;
  private final OpenTasks open;
  private final PendingTaskStarter starts;
  private final BlockRate blockRate = new BlockRate(Duration.ofSeconds(1), 256);
  private final WorkerStatus status;
  private final TaskExecution execution;
  private final TaskIntake intake;
  private final TaskLoop tasks;
  private volatile boolean running;
  private volatile boolean stopping;
  private final PauseFlag pauseFlag;
  private final OperatorRequests requests;
  private volatile boolean paused;
  private volatile @Nullable Thread loop;
  private long lastBlock = -1;

  /**
   * Wires the service, telling {@code listener} of each protocol step ({@link StepListener#NONE}:
   * nobody); {@link #start(StartupRetry)} begins following the chain.
   */
  public WorkerService(
      Settings settings,
      TaskManagerClient client,
      TransactionSender sender,
      Journal journal,
      LogPoller poller,
      TaskRunner runner,
      Metrics metrics,
      StepListener listener) {
    this.settings = settings;
    this.client = client;
    this.poller = poller;
    this.metrics = metrics;
    this.pauseFlag = new PauseFlag(settings.pauseFlag());
    this.requests = new OperatorRequests(settings.requests(), client, sender);
    WorkerParts parts = WorkerParts.wire(client, sender, journal, metrics, listener);
    this.open = parts.open();
    this.starts = parts.starts();
    this.status = new WorkerStatus(client, journal, parts.me());
    this.execution = new TaskExecution(settings.parallelism(), parts, runner, blockRate);
    this.intake = new TaskIntake(parts, execution, status::node, this::draining);
    this.tasks =
        new TaskLoop(
            open,
            new TaskReconciler(parts, execution, this::drainingWhy),
            sender,
            System.nanoTime());
  }

  /**
   * Reads the node's registry entry, resumes unfinished tasks from the journal and starts the chain
   * loop; {@code retry} waits out transient RPC failures of those reads.
   */
  public void start(StartupRetry retry) {
    metrics.gauge(
        "chain_block_interval_ms",
        () -> blockRate.fastestInterval().map(Duration::toMillis).orElse(-1L));
    retry.call("reading the node's registry entry", status::readNode);
    retry.run("resuming the journalled tasks", intake::resume);
    running = true;
    Thread thread = Thread.ofPlatform().name("chain-loop").daemon().start(this::runLoop);
    loop = thread;
  }

  /** The latest status. */
  public Snapshot snapshot() {
    return status.snapshot();
  }

  /** The worker's metrics. */
  public Metrics metrics() {
    return metrics;
  }

  private void runLoop() {
    String lastError = null;
    while (running) {
      try {
        tick();
        lastError = null;
      } catch (RuntimeException e) {
        if (!running) {
          return;
        }
        metrics.increment("rpc_errors_total");
        if (!String.valueOf(e.getMessage()).equals(lastError)) {
          LOG.warn("chain loop: {} (retrying)", e.getMessage());
        }
        lastError = String.valueOf(e.getMessage());
        publish(lastError);
      }
      try {
        Thread.sleep(settings.pollInterval().toMillis());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }

  /**
   * Drains for good (the process is stopping): abstains from every task assigned from now on and
   * from assigned tasks not yet running, and finishes those running or committed to. The contract
   * has no pause, so selection still picks this node; only {@code exit} stops that.
   */
  public void drain(String why) {
    if (!stopping) {
      stopping = true;
      LOG.info("draining ({}): abstaining from new tasks, finishing {} open", why, atStake());
    }
  }

  /** Whether the worker drains: stopping, paused by the operator's flag file, or exiting. */
  public boolean draining() {
    return drainingWhy() != null;
  }

  /** Why the worker drains, as the abstentions it sends say; null when it does not drain. */
  private @Nullable String drainingWhy() {
    if (stopping) {
      return "the node is stopping";
    }
    if (paused) {
      return "the node is paused";
    }
    return requests.exiting() ? "the node is exiting" : null;
  }

  /**
   * The open tasks that still need this worker to avoid a penalty (assigned, prepared or committed,
   * not yet revealed); a draining worker may stop once this is zero.
   */
  public int atStake() {
    return open.atStake();
  }

  private void tick() {
    paused = pauseFlag.check(this::atStake);
    requests.poll();
    long block = client.blockNumber();
    long now = System.nanoTime();
    blockRate.observe(block, now);
    poller.poll(intake::onLog);
    tasks.tick(block, now);
    if (block != lastBlock) {
      status.onBlock(block);
      requests.onBlock();
      Node info = status.node();
      if (info != null && !draining()) {
        starts.help(block, open.isEmpty(), info);
      }
      lastBlock = block;
    }
    publish(null);
  }

  private void publish(@Nullable String error) {
    status.publish(
        lastBlock,
        poller.checkpoint().number(),
        open.size(),
        error,
        draining(),
        atStake(),
        requests.outcomes());
  }

  @Override
  public void close() {
    running = false;
    Thread thread = loop;
    if (thread != null) {
      thread.interrupt();
      try {
        thread.join(5_000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    execution.close();
    requests.close();
  }
}

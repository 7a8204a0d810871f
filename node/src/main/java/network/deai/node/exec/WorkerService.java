package network.deai.node.exec;

import java.math.BigInteger;
import java.time.Duration;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicReference;
import network.deai.contracts.abi.Address;
import network.deai.contracts.abi.Bytes32;
import network.deai.contracts.gen.TaskManager;
import network.deai.node.chain.LogPoller;
import network.deai.node.chain.TaskManagerClient;
import network.deai.node.chain.TaskStarter;
import network.deai.node.chain.TransactionSender;
import network.deai.node.domain.BlockRate;
import network.deai.node.domain.DrainDecision;
import network.deai.node.domain.JournalEntry;
import network.deai.node.domain.Mode;
import network.deai.node.domain.Node;
import network.deai.node.domain.Replica;
import network.deai.node.domain.Task;
import network.deai.node.domain.TaskLedger;
import network.deai.node.domain.TaskState;
import network.deai.node.domain.WindowBudget;
import network.deai.node.journal.Journal;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.web3j.abi.EventEncoder;
import org.web3j.protocol.core.methods.response.Log;

/**
 * The worker: follows the contract's logs from a checkpoint, journals each assignment before the
 * checkpoint moves on, runs the task, journals result and salt, commits, reveals once the reveal
 * window opens, and finalizes. Each task is driven by reconciling its journal stage with its
 * on-chain state on every new block, so a restarted worker picks up wherever it stopped.
 */
public final class WorkerService implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(WorkerService.class);
  private static final String TASK_STARTED = EventEncoder.encode(TaskManager.TASKSTARTED_EVENT);
  private static final String TASK_CREATED = EventEncoder.encode(TaskManager.TASKCREATED_EVENT);
  private static final String COMMITTED = EventEncoder.encode(TaskManager.COMMITTED_EVENT);
  private static final String TASK_PENDING = EventEncoder.encode(TaskManager.TASKPENDING_EVENT);
  private static final String ABSTAINED = EventEncoder.encode(TaskManager.REPLICAABSTAINED_EVENT);
  private static final String ESCALATED = EventEncoder.encode(TaskManager.TASKESCALATED_EVENT);
  private static final BigInteger COPY_GAS = BigInteger.valueOf(200_000);
  private static final BigInteger ABSTAIN_GAS = BigInteger.valueOf(1_000_000);

  /** Blocks before the commit deadline from which a replica that cannot get its inputs abstains. */
  private static final long ABSTAIN_MARGIN = 2;

  /**
   * Blocks left for the commit to be mined once the result is ready, when deciding whether a task's
   * commit window is long enough to run it at all.
   */
  private static final WindowBudget WINDOW_BUDGET = new WindowBudget(ABSTAIN_MARGIN);

  private static final BigInteger FINALIZE_GAS = BigInteger.valueOf(2_000_000);
  private static final Duration RETRY_AFTER = Duration.ofSeconds(2);
  private static final Duration STALE_AFTER = Duration.ofSeconds(30);

  /**
   * How the service runs; {@code pauseAfter} (prepare, broadcast, commit or reveal) is a crash-test
   * hook; {@code requests} is where the operator's commands leave {@link OperatorRequest}s.
   */
  public record Settings(
      Duration pollInterval,
      int parallelism,
      @Nullable String pauseAfter,
      java.nio.file.@Nullable Path pauseFlag,
      java.nio.file.@Nullable Path requests) {
    /** Settings without a pause flag or operator requests. */
    public Settings(Duration pollInterval, int parallelism, @Nullable String pauseAfter) {
      this(pollInterval, parallelism, pauseAfter, null, null);
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
  private final TransactionSender sender;
  private final Journal journal;
  private final LogPoller poller;
  private final TaskRunner runner;
  private final Metrics metrics;
  private final Address me;
  private final ExecutorService pool;
  private final Map<BigInteger, Work> open = new ConcurrentHashMap<>();
  private final PendingTaskStarter starts;
  private final CommitReveal steps;
  private final SampledSeat sampledSeat;
  private final OperatorRequests requests;
  private final BlockRate blockRate = new BlockRate(Duration.ofSeconds(1), 256);
  private volatile @Nullable Node nodeInfo;
  private final AtomicReference<Snapshot> snapshot;
  private volatile boolean running;
  private volatile boolean stopping;
  private volatile boolean paused;
  private volatile @Nullable Thread loop;
  private long lastBlock = -1;

  /** The per-task bookkeeping that is not worth journaling. */
  private static final class Work {
    final BigInteger taskId;
    final int index;
    final long seenNanos;
    volatile boolean executing;

    /**
     * Set by whichever comes first: the execution about to commit its result, or an abstention
     * (declined, inputs unavailable, or the execution still running as the deadline nears).
     */
    final java.util.concurrent.atomic.AtomicBoolean decided =
        new java.util.concurrent.atomic.AtomicBoolean();

    volatile long commitDeadline = Long.MAX_VALUE;
    volatile long retryAtNanos;
    volatile long attemptBlock;
    volatile @Nullable String unavailable;
    long finalizeBlock = -1;

    Work(BigInteger taskId, int index, long seenNanos) {
      this.taskId = taskId;
      this.index = index;
      this.seenNanos = seenNanos;
    }
  }

  /** Wires the service; {@link #start()} begins following the chain. */
  public WorkerService(
      Settings settings,
      TaskManagerClient client,
      TransactionSender sender,
      Journal journal,
      LogPoller poller,
      TaskRunner runner,
      Metrics metrics) {
    this.settings = settings;
    this.client = client;
    this.sender = sender;
    this.journal = journal;
    this.poller = poller;
    this.runner = runner;
    this.metrics = metrics;
    this.me = Address.of(sender.address());
    this.starts = new PendingTaskStarter(new TaskStarter(client, sender), metrics);
    this.sampledSeat = new SampledSeat(client, new TaskStarter(client, sender), metrics);
    this.steps = new CommitReveal(client, sender, journal, metrics, settings.pauseAfter());
    this.requests = new OperatorRequests(settings.requests(), client, sender);
    this.pool =
        Executors.newFixedThreadPool(
            settings.parallelism(), Thread.ofPlatform().name("task-", 0).daemon().factory());
    this.snapshot =
        new AtomicReference<>(
            new Snapshot(
                me.hex(),
                -1,
                -1,
                0,
                new EnumMap<>(TaskLedger.Stage.class),
                0,
                "?",
                "?",
                null,
                false,
                0));
  }

  /** Resumes unfinished tasks from the journal and starts the chain loop. */
  public void start() {
    metrics.gauge(
        "chain_block_interval_ms",
        () -> blockRate.fastestInterval().map(Duration::toMillis).orElse(-1L));
    nodeInfo = client.node(me.hex());
    for (BigInteger taskId : journal.ledger().unfinished()) {
      int index = indexOf(client.replicas(taskId));
      if (index < 0) {
        journal.append(new JournalEntry.TaskClosed(taskId, "not-a-replica"));
      } else {
        LOG.info("resuming task {} from the journal", taskId);
        open.put(taskId, new Work(taskId, index, System.nanoTime()));
      }
    }
    running = true;
    Thread thread = Thread.ofPlatform().name("chain-loop").daemon().start(this::runLoop);
    loop = thread;
  }

  /** The latest status. */
  public Snapshot snapshot() {
    return java.util.Objects.requireNonNull(snapshot.get());
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
    return stopping || paused || requests.exiting();
  }

  /**
   * The open tasks that still need this worker to avoid a penalty (assigned, prepared or committed,
   * not yet revealed); a draining worker may stop once this is zero.
   */
  public int atStake() {
    int count = 0;
    for (Work work : open.values()) {
      if (DrainDecision.atStake(stage(work))) {
        count++;
      }
    }
    return count;
  }

  private void watchPauseFlag() {
    java.nio.file.Path flag = settings.pauseFlag();
    boolean now = flag != null && java.nio.file.Files.exists(flag);
    if (now != paused) {
      paused = now;
      if (now) {
        LOG.info(
            "paused ({} exists): abstaining from new tasks, finishing {} open; selection still"
                + " picks this node, deai node exit stops that",
            flag,
            atStake());
      } else {
        LOG.info("resumed: taking new tasks");
      }
    }
  }

  private void tick() {
    watchPauseFlag();
    requests.poll();
    long block = client.blockNumber();
    long now = System.nanoTime();
    blockRate.observe(block, now);
    poller.poll(this::onLog);
    // Open tasks are also looked at again every RETRY_AFTER without a new block: on a chain that
    // mines only when a transaction arrives, a worker whose send failed would otherwise wait for
    // a block that nobody makes.
    boolean retry = !open.isEmpty() && now - reconciledNanos >= RETRY_AFTER.toNanos();
    if (block != lastBlock || retry) {
      reconciledNanos = now;
      for (Work work : open.values()) {
        reconcile(work, block);
      }
      if (sender.settle() > 0) {
        sender.bumpStale(STALE_AFTER); // not mined for a while: same nonce, higher price
      }
    }
    if (block != lastBlock) {
      refreshNode(block);
      requests.onBlock();
      Node info = nodeInfo;
      if (info != null && !draining()) {
        starts.help(block, open.isEmpty(), info);
      }
      lastBlock = block;
      countStages();
    }
    publish(null);
  }

  private long reconciledNanos = System.nanoTime();

  private final String[] node = {"?", "?"};
  private long nodeRefreshedBlock = -100;

  private void refreshNode(long block) {
    if (block >= nodeRefreshedBlock + 10) {
      Node info = client.node(me.hex());
      nodeInfo = info;
      node[0] = info.stake().toString();
      node[1] = info.status().solidityName();
      nodeRefreshedBlock = block;
    }
  }

  private Map<TaskLedger.Stage, Integer> stages = new EnumMap<>(TaskLedger.Stage.class);

  /** Once per block, not per poll: the ledger holds every task the node ever served. */
  private void countStages() {
    Map<TaskLedger.Stage, Integer> counts = new EnumMap<>(TaskLedger.Stage.class);
    journal.ledger().stages().forEach((id, stage) -> counts.merge(stage, 1, Integer::sum));
    stages = counts;
  }

  private void publish(@Nullable String error) {
    snapshot.set(
        new Snapshot(
            me.hex(),
            lastBlock,
            poller.checkpoint().number(),
            System.currentTimeMillis(),
            stages,
            open.size(),
            node[0],
            node[1],
            error,
            draining(),
            atStake(),
            requests.outcomes()));
  }

  private void onLog(Log log) {
    List<String> topics = log.getTopics();
    if (topics.isEmpty()) {
      return;
    }
    String topic = topics.get(0);
    if (topic.equals(TASK_CREATED)) {
      onCreated(TaskManager.getTaskCreatedEventFromLog(log));
    } else if (topic.equals(TASK_PENDING)) {
      starts.reseeded(TaskManager.getTaskPendingEventFromLog(log));
    } else if (topic.equals(TASK_STARTED)) {
      TaskManager.TaskStartedEventResponse event = TaskManager.getTaskStartedEventFromLog(log);
      starts.started(event.taskId);
      int position = indexOf(event.workers.stream().map(Object::toString).toList());
      assign(event.taskId, position < 0 ? -1 : event.firstIndex.intValueExact() + position);
    } else if (topic.equals(ESCALATED)) {
      Node info = nodeInfo;
      if (info != null) {
        starts.escalated(TaskManager.getTaskEscalatedEventFromLog(log), info);
      }
    } else if (topic.equals(ABSTAINED)) {
      TaskManager.ReplicaAbstainedEventResponse event =
          TaskManager.getReplicaAbstainedEventFromLog(log);
      if (Address.of(event.replacement).equals(me)) {
        assign(event.taskId, event.index.intValueExact());
      }
    } else if (topic.equals(COMMITTED) && runner.behaviour() == TaskRunner.Behaviour.COPYCAT) {
      copy(TaskManager.getCommittedEventFromLog(log));
    }
  }

  private void onCreated(TaskManager.TaskCreatedEventResponse created) {
    if (specs.size() > 10_000) {
      specs.clear(); // a bounded cache: taskCreated() finds evicted entries on chain
    }
    specs.put(created.taskId, new SpecRef(Bytes32.wrap(created.specDigest), created.specURI));
    Node info = nodeInfo;
    if (info != null) {
      starts.created(created, info);
    }
  }

  /**
   * This node became replica {@code index} of a task (drawn at start, or as the replacement of a
   * replica that abstained): journal it and run it. A task it abstained from before is abstained
   * from again at once, so it never commits to it.
   */
  private void assign(BigInteger taskId, int index) {
    if (index < 0) {
      return;
    }
    Optional<TaskLedger.Progress> known = journal.ledger().progress(taskId);
    if (known.isPresent()) {
      if (known.get().stage() == TaskLedger.Stage.CLOSED) {
        sendAbstain(taskId, "drawn again as a replacement for a task it abstained from");
      }
      return;
    }
    journal.append(new JournalEntry.TaskAssigned(taskId));
    metrics.increment("tasks_assigned_total");
    LOG.info("assigned task {} as replica {}", taskId, index);
    Work work = new Work(taskId, index, System.nanoTime());
    open.put(taskId, work);
    if (!draining()) {
      startExecution(work); // a draining worker abstains on this tick's reconcile
    }
  }

  private void copy(TaskManager.CommittedEventResponse event) {
    Work work = open.get(event.taskId);
    if (work != null
        && !Address.of(event.worker).equals(me)
        && stage(work) == TaskLedger.Stage.ASSIGNED) {
      Bytes32 copied = Bytes32.wrap(event.commitment);
      TransactionSender.Sent sent = steps.send(client.commitData(event.taskId, copied), COPY_GAS);
      journal.append(new JournalEntry.CommitSent(event.taskId, copied, sent.hash()));
      LOG.info("copied the commitment of {} for task {}", event.worker, event.taskId);
    }
  }

  private void startExecution(Work work) {
    if (runner.behaviour() == TaskRunner.Behaviour.NO_SHOW
        || runner.behaviour() == TaskRunner.Behaviour.COPYCAT
        || work.executing
        || System.nanoTime() < work.retryAtNanos) {
      return;
    }
    work.executing = true;
    pool.execute(() -> execute(work));
  }

  private void execute(Work work) {
    try {
      Task task = client.task(work.taskId);
      if (task.state() != TaskState.COMMITTING) {
        return;
      }
      work.commitDeadline = task.commitDeadline();
      work.attemptBlock = client.blockNumber();
      TaskRunner.Assignment assignment =
          new TaskRunner.Assignment(
              work.taskId,
              specDigest(work.taskId),
              specUri(work.taskId),
              task.mode() == Mode.SIMILAR,
              task.maxDistance(),
              mirrors(work.taskId));
      // Run outside the journal's lock: the chain loop journals reveals and abstentions meanwhile.
      TaskRunner.@Nullable Prepared ran =
          prepared(work).isPresent() ? null : runner.prepare(assignment, admission(task));
      if (!work.decided.compareAndSet(false, true)) {
        LOG.warn("task {}: result ready after the worker abstained; dropped", work.taskId);
        return;
      }
      long executionNanos = ran == null ? 0 : ran.executionNanos();
      JournalEntry.ResultPrepared prepared =
          journal.prepareOnce(
              work.taskId,
              salt -> {
                TaskRunner.Prepared p = java.util.Objects.requireNonNull(ran);
                return new JournalEntry.ResultPrepared(
                    work.taskId, p.resultDigest(), p.fingerprint(), salt, p.resultUri());
              });
      steps.pauseIf("prepare", work.taskId);
      steps.commit(work.taskId, prepared);
      metrics.recordOverhead(System.nanoTime() - work.seenNanos - executionNanos);
      steps.pauseIf("commit", work.taskId);
    } catch (TaskRunner.TransientFailure e) {
      orRetry(work, () -> retryOrAbstain(work, e.getMessage()));
    } catch (TaskRunner.Declined e) {
      metrics.increment("windows_too_short_total");
      orRetry(work, () -> abstain(work, e.getMessage()));
    } catch (RuntimeException e) {
      LOG.error("task {}: {}; trying again on the next block", work.taskId, e.getMessage(), e);
      work.retryAtNanos = System.nanoTime() + RETRY_AFTER.toNanos();
    } finally {
      work.executing = false;
    }
  }

  /**
   * Refuses to run a task whose commit window would pass, at the chain's fastest measured block
   * rate, before the expected execution and the commit's inclusion are done: abstaining now costs
   * nothing, missing the deadline costs the stake.
   */
  private TaskRunner.Admission admission(Task task) {
    return (executor, expected) -> {
      long block = Math.max(blockRate.head(), client.blockNumber());
      WindowBudget.Verdict verdict =
          WINDOW_BUDGET.decide(block, task.commitDeadline(), blockRate.fastestInterval(), expected);
      return switch (verdict) {
        case WindowBudget.Fits fits -> Optional.empty();
        case WindowBudget.TooShort s ->
            Optional.of(
                String.format(
                    java.util.Locale.ROOT,
                    "commit window too short: %d blocks left, about %d needed (executor '%s'"
                        + " expected to take %d ms, the chain mines a block every %d ms)",
                    s.blocksLeft(),
                    s.blocksNeeded(),
                    executor,
                    s.expected().toMillis(),
                    s.blockInterval().toMillis()));
      };
    };
  }

  /**
   * The inputs could not be fetched: try again later, unless the commit deadline is so close that
   * another try (after the retry wait, and taking as many blocks as this one did) would miss it;
   * then abstain, which costs nothing, instead of becoming a no-show. The chain loop also abstains
   * for it on the first block within {@link #ABSTAIN_MARGIN} of the deadline.
   */
  private void retryOrAbstain(Work work, @Nullable String why) {
    metrics.increment("inputs_unavailable_total");
    work.unavailable = String.valueOf(why);
    Task task = client.task(work.taskId);
    long block = client.blockNumber();
    long tookBlocks = Math.max(0, block - work.attemptBlock);
    // The next try starts only RETRY_AFTER from now: count the blocks that wait may take too.
    long waitBlocks =
        blockRate
            .fastestInterval()
            .map(i -> Math.ceilDiv(RETRY_AFTER.toMillis(), Math.max(1, i.toMillis())))
            .orElse(1L);
    if (block + ABSTAIN_MARGIN + waitBlocks + tookBlocks >= task.commitDeadline()) {
      abstain(work, why);
      return;
    }
    LOG.warn("task {}: {}; trying again", work.taskId, why);
    work.retryAtNanos = System.nanoTime() + RETRY_AFTER.toNanos();
  }

  /**
   * Runs a step taken after a failed or declined execution (reading the chain, sending an
   * abstention); an RPC error there must not kill the pool thread or leave the task without a next
   * try, so the task is tried again after {@link #RETRY_AFTER}.
   */
  private void orRetry(Work work, Runnable step) {
    try {
      step.run();
    } catch (RuntimeException e) {
      LOG.warn("task {}: {} (will retry)", work.taskId, e.getMessage());
      work.retryAtNanos = System.nanoTime() + RETRY_AFTER.toNanos();
    }
  }

  /** Steps back from a task it cannot run: no pay, no penalty, and never a commit afterwards. */
  private void abstain(Work work, @Nullable String why) {
    if (!work.decided.compareAndSet(false, true)) {
      return; // its result is being committed
    }
    try {
      sendAbstain(work.taskId, why);
    } catch (RuntimeException e) {
      work.decided.set(false); // not sent: the next try may abstain, or the result commit
      throw e;
    }
    journal.append(new JournalEntry.TaskClosed(work.taskId, "abstained"));
    open.remove(work.taskId);
    specs.remove(work.taskId);
    metrics.increment("tasks_closed_total{outcome=\"abstained\"}");
  }

  private void sendAbstain(BigInteger taskId, @Nullable String why) {
    TransactionSender.Sent sent = steps.send(client.abstainData(taskId), ABSTAIN_GAS);
    metrics.increment("abstains_sent_total");
    LOG.warn("task {}: abstained in {} ({})", taskId, sent.hash(), why);
  }

  private void reconcile(Work work, long block) {
    if (work.executing) {
      // Only this loop thread starts executions, so a task seen idle here stays idle until the
      // reconcile below is done; on an executing task the loop only abstains, claiming the task
      // through work.decided first, so the two never both act on it.
      abstainIfStillExecuting(work, block);
      return;
    }
    try {
      Task task = client.task(work.taskId);
      TaskState state = task.state();
      if (state.isFinal()) {
        close(work, state);
        return;
      }
      if (state == TaskState.PENDING) {
        sampledSeat.pending(work.taskId, work.index, task, block); // a sampled task's check
        return;
      }
      if (!task.seats().decides(work.index)) {
        return; // a first-round seat waits while the task escalates to fresh replicas
      }
      switch (stage(work)) {
        case ASSIGNED -> {
          long commitDeadline = task.commitDeadline();
          String unavailable = work.unavailable;
          if (state != TaskState.COMMITTING || block > commitDeadline) {
            return;
          }
          if (unavailable != null && block + ABSTAIN_MARGIN >= commitDeadline) {
            abstain(work, unavailable);
          } else if (DrainDecision.of(draining(), TaskLedger.Stage.ASSIGNED, work.executing)
              == DrainDecision.ABSTAIN) {
            metrics.increment("drain_abstains_total");
            abstain(
                work,
                "draining: " + (stopping ? "the node is stopping" : paused ? "paused" : "exiting"));
          } else {
            startExecution(work);
          }
        }
        case PREPARED ->
            steps.afterPrepared(work.taskId, work.index, task, block, prepared(work).orElseThrow());
        case COMMITTED -> reveal(work, task, block);
        case REVEALED -> finalizeIfDue(work, task, block);
        case CLOSED -> open.remove(work.taskId);
      }
    } catch (RuntimeException e) {
      LOG.warn("task {}: {} (will retry)", work.taskId, e.getMessage());
    }
  }

  /**
   * An execution still running when the commit deadline is within {@link #ABSTAIN_MARGIN} blocks (a
   * cold engine, a starved CPU, inputs slower than expected) would miss the deadline and cost the
   * stake: abstain instead, which costs nothing, and drop the result when it arrives.
   */
  private void abstainIfStillExecuting(Work work, long block) {
    if (work.decided.get() || block + ABSTAIN_MARGIN < work.commitDeadline) {
      return;
    }
    try {
      Task task = client.task(work.taskId);
      if (task.state() == TaskState.COMMITTING
          && task.seats().decides(work.index)
          && block + ABSTAIN_MARGIN >= task.commitDeadline()
          && stage(work) == TaskLedger.Stage.ASSIGNED) {
        metrics.increment("executions_too_slow_total");
        abstain(
            work,
            "still executing at block " + block + ", commit deadline " + task.commitDeadline());
      }
    } catch (RuntimeException e) {
      LOG.warn("task {}: {} (will retry)", work.taskId, e.getMessage());
    }
  }

  private void reveal(Work work, Task task, long block) {
    Optional<JournalEntry.ResultPrepared> prepared = prepared(work);
    if (prepared.isPresent()
        && steps.recommitIfDropped(work.taskId, work.index, task, block, prepared.get())) {
      return;
    }
    boolean due = task.state() == TaskState.REVEALING || block > task.commitDeadline();
    if (!due || prepared.isEmpty() || block > task.lastRevealBlock()) {
      finalizeIfDue(work, task, block);
      return;
    }
    steps.reveal(work.taskId, client.replica(work.taskId, work.index), prepared.get());
  }

  private void finalizeIfDue(Work work, Task task, long block) {
    if ((work.finalizeBlock >= 0 && block < work.finalizeBlock + 3)
        || !sampledSeat.finalizable(work.taskId, block)) {
      return;
    }
    int full = task.seats().decidingMask();
    int committed = task.committedMask() & full;
    int revealed = task.revealedMask() & full;
    boolean everyoneRevealed =
        revealed == committed
            && ((committed | (task.abstainedMask() & full)) == full
                || block > task.commitDeadline());
    long revealDeadline = task.lastRevealBlock();
    boolean due =
        everyoneRevealed
            ? work.index == Integer.numberOfTrailingZeros(revealed) || block > revealDeadline
            : block > revealDeadline + work.index;
    String data = client.finalizeData(work.taskId);
    if (due && client.simulate(me.hex(), data, BigInteger.ZERO).isEmpty()) {
      work.finalizeBlock = block;
      TransactionSender.Sent sent = steps.send(data, FINALIZE_GAS);
      metrics.increment("finalize_sent_total");
      LOG.info("task {}: finalize sent in {}", work.taskId, sent.hash());
    }
  }

  private void close(Work work, TaskState state) {
    Replica replica = client.replica(work.taskId, work.index);
    String outcome = state.solidityName() + "/" + replica.outcome().solidityName();
    journal.append(new JournalEntry.TaskClosed(work.taskId, outcome));
    sampledSeat.closed(work.taskId, work.index);
    open.remove(work.taskId);
    specs.remove(work.taskId);
    metrics.increment("tasks_closed_total{outcome=\"" + outcome + "\"}");
    metrics.add("paid_wei_total", replica.payout().longValue());
    metrics.add("slashed_wei_total", replica.slashed().longValue());
    LOG.atLevel(closedLevel(replica.slashed()))
        .log(
            "task {} closed: {} (paid {} wei, slashed {} wei)",
            work.taskId,
            outcome,
            replica.payout(),
            replica.slashed());
  }

  /** A task that cost the node stake is logged at WARN, so that operators' alerts see it. */
  static org.slf4j.event.Level closedLevel(java.math.BigInteger slashed) {
    return slashed.signum() > 0 ? org.slf4j.event.Level.WARN : org.slf4j.event.Level.INFO;
  }

  private TaskLedger.Stage stage(Work work) {
    return journal
        .ledger()
        .progress(work.taskId)
        .map(TaskLedger.Progress::stage)
        .orElse(TaskLedger.Stage.ASSIGNED);
  }

  private Optional<JournalEntry.ResultPrepared> prepared(Work work) {
    return journal.ledger().progress(work.taskId).flatMap(TaskLedger.Progress::prepared);
  }

  /** The artifact endpoints of the task's other replicas, which re-serve what they fetched. */
  private List<String> mirrors(BigInteger taskId) {
    List<String> mirrors = new java.util.ArrayList<>();
    for (String replica : client.replicas(taskId)) {
      if (!Address.of(replica).equals(me)) {
        String endpoint = client.node(replica).endpoint();
        if (endpoint.startsWith("http://") || endpoint.startsWith("https://")) {
          mirrors.add(endpoint.replaceAll("/+$", ""));
        }
      }
    }
    return mirrors;
  }

  private int indexOf(List<String> workers) {
    for (int i = 0; i < workers.size(); i++) {
      if (Address.of(workers.get(i)).equals(me)) {
        return i;
      }
    }
    return -1;
  }

  private Bytes32 specDigest(BigInteger taskId) {
    return specs.computeIfAbsent(taskId, this::loadSpecRef).digest();
  }

  private String specUri(BigInteger taskId) {
    return specs.computeIfAbsent(taskId, this::loadSpecRef).uri();
  }

  private record SpecRef(Bytes32 digest, String uri) {}

  private final Map<BigInteger, SpecRef> specs = new ConcurrentHashMap<>();

  private SpecRef loadSpecRef(BigInteger taskId) {
    TaskManager.TaskCreatedEventResponse created = client.taskCreated(taskId);
    return new SpecRef(Bytes32.wrap(created.specDigest), created.specURI);
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
    pool.shutdownNow();
    requests.close();
  }
}

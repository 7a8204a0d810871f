package network.deai.node.exec;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.LongSupplier;
import network.deai.contracts.abi.Address;
import network.deai.node.chain.TaskChain;
import network.deai.node.domain.BlockRate;
import network.deai.node.domain.JournalEntry;
import network.deai.node.domain.Mode;
import network.deai.node.domain.Task;
import network.deai.node.domain.TaskState;
import network.deai.node.domain.TaskStep;
import network.deai.node.domain.WindowBudget;
import network.deai.node.journal.Journal;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs tasks on the worker's pool: refuses one whose commit window is too short for it, journals
 * the result and salt once, and commits; when the inputs cannot be fetched it tries again, or
 * abstains when another try would miss the commit deadline.
 */
final class TaskExecution implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(TaskExecution.class);

  /** How long a failed step waits before it is tried again. */
  static final Duration RETRY_AFTER = Duration.ofSeconds(2);

  /**
   * Blocks left for the commit to be mined once the result is ready, when deciding whether a task's
   * commit window is long enough to run it at all.
   */
  private static final WindowBudget WINDOW_BUDGET = new WindowBudget(TaskStep.ABSTAIN_MARGIN);

  private final TaskChain client;
  private final TaskRunner runner;
  private final Journal journal;
  private final CommitReveal steps;
  private final StepListener listener;
  private final OpenTasks open;
  private final TaskSpecs specs;
  private final Abstention abstention;
  private final BlockRate blockRate;
  private final Metrics metrics;
  private final Address me;
  private final ExecutorService pool;
  private final LongSupplier nanoTime;

  TaskExecution(int parallelism, WorkerParts parts, TaskRunner runner, BlockRate blockRate) {
    this(
        Executors.newFixedThreadPool(
            parallelism, Thread.ofPlatform().name("task-", 0).daemon().factory()),
        parts,
        runner,
        blockRate,
        System::nanoTime);
  }

  /**
   * Runs executions on {@code pool} and times retry waits with {@code nanoTime}; a test passes a
   * pool that runs them on the calling thread and its own clock.
   */
  TaskExecution(
      ExecutorService pool,
      WorkerParts parts,
      TaskRunner runner,
      BlockRate blockRate,
      LongSupplier nanoTime) {
    this.client = parts.client();
    this.runner = runner;
    this.journal = parts.journal();
    this.steps = parts.steps();
    this.listener = parts.listener();
    this.open = parts.open();
    this.specs = parts.specs();
    this.abstention = parts.abstention();
    this.blockRate = blockRate;
    this.metrics = parts.metrics();
    this.me = parts.me();
    this.pool = pool;
    this.nanoTime = nanoTime;
  }

  /** Starts running the task on the pool, unless it is running or waits to be tried again. */
  void start(TaskWork work) {
    if (work.executing || nanoTime.getAsLong() < work.retryAtNanos) {
      return;
    }
    work.executing = true;
    pool.execute(() -> execute(work));
  }

  private void execute(TaskWork work) {
    long startedNanos = nanoTime.getAsLong();
    try {
      Task task = client.task(work.taskId);
      if (task.state() != TaskState.COMMITTING) {
        return;
      }
      work.commitDeadline = task.commitDeadline();
      work.attemptBlock = client.blockNumber();
      // Run outside the journal's lock: the chain loop journals reveals and abstentions meanwhile.
      TaskRunner.@Nullable Prepared ran =
          open.prepared(work.taskId).isPresent()
              ? null
              : runner.prepare(assignment(work, task), admission(task));
      if (!work.decided.compareAndSet(false, true)) {
        LOG.warn("task {}: result ready after the worker abstained; dropped", work.taskId);
        return;
      }
      commit(work, ran);
    } catch (TaskRunner.TransientFailure e) {
      long tried = blocksFor(nanoTime.getAsLong() - startedNanos);
      work.lastTryBlocks = tried;
      orRetry(work, () -> retryOrAbstain(work, tried, e.getMessage()));
    } catch (TaskRunner.Declined e) {
      metrics.increment("windows_too_short_total");
      orRetry(work, () -> abstention.abstain(work, e.getMessage()));
    } catch (RuntimeException e) {
      LOG.error("task {}: {}; trying again on the next block", work.taskId, e.getMessage(), e);
      work.retryAtNanos = nanoTime.getAsLong() + RETRY_AFTER.toNanos();
    } finally {
      work.executing = false;
    }
  }

  private TaskRunner.Assignment assignment(TaskWork work, Task task) {
    return new TaskRunner.Assignment(
        work.taskId,
        specs.digest(work.taskId),
        specs.uri(work.taskId),
        task.mode() == Mode.SIMILAR,
        task.maxDistance(),
        mirrors(work));
  }

  /** Journals the result with a fresh salt (once: a journalled one wins) and commits it. */
  private void commit(TaskWork work, TaskRunner.@Nullable Prepared ran) {
    long executionNanos = ran == null ? 0 : ran.executionNanos();
    JournalEntry.ResultPrepared prepared =
        journal.prepareOnce(
            work.taskId,
            salt -> {
              TaskRunner.Prepared p = Objects.requireNonNull(ran);
              return new JournalEntry.ResultPrepared(
                  work.taskId, p.resultDigest(), p.fingerprint(), salt, p.resultUri());
            });
    listener.after(StepListener.Step.PREPARE, work.taskId);
    steps.commit(work.taskId, prepared);
    metrics.recordOverhead(System.nanoTime() - work.seenNanos - executionNanos);
    listener.after(StepListener.Step.COMMIT, work.taskId);
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
        case WindowBudget.TooShort s -> Optional.of(tooShort(s, executor));
      };
    };
  }

  private static String tooShort(WindowBudget.TooShort s, String executor) {
    return String.format(
        Locale.ROOT,
        "commit window too short: %d blocks left, about %d needed (executor '%s'"
            + " expected to take %d ms, the chain mines a block every %d ms)",
        s.blocksLeft(),
        s.blocksNeeded(),
        executor,
        s.expected().toMillis(),
        s.blockInterval().toMillis());
  }

  /**
   * The inputs could not be fetched: try again later, unless the commit deadline is so close that
   * another try (after the retry wait, and taking as many blocks as this one did) would miss it;
   * then abstain, which costs nothing, instead of becoming a no-show. The chain loop also abstains
   * for it on the first block within {@link TaskStep#ABSTAIN_MARGIN} of the deadline, plus the
   * blocks the failed try took ({@code triedBlocks} by the clock, more if the chain says so): a try
   * it starts after this one failed to decide (an RPC error) takes as long.
   */
  private void retryOrAbstain(TaskWork work, long triedBlocks, @Nullable String why) {
    metrics.increment("inputs_unavailable_total");
    work.unavailable = String.valueOf(why);
    Task task = client.task(work.taskId);
    long block = client.blockNumber();
    work.lastTryBlocks = Math.max(triedBlocks, block - work.attemptBlock);
    if (!WINDOW_BUDGET.retryFits(
        block,
        work.attemptBlock,
        task.commitDeadline(),
        blockRate.fastestInterval(),
        RETRY_AFTER)) {
      abstention.abstain(work, why);
      return;
    }
    LOG.warn("task {}: {}; trying again", work.taskId, why);
    work.retryAtNanos = nanoTime.getAsLong() + RETRY_AFTER.toNanos();
  }

  /**
   * Runs a step taken after a failed or declined execution (reading the chain, sending an
   * abstention); an RPC error there must not kill the pool thread or leave the task without a next
   * try, so the task is tried again after {@link #RETRY_AFTER}.
   */
  private void orRetry(TaskWork work, Runnable step) {
    try {
      step.run();
    } catch (RuntimeException e) {
      LOG.warn("task {}: {} (will retry)", work.taskId, e.getMessage());
      work.retryAtNanos = nanoTime.getAsLong() + RETRY_AFTER.toNanos();
    }
  }

  /** How many blocks {@code nanos} spans at the chain's fastest measured rate; 0 if unmeasured. */
  private long blocksFor(long nanos) {
    return blockRate
        .fastestInterval()
        .map(i -> Math.ceilDiv(Math.max(0, nanos), Math.max(1, i.toNanos())))
        .orElse(0L);
  }

  /** The artifact endpoints of the task's other replicas, which re-serve what they fetched. */
  private List<String> mirrors(TaskWork work) {
    List<String> mirrors = new ArrayList<>();
    for (String replica : client.replicas(work.taskId)) {
      if (!Address.of(replica).equals(me)) {
        String endpoint = client.node(replica).endpoint();
        if (endpoint.startsWith("http://") || endpoint.startsWith("https://")) {
          mirrors.add(endpoint.replaceAll("/+$", ""));
        }
      }
    }
    return mirrors;
  }

  @Override
  public void close() {
    pool.shutdownNow();
  }
}

package network.deai.node.exec;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.math.BigInteger;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.AbstractExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import network.deai.contracts.abi.Bytes32;
import network.deai.contracts.crypto.Hashes;
import network.deai.node.chain.FakeTaskChain;
import network.deai.node.domain.ArtifactRef;
import network.deai.node.domain.BlockRate;
import network.deai.node.domain.Outcome;
import network.deai.node.domain.Safetensors;
import network.deai.node.domain.TaskLedger;
import network.deai.node.domain.TaskSpec;
import network.deai.node.journal.Journal;
import org.jspecify.annotations.Nullable;

/**
 * A worker's task loop wired over a {@link FakeTaskChain}: the real intake, execution, reconciler
 * and commit/reveal steps, a real journal and artifact store in a test directory, and a runner
 * whose one executor ({@value #EXECUTOR}) counts its runs. Executions run on the calling thread,
 * and time is a manual clock, so a test is a sequence of {@link #tick()} and chain moves.
 */
final class FakeWorker implements AutoCloseable {
  static final String EXECUTOR = "counting";

  final FakeTaskChain chain;
  final FakeTaskChain.Writer writer;
  final Journal journal;
  final WorkerParts parts;
  final BlockRate blockRate = new BlockRate(Duration.ofSeconds(1), 256);
  final AtomicInteger executions = new AtomicInteger();
  private final ArtifactStore store;
  private final TaskExecution execution;
  private final TaskIntake intake;
  private final TaskLoop loop;
  private final AtomicLong nowNanos = new AtomicLong();

  /** A worker signing with {@code writer}, journaling to {@code dir}/journal. */
  FakeWorker(FakeTaskChain chain, FakeTaskChain.Writer writer, Path dir) {
    this.chain = chain;
    this.writer = writer;
    this.journal = Journal.open(dir.resolve("journal"), new SecureRandom());
    this.store = new ArtifactStore(dir.resolve("store"));
    this.parts = WorkerParts.wire(chain, writer, journal, new Metrics(), StepListener.NONE);
    TaskRunner runner =
        new TaskRunner(
            new ArtifactFetcher(store, 1 << 20, Duration.ofSeconds(1)),
            store,
            Map.of(EXECUTOR, new CountingExecutor(executions)),
            "http://127.0.0.1:1",
            entry -> {});
    this.execution = new TaskExecution(new CallerRuns(), parts, runner, blockRate, nowNanos::get);
    this.intake = new TaskIntake(parts, execution, () -> null, () -> false);
    this.loop =
        new TaskLoop(
            parts.open(), new TaskReconciler(parts, execution, () -> null), writer, nowNanos.get());
  }

  /** Stores a spec for {@link #EXECUTOR} and points the task at it, as its creation log would. */
  void specify(BigInteger taskId) {
    byte[] inputs =
        Safetensors.write(
            Map.of("inputs", new Safetensors.Tensor(new int[] {1, 2}, new float[] {1, 2})));
    ArtifactRef inputsRef = new ArtifactRef(store.put(inputs), inputs.length, "http://x/inputs");
    byte[] spec =
        new TaskSpec(EXECUTOR, inputsRef, null, JsonNodeFactory.instance.objectNode(), 1)
            .canonicalBytes();
    chain.fakeTask(taskId).specDigest = store.put(spec);
  }

  /**
   * Like {@link #specify(BigInteger)}, but the inputs are not stored here: the worker must fetch
   * them from {@code inputsUri}.
   */
  void specify(BigInteger taskId, String inputsUri) {
    byte[] inputs =
        Safetensors.write(
            Map.of("inputs", new Safetensors.Tensor(new int[] {1, 2}, new float[] {3, 4})));
    ArtifactRef inputsRef = new ArtifactRef(Hashes.sha256(inputs), inputs.length, inputsUri);
    byte[] spec =
        new TaskSpec(EXECUTOR, inputsRef, null, JsonNodeFactory.instance.objectNode(), 1)
            .canonicalBytes();
    chain.fakeTask(taskId).specDigest = store.put(spec);
  }

  /** The chain drew this worker for seat {@code index} of the task (its TaskStarted log). */
  void assigned(BigInteger taskId, int index) {
    intake.assign(taskId, index);
  }

  /** The restart path: reopens what the journal left unfinished. */
  void resume() {
    intake.resume();
  }

  /** One pass of the chain loop at the chain's head, a second after the last one. */
  boolean tick() {
    return tickAfter(Duration.ofSeconds(1));
  }

  /** One pass of the chain loop at the chain's head, {@code elapsed} after the last one. */
  boolean tickAfter(Duration elapsed) {
    long now = nowNanos.addAndGet(elapsed.toNanos());
    blockRate.observe(chain.head(), now);
    return loop.tick(chain.head(), now);
  }

  /**
   * Mines a block and moves the clock on by a second without a pass of the chain loop, as while an
   * execution holds the loop's thread.
   */
  void mineWithoutTick() {
    chain.mine();
    nowNanos.addAndGet(Duration.ofSeconds(1).toNanos());
  }

  /** Mines a block, then ticks. */
  void mineAndTick() {
    chain.mine();
    tick();
  }

  /** How far the journal got with the task. */
  TaskLedger.Stage stage(BigInteger taskId) {
    return journal.ledger().progress(taskId).map(TaskLedger.Progress::stage).orElseThrow();
  }

  /** The journalled salt of the task. */
  Bytes32 salt(BigInteger taskId) {
    return parts.open().prepared(taskId).orElseThrow().salt();
  }

  @Override
  public void close() {
    execution.close();
    journal.close();
  }

  /** Runs each execution on the thread that starts it: the test sees its effects at once. */
  private static final class CallerRuns extends AbstractExecutorService {
    private volatile boolean shut;

    @Override
    public void execute(Runnable command) {
      command.run();
    }

    @Override
    public void shutdown() {
      shut = true;
    }

    @Override
    public List<Runnable> shutdownNow() {
      shut = true;
      return List.of();
    }

    @Override
    public boolean isShutdown() {
      return shut;
    }

    @Override
    public boolean isTerminated() {
      return shut;
    }

    @Override
    public boolean awaitTermination(long timeout, TimeUnit unit) {
      return true;
    }
  }

  /** An executor that returns the same output every run and counts the runs. */
  private record CountingExecutor(AtomicInteger runs) implements TaskExecutor {
    @Override
    public String name() {
      return EXECUTOR;
    }

    @Override
    public Outcome<float[]> execute(TaskSpec spec, byte @Nullable [] model, byte[] inputs) {
      runs.incrementAndGet();
      return Outcome.ok(new float[] {1, 2, 3});
    }
  }
}

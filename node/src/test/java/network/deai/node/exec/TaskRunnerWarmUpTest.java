package network.deai.node.exec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.math.BigInteger;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import network.deai.node.domain.ArtifactRef;
import network.deai.node.domain.Outcome;
import network.deai.node.domain.Rejection;
import network.deai.node.domain.Safetensors;
import network.deai.node.domain.TaskSpec;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A runner warms its executors up before it takes work: a cold executor's load is paid then, not
 * inside a task's commit window, and the measured warm run, not a guess, is what the commit
 * window's admission check weighs for the first task.
 */
class TaskRunnerWarmUpTest {
  /** Longer than the commit windows below. */
  private static final Duration LOAD = TaskRunner.FIRST_RUN_ESTIMATE.plusMillis(50);

  @TempDir Path dir;

  @Test
  void paysTheLoadBeforeTheFirstTaskSoItRunsWarm() {
    ColdExecutor cold = new ColdExecutor("cold", LOAD, Duration.ZERO);
    TaskRunner runner = runner(cold);

    Duration warmUp = runner.warmUp();
    TaskRunner.Prepared first =
        runner.prepare(assignment(cold.name()), admitWithin(TaskRunner.FIRST_RUN_ESTIMATE));

    assertThat(warmUp).isGreaterThanOrEqualTo(LOAD);
    assertThat(cold.calls).containsExactly("warm-up (cold)", "warm-up", "execute");
    assertThat(Duration.ofNanos(first.executionNanos())).isLessThan(TaskRunner.FIRST_RUN_ESTIMATE);
  }

  @Test
  void weighsTheWarmRunNotTheLoadAgainstTheWindow() {
    ColdExecutor loadsOnly = new ColdExecutor("loads-only", Duration.ofMillis(200), Duration.ZERO);
    ColdExecutor slow = new ColdExecutor("slow", Duration.ZERO, Duration.ofMillis(200));
    TaskRunner runner = runner(loadsOnly, slow);

    runner.warmUp();

    assertThat(runner.expected("loads-only")).isEqualTo(TaskRunner.FIRST_RUN_ESTIMATE);
    assertThat(runner.expected("slow")).isGreaterThanOrEqualTo(Duration.ofMillis(300));
  }

  @Test
  void declinesAFirstTaskWhoseMeasuredRunDoesNotFitTheWindow() {
    ColdExecutor slow = new ColdExecutor("slow", Duration.ZERO, Duration.ofMillis(200));
    TaskRunner runner = runner(slow);
    runner.warmUp();

    assertThatThrownBy(
            () -> runner.prepare(assignment("slow"), admitWithin(Duration.ofMillis(280))))
        .isInstanceOf(TaskRunner.Declined.class);
    assertThat(slow.calls).doesNotContain("execute");
  }

  @Test
  void declinesASimHashTaskWhoseDistanceIsBelowTheCalibratedMinimum() {
    ColdExecutor fast = new ColdExecutor("fast", Duration.ZERO, Duration.ZERO);
    TaskRunner runner = runner(fast);
    int min = network.deai.node.domain.ResultFingerprint.MIN_RAW_DISTANCE;

    assertThatThrownBy(
            () ->
                runner.prepare(
                    assignment("fast", true, min - 1), admitWithin(Duration.ofSeconds(1))))
        .isInstanceOf(TaskRunner.Declined.class)
        .hasMessageContaining("below the calibrated minimum");
    assertThat(fast.calls).isEmpty();

    runner.prepare(assignment("fast", true, min), admitWithin(Duration.ofSeconds(1)));
    runner.prepare(assignment("fast", false, 0), admitWithin(Duration.ofSeconds(1)));
    assertThat(fast.calls).containsExactly("execute (cold)", "execute");
  }

  @Test
  void warmsTheOtherExecutorsWhenOneCannotLoad() {
    ColdExecutor broken = new ColdExecutor("broken", Duration.ZERO, Duration.ZERO);
    broken.loadFailure = new UnsatisfiedLinkError("no natives");
    ColdExecutor fine = new ColdExecutor("fine", Duration.ofMillis(1), Duration.ZERO);
    TaskRunner runner = runner(broken, fine);

    runner.warmUp();

    assertThat(fine.calls).containsExactly("warm-up (cold)", "warm-up");
  }

  private TaskRunner runner(TaskExecutor... executors) {
    Map<String, TaskExecutor> byName = new java.util.LinkedHashMap<>();
    for (TaskExecutor executor : executors) {
      byName.put(executor.name(), executor);
    }
    ArtifactStore store = new ArtifactStore(dir.resolve("store"));
    return new TaskRunner(
        new ArtifactFetcher(store, 1 << 20, Duration.ofSeconds(1)),
        store,
        byName,
        "http://127.0.0.1:1",
        entry -> {});
  }

  /** A task for {@code executor} whose spec and inputs are already in the runner's store. */
  private TaskRunner.Assignment assignment(String executor) {
    return assignment(executor, false, 0);
  }

  /** As above, in SIMILAR mode or not, with {@code maxDistance}. */
  private TaskRunner.Assignment assignment(String executor, boolean similar, int maxDistance) {
    ArtifactStore store = new ArtifactStore(dir.resolve("store"));
    byte[] inputs =
        Safetensors.write(
            Map.of("inputs", new Safetensors.Tensor(new int[] {1, 2}, new float[] {1, 2})));
    ArtifactRef inputsRef = new ArtifactRef(store.put(inputs), inputs.length, "http://x/inputs");
    byte[] spec =
        new TaskSpec(executor, inputsRef, null, JsonNodeFactory.instance.objectNode(), 1)
            .canonicalBytes();
    return new TaskRunner.Assignment(
        BigInteger.ONE, store.put(spec), "http://x/spec", similar, maxDistance, List.of());
  }

  /** A commit window that lasts {@code window}. */
  private static TaskRunner.Admission admitWithin(Duration window) {
    return (executor, expected) ->
        expected.compareTo(window) > 0 ? Optional.of("too short") : Optional.empty();
  }

  /**
   * An executor whose first call of any kind pays {@code load}, and every run takes {@code run}.
   */
  private static final class ColdExecutor implements TaskExecutor {
    private final String name;
    private final Duration load;
    private final Duration run;
    final List<String> calls = new ArrayList<>();
    @Nullable Error loadFailure;

    ColdExecutor(String name, Duration load, Duration run) {
      this.name = name;
      this.load = load;
      this.run = run;
    }

    @Override
    public String name() {
      return name;
    }

    @Override
    public Outcome<float[]> execute(TaskSpec spec, byte @Nullable [] model, byte[] inputs) {
      calls.add(calls.isEmpty() ? "execute (cold)" : "execute");
      work(calls.size() == 1 ? load.plus(run) : run);
      return calls.size() == 1
          ? Outcome.rejected(Rejection.Code.EXECUTION_FAILED, "ran cold")
          : Outcome.ok(new float[] {1});
    }

    @Override
    public void warmUp() {
      Error failure = loadFailure;
      if (failure != null) {
        throw failure;
      }
      calls.add(calls.isEmpty() ? "warm-up (cold)" : "warm-up");
      work(calls.size() == 1 ? load.plus(run) : run);
    }

    /** Stands for loading or computing: the runner measures wall-clock time. */
    private static void work(Duration time) {
      long until = System.nanoTime() + time.toNanos();
      for (long left = time.toNanos(); left > 0; left = until - System.nanoTime()) {
        java.util.concurrent.locks.LockSupport.parkNanos(left);
      }
    }
  }
}

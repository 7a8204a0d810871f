package network.deai.devnet;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.math.BigInteger;
import java.util.OptionalInt;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import network.deai.contracts.abi.Bytes32;
import network.deai.contracts.abi.SamplingRules;
import network.deai.contracts.crypto.Hashes;
import network.deai.node.domain.ArtifactRef;
import network.deai.node.domain.Outcome;
import network.deai.node.domain.TaskSpec;
import network.deai.node.exec.TaskExecutor;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

class MeteredExecutorTest {
  private static final String WORKER = "0x00000000000000000000000000000000000000aa";
  private static final BigInteger TASK = BigInteger.valueOf(42);

  /** Returns 1, 2, 3 and counts its runs. */
  private static final class Counting implements TaskExecutor {
    final AtomicInteger runs = new AtomicInteger();

    @Override
    public String name() {
      return "linear";
    }

    @Override
    public Outcome<float[]> execute(TaskSpec spec, byte @Nullable [] model, byte[] inputs) {
      runs.incrementAndGet();
      return Outcome.ok(new float[] {1, 2, 3});
    }
  }

  private final TaskSpec spec = spec(1);
  private final TaskSpec other = spec(2);
  private final Counting delegate = new Counting();

  private static TaskSpec spec(long seed) {
    ArtifactRef inputs = new ArtifactRef(Hashes.sha256(new byte[] {1}), 1, "http://x/inputs");
    return new TaskSpec("linear", inputs, null, JsonNodeFactory.instance.objectNode(), seed);
  }

  private static Bytes32 digest(TaskSpec spec) {
    return Hashes.sha256(spec.canonicalBytes());
  }

  /** A sampled phase at {@code rateBps} over {@link #spec}, submitted as task 42. */
  private PhaseLedger ledger(int rateBps) {
    PhaseLedger ledger =
        new PhaseLedger(
            new PhaseLedger.Terms(
                rateBps == 0 ? "replicated" : "sampled", rateBps, 3, Devnet.TASK_FEE, Devnet.ETHER),
            Set.of(digest(spec)));
    ledger.assign(digest(spec), TASK);
    return ledger;
  }

  private MeteredExecutor executor(
      Population.Strategy strategy, PhaseLedger ledger, int seat, int costBpsOfShare) {
    return new MeteredExecutor(
        delegate,
        strategy,
        WORKER,
        () -> ledger,
        (task, worker) ->
            task.equals(TASK) && worker.equals(WORKER) ? OptionalInt.of(seat) : OptionalInt.empty(),
        costBpsOfShare,
        new Random(1));
  }

  private static float[] values(Outcome<TaskExecutor.Output> outcome) {
    return ((TaskExecutor.Output.Vector) ((Outcome.Ok<TaskExecutor.Output>) outcome).value())
        .values();
  }

  @Test
  void anHonestWorkerRunsEveryTaskAndEachRunCountsOnce() {
    PhaseLedger ledger = ledger(500);
    MeteredExecutor executor = executor(Population.Strategy.HONEST, ledger, 0, 1_000_000);

    assertThat(values(executor.run(spec, null, new byte[0]))).containsExactly(1, 2, 3);
    executor.run(spec, null, new byte[0]);
    executor.run(other, null, new byte[0]); // not part of the phase: runs, not counted

    assertThat(delegate.runs).hasValue(3);
    assertThat(ledger.executions()).isEqualTo(2);
    assertThat(ledger.executions(TASK)).isEqualTo(2);
    assertThat(ledger.cheats()).isZero();
  }

  @Test
  void aNaiveCheaterNeverComputesAndReturnsNoiseShapedLikeItsLastOutput() {
    PhaseLedger ledger = ledger(10_000);
    MeteredExecutor executor = executor(Population.Strategy.NAIVE, ledger, 1, 0);
    executor.run(other, null, new byte[0]); // outside the phase: computed, shows the shape

    float[] cheat = values(executor.run(spec, null, new byte[0]));

    assertThat(cheat).hasSize(3).isNotEqualTo(new float[] {1, 2, 3});
    assertThat(delegate.runs).hasValue(1);
    assertThat(ledger.executions()).isZero();
    assertThat(ledger.cheaters(TASK)).containsExactly(WORKER);
  }

  @Test
  void theDevnetsSampledTasksAreBoundAt323BasisPoints() {
    // fee 0.1 ETH over 1 + 2 seats, slash 1 ETH: 10000 * (1/30) / (1/30 + 1) = 322.58..., up.
    assertThat(
            SamplingRules.minRateBps(Devnet.TASK_FEE.divide(BigInteger.valueOf(3)), Devnet.ETHER))
        .isEqualTo(323);
  }

  @Test
  void aRationalExecutorCheatsOnlyWhenTheRateIsTooLowForItsCost() {
    // share = 1/30 ETH, slash 1 ETH: p·(φ + S) = 0.0333 ETH at the 323 bps bound.
    PhaseLedger atBound = ledger(323);
    executor(Population.Strategy.RATIONAL, atBound, 0, 10_000).run(spec, null, new byte[0]);
    PhaseLedger costly = ledger(323);
    executor(Population.Strategy.RATIONAL, costly, 0, 20_000).run(spec, null, new byte[0]);

    assertThat(atBound.cheats()).as("costs what it pays: deterred at the bound").isZero();
    assertThat(atBound.executions()).isEqualTo(1);
    assertThat(costly.cheaters(TASK)).as("costs twice what it pays").containsExactly(WORKER);
    assertThat(costly.executions()).isZero();
  }

  @Test
  void aRationalValidatorNeverCheatsForItIsAlwaysCompared() {
    PhaseLedger ledger = ledger(323);
    executor(Population.Strategy.RATIONAL, ledger, 1, 20_000).run(spec, null, new byte[0]);

    assertThat(ledger.cheats()).isZero();
    assertThat(ledger.executions()).isEqualTo(1);
  }

  @Test
  void aRationalReplicaOfAReplicatedTaskIsAlwaysCompared() {
    PhaseLedger ledger = ledger(0);
    executor(Population.Strategy.RATIONAL, ledger, 0, 20_000).run(spec, null, new byte[0]);

    assertThat(ledger.cheats()).isZero();
  }

  @Test
  void aRationalCheaterThatCannotPlaceTheTaskComputesIt() {
    PhaseLedger ledger =
        new PhaseLedger(
            new PhaseLedger.Terms("sampled", 1, 3, Devnet.TASK_FEE, Devnet.ETHER),
            Set.of(digest(spec)));
    executor(Population.Strategy.RATIONAL, ledger, 0, 20_000).run(spec, null, new byte[0]);

    assertThat(ledger.cheats()).isZero();
    assertThat(ledger.executions()).isEqualTo(1);
  }
}

package network.deai.devnet;

import java.math.BigInteger;
import java.util.OptionalInt;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import java.util.random.RandomGenerator;
import network.deai.contracts.abi.Bytes32;
import network.deai.contracts.crypto.Hashes;
import network.deai.incentive.domain.economics.SampledEconomics;
import network.deai.node.domain.Outcome;
import network.deai.node.domain.TaskSpec;
import network.deai.node.exec.TaskExecutor;
import org.jspecify.annotations.Nullable;

/**
 * A devnet worker's executor as the devnet sees it: it counts every real execution into the current
 * {@link PhaseLedger}, and for a cheating identity decides per task whether to skip the work and
 * return random numbers shaped like its last real output (a cheap wrong result; no compute). NAIVE
 * cheats always; RATIONAL cheats iff the incentive module's {@link SampledEconomics#shouldCheat()}
 * says so for its seat's check probability (a sampled task's executor: the sample rate; everyone
 * else is always compared), the phase's fee share and slash, and its compute cost. The node itself
 * stays honest: the adversary lives here, injected through {@code NodeRuntime.start}'s executor
 * hook.
 */
final class MeteredExecutor implements TaskExecutor {
  /** Where a worker sits in a task: its seat index, empty when it holds none. */
  interface Seats {
    /** The seat of {@code worker} in task {@code taskId}. */
    OptionalInt seat(BigInteger taskId, String worker);
  }

  /** Length of a cheat's output before any real run showed the shape (digits: 16 × 10). */
  static final int DEFAULT_OUTPUT_LENGTH = 160;

  private final TaskExecutor delegate;
  private final Population.Strategy strategy;
  private final String worker;
  private final Supplier<@Nullable PhaseLedger> phase;
  private final Seats seats;
  private final int costBpsOfShare;
  private final RandomGenerator random;
  private final AtomicReference<@Nullable Output> lastOutput = new AtomicReference<>();

  /**
   * Wraps {@code delegate} for {@code worker}; a RATIONAL one values its compute at {@code
   * costBpsOfShare} basis points of the task's fee share.
   */
  MeteredExecutor(
      TaskExecutor delegate,
      Population.Strategy strategy,
      String worker,
      Supplier<@Nullable PhaseLedger> phase,
      Seats seats,
      int costBpsOfShare,
      RandomGenerator random) {
    this.delegate = delegate;
    this.strategy = strategy;
    this.worker = worker;
    this.phase = phase;
    this.seats = seats;
    this.costBpsOfShare = costBpsOfShare;
    this.random = random;
  }

  @Override
  public String name() {
    return delegate.name();
  }

  @Override
  public void warmUp() {
    delegate.warmUp();
  }

  @Override
  public Outcome<float[]> execute(TaskSpec spec, byte @Nullable [] model, byte[] inputs) {
    return switch (run(spec, model, inputs)) {
      case Outcome.Rejected<Output> r -> new Outcome.Rejected<>(r.rejection());
      case Outcome.Ok<Output> ok -> Outcome.ok(floats(ok.value()));
    };
  }

  @Override
  public Outcome<Output> run(TaskSpec spec, byte @Nullable [] model, byte[] inputs) {
    Bytes32 digest = Hashes.sha256(spec.canonicalBytes());
    PhaseLedger ledger = phase.get();
    if (ledger != null && cheats(ledger, digest)) {
      ledger.cheated(digest, worker);
      return Outcome.ok(guess());
    }
    if (ledger != null) {
      ledger.executed(digest);
    }
    Outcome<Output> output = delegate.run(spec, model, inputs);
    if (output instanceof Outcome.Ok<Output> ok) {
      lastOutput.set(ok.value());
    }
    return output;
  }

  private boolean cheats(PhaseLedger ledger, Bytes32 digest) {
    return switch (strategy) {
      case HONEST -> false;
      case NAIVE -> ledger.covers(digest);
      case RATIONAL -> ledger.covers(digest) && rationalCheats(ledger, digest);
    };
  }

  /** A task it cannot place (not submitted yet, or no seat) is one it does not gamble on. */
  private boolean rationalCheats(PhaseLedger ledger, Bytes32 digest) {
    BigInteger taskId = ledger.task(digest).orElse(null);
    if (taskId == null) {
      return false;
    }
    OptionalInt seat = seats.seat(taskId, worker);
    if (seat.isEmpty()) {
      return false;
    }
    PhaseLedger.Terms terms = ledger.terms();
    BigInteger share = terms.feeShare();
    BigInteger cost =
        share.multiply(BigInteger.valueOf(costBpsOfShare)).divide(BigInteger.valueOf(10_000));
    return new SampledEconomics(
            share,
            terms.slash(),
            cost,
            terms.checkRateBps(seat.getAsInt()),
            Math.max(1, terms.replicas() - 1))
        .shouldCheat();
  }

  private Output guess() {
    Output shape = lastOutput.get();
    if (shape == null) {
      shape = new Output.Vector(new float[DEFAULT_OUTPUT_LENGTH]);
    }
    return shape.map(this::noise);
  }

  private float[] noise(float[] like) {
    float[] noise = new float[like.length];
    for (int i = 0; i < noise.length; i++) {
      noise[i] = (float) random.nextGaussian();
    }
    return noise;
  }

  private static float[] floats(Output output) {
    return switch (output) {
      case Output.Vector v -> v.values();
      case Output.Tensors t ->
          throw new IllegalStateException("executor " + t + " returns tensors, not one vector");
    };
  }
}

package network.deai.node.exec;

import java.math.BigInteger;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import network.deai.contracts.abi.Bytes32;
import network.deai.contracts.crypto.Hashes;
import network.deai.node.domain.ArtifactRef;
import network.deai.node.domain.ExecutionTimes;
import network.deai.node.domain.JournalEntry;
import network.deai.node.domain.Outcome;
import network.deai.node.domain.Rejection;
import network.deai.node.domain.ResultFingerprint;
import network.deai.node.domain.TaskSpec;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns an assigned task into the result a worker commits to: fetch the spec (checked against the
 * on-chain digest), fetch its artifacts, run the executor, fingerprint the output, store the result
 * bytes. Every refusal of bad input becomes a rejection document that is committed instead; inputs
 * that cannot be fetched at all are a {@link TransientFailure}.
 */
public final class TaskRunner {
  private static final Logger LOG = LoggerFactory.getLogger(TaskRunner.class);

  /**
   * A failure that may go away (an unreachable artifact server): the worker tries again, or
   * abstains when the commit deadline is too close for another try.
   */
  public static final class TransientFailure extends RuntimeException {
    private static final long serialVersionUID = 1L;

    TransientFailure(String message) {
      super(message);
    }
  }

  /**
   * The worker declined the task before running it (its commit window is too short for the expected
   * execution): it abstains, which costs nothing, rather than miss the deadline.
   */
  public static final class Declined extends RuntimeException {
    private static final long serialVersionUID = 1L;

    Declined(String message) {
      super(message);
    }
  }

  /**
   * Asked once the spec names its executor, before the model and inputs are fetched and the
   * executor runs: a reason to decline the task, or empty to run it.
   */
  public interface Admission {
    /** Why a run of {@code executor} expected to take {@code expected} must not start, if so. */
    java.util.Optional<String> refusal(String executor, Duration expected);
  }

  /** Runs every task it is given. */
  public static final Admission ADMIT_ALL = (executor, expected) -> java.util.Optional.empty();

  /** Runs allowed per executor when nothing has run yet; see {@link ExecutionTimes}. */
  static final Duration FIRST_RUN_ESTIMATE = Duration.ofMillis(250);

  /** What the chain says about the task: the spec's digest and URI and the comparison mode. */
  public record Assignment(
      BigInteger taskId,
      Bytes32 specDigest,
      String specUri,
      boolean similar,
      int maxDistance,
      List<String> mirrors) {
    /** Copies the mirror list. */
    public Assignment {
      mirrors = List.copyOf(mirrors);
    }
  }

  /** A prepared result plus how long execution took (excluded from protocol overhead). */
  public record Prepared(
      Bytes32 resultDigest, Bytes32 fingerprint, String resultUri, long executionNanos) {}

  private final ArtifactFetcher fetcher;
  private final ResultStore store;
  private final Map<String, TaskExecutor> executors;
  private final String publicUrl;
  private final JournalRecorder recorder;
  private final ExecutionTimes times = new ExecutionTimes(8, 1.5, FIRST_RUN_ESTIMATE);

  /** Records a rejection durably before the rejection document is committed. */
  public interface JournalRecorder {
    /** Appends the entry. */
    void record(JournalEntry entry);
  }

  /** A runner for one worker. */
  public TaskRunner(
      ArtifactFetcher fetcher,
      ResultStore store,
      Map<String, TaskExecutor> executors,
      String publicUrl,
      JournalRecorder recorder) {
    this.fetcher = fetcher;
    this.store = store;
    this.executors = Map.copyOf(executors);
    this.publicUrl = publicUrl;
    this.recorder = recorder;
  }

  /**
   * Warms every executor up before the node takes work, so that no task's commit window pays for
   * loading an engine: each executor's {@link TaskExecutor#warmUp()} runs twice, the first time
   * paying the load, the second measuring a warm run, which becomes the executor's expected time
   * until its first task has run. An executor that fails to warm up is logged and left cold; its
   * tasks then fail (or run) as they would have.
   *
   * @return the time the warm-up took
   */
  public Duration warmUp() {
    long start = System.nanoTime();
    StringBuilder took = new StringBuilder();
    for (TaskExecutor executor : executors.values()) {
      long cold = System.nanoTime();
      try {
        executor.warmUp();
        long warm = System.nanoTime();
        executor.warmUp();
        Duration run = Duration.ofNanos(System.nanoTime() - warm);
        times.warmedUp(executor.name(), run);
        took.append(
            String.format(
                java.util.Locale.ROOT,
                " %s %d ms (then %d ms);",
                executor.name(),
                (warm - cold) / 1_000_000,
                run.toMillis()));
      } catch (RuntimeException | LinkageError e) {
        LOG.warn("executor '{}' could not warm up: {}", executor.name(), e.getMessage());
      }
    }
    Duration total = Duration.ofNanos(System.nanoTime() - start);
    LOG.info("executors warmed up in {} ms:{}", total.toMillis(), took);
    return total;
  }

  /** How long the next run of {@code executor} is expected to take (fetching included). */
  Duration expected(String executor) {
    return times.expected(executor);
  }

  /**
   * Produces the result to commit; throws {@link TransientFailure} when an artifact (the spec, the
   * model or the inputs) cannot be fetched. Every other refusal becomes a rejection document.
   */
  public Prepared prepare(Assignment assignment) {
    return prepare(assignment, ADMIT_ALL);
  }

  /**
   * Like {@link #prepare(Assignment)}, but asks {@code admission} before fetching the model and
   * inputs and running the executor, and throws {@link Declined} when it refuses.
   */
  public Prepared prepare(Assignment assignment, Admission admission) {
    long start = System.nanoTime();
    Outcome<Result> outcome = run(assignment, admission);
    return switch (outcome) {
      case Outcome.Ok<Result> ok -> finish(ok.value(), start);
      case Outcome.Rejected<Result> r -> {
        Rejection rejection = r.rejection();
        if (rejection.code() == Rejection.Code.ARTIFACT_UNAVAILABLE) {
          throw new TransientFailure(rejection.toString());
        }
        LOG.warn("task {} rejected: {}", assignment.taskId(), rejection);
        recorder.record(
            new JournalEntry.ExecutionRejected(
                assignment.taskId(), rejection.code().id(), rejection.detail()));
        byte[] document = rejection.document();
        Bytes32 digest = Hashes.sha256(document);
        yield finish(new Result(document, digest), start);
      }
    };
  }

  @SuppressWarnings("ArrayRecordComponent") // a private carrier; the bytes are never shared
  private record Result(byte[] bytes, Bytes32 fingerprint) {}

  private Prepared finish(Result result, long start) {
    Bytes32 digest = store.put(result.bytes());
    String uri = publicUrl + "/artifacts/" + ArtifactStore.hex(digest);
    return new Prepared(digest, result.fingerprint(), uri, System.nanoTime() - start);
  }

  private Outcome<Result> run(Assignment assignment, Admission admission) {
    Outcome<byte[]> specBytes;
    try {
      specBytes =
          fetcher.fetch(
              new ArtifactRef(assignment.specDigest(), TaskSpec.MAX_BYTES, assignment.specUri()),
              assignment.mirrors());
    } catch (IllegalArgumentException e) {
      return Outcome.rejected(Rejection.Code.MALFORMED_SPEC, "spec URI: " + e.getMessage());
    }
    if (!(specBytes instanceof Outcome.Ok<byte[]> spec)) {
      Rejection why = ((Outcome.Rejected<byte[]>) specBytes).rejection();
      return why.code() == Rejection.Code.ARTIFACT_DIGEST_MISMATCH
          ? Outcome.rejected(Rejection.Code.SPEC_DIGEST_MISMATCH, why.detail())
          : new Outcome.Rejected<>(why);
    }
    return switch (TaskSpec.parse(spec.value())) {
      case Outcome.Rejected<TaskSpec> r -> new Outcome.Rejected<>(r.rejection());
      case Outcome.Ok<TaskSpec> ok -> execute(assignment, ok.value(), admission);
    };
  }

  private Outcome<Result> execute(Assignment assignment, TaskSpec spec, Admission admission) {
    TaskExecutor executor = executors.get(spec.executor());
    if (executor == null) {
      return Outcome.rejected(
          Rejection.Code.UNKNOWN_EXECUTOR,
          "executor '" + spec.executor() + "' is not available here " + executors.keySet());
    }
    if (assignment.similar()
        && assignment.maxDistance() < ResultFingerprint.MIN_RAW_DISTANCE
        && ResultFingerprint.isSimHash(spec)) {
      // The contract would compare SimHash fingerprints within fewer bits than honest replicas on
      // other hardware may differ by: step back (no pay, no penalty) rather than risk the stake.
      throw new Declined(
          "maxDistance "
              + assignment.maxDistance()
              + " is below the calibrated minimum of "
              + ResultFingerprint.MIN_RAW_DISTANCE
              + " bits for a SimHash fingerprint");
    }
    java.util.Optional<String> refusal =
        admission.refusal(spec.executor(), times.expected(spec.executor()));
    if (refusal.isPresent()) {
      throw new Declined(refusal.get());
    }
    long started = System.nanoTime();
    byte @Nullable [] model = null;
    ArtifactRef modelRef = spec.model();
    if (modelRef != null) {
      switch (fetcher.fetch(modelRef, assignment.mirrors())) {
        case Outcome.Rejected<byte[]> r -> {
          return new Outcome.Rejected<>(r.rejection());
        }
        case Outcome.Ok<byte[]> ok -> model = ok.value();
      }
    }
    byte[] inputs;
    switch (fetcher.fetch(spec.inputs(), assignment.mirrors())) {
      case Outcome.Rejected<byte[]> r -> {
        return new Outcome.Rejected<>(r.rejection());
      }
      case Outcome.Ok<byte[]> ok -> inputs = ok.value();
    }
    Outcome<TaskExecutor.Output> output = executor.run(spec, model, inputs);
    return switch (output) {
      case Outcome.Rejected<TaskExecutor.Output> r -> new Outcome.Rejected<>(r.rejection());
      case Outcome.Ok<TaskExecutor.Output> ok -> {
        times.record(spec.executor(), Duration.ofNanos(System.nanoTime() - started));
        yield result(assignment, spec, ok.value());
      }
    };
  }

  /**
   * The bytes to store and the fingerprint to commit, both per {@link ResultFingerprint}; an output
   * the spec's canonical form does not fit becomes a rejection.
   */
  private Outcome<Result> result(Assignment assignment, TaskSpec spec, TaskExecutor.Output output) {
    byte[] bytes = output.bytes();
    return switch (ResultFingerprint.of(spec, assignment.similar(), bytes)) {
      case Outcome.Rejected<Bytes32> r -> new Outcome.Rejected<>(r.rejection());
      case Outcome.Ok<Bytes32> ok -> Outcome.ok(new Result(bytes, ok.value()));
    };
  }
}

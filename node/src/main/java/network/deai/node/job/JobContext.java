package network.deai.node.job;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import network.deai.contracts.abi.Bytes32;
import network.deai.contracts.gen.TrainingJobs;
import network.deai.incentive.domain.reward.PenaltyPolicy;
import network.deai.learning.Dataset;
import network.deai.learning.Model;
import network.deai.learning.SoftmaxModel;
import network.deai.node.chain.TrainingJobsClient;
import network.deai.node.domain.ArtifactRef;
import network.deai.node.domain.Outcome;
import network.deai.node.domain.Rejection;
import network.deai.node.domain.Round;
import network.deai.node.domain.TaskSpec;
import network.deai.node.exec.ArtifactFetcher;
import network.deai.verifier.domain.sybil.IdentityHistory;
import org.jspecify.annotations.Nullable;
import org.web3j.protocol.core.methods.response.Log;

/**
 * What every participant of one job needs off-chain, read once from the chain and the artifact
 * stores: the spec (checked against its on-chain digest), its parameters, the validation set, and
 * models by digest (the initial one from the spec, later ones from the committee's reveals).
 */
public final class JobContext {
  /** The model of a job that names no data set: the digits softmax. */
  public static final SoftmaxModel MODEL = SoftmaxModel.digits();

  private final BigInteger jobId;
  private final TaskSpec spec;
  private final FlParameters parameters;
  private final Dataset validation;
  private final long createdBlock;
  private final TrainingJobsClient client;
  private final ArtifactFetcher fetcher;
  private final long maxBytes;
  private final Map<Bytes32, float[]> models = new HashMap<>();
  private final Map<Long, Map<String, IdentityHistory>> residualsByRound = new HashMap<>();

  private JobContext(
      BigInteger jobId,
      TaskSpec spec,
      FlParameters parameters,
      Dataset validation,
      long createdBlock,
      TrainingJobsClient client,
      ArtifactFetcher fetcher,
      long maxBytes) {
    this.jobId = jobId;
    this.spec = spec;
    this.parameters = parameters;
    this.validation = validation;
    this.createdBlock = createdBlock;
    this.client = client;
    this.fetcher = fetcher;
    this.maxBytes = maxBytes;
  }

  /**
   * Loads a job's spec, parameters and validation set.
   *
   * @throws IllegalArgumentException when {@link #open} rejects the job
   */
  public static JobContext load(
      TrainingJobsClient client, BigInteger jobId, ArtifactFetcher fetcher, long maxBytes) {
    return switch (open(client, jobId, fetcher, maxBytes)) {
      case Outcome.Ok<JobContext> ok -> ok.value();
      case Outcome.Rejected<JobContext> r ->
          throw new IllegalArgumentException("job " + jobId + ": " + r.rejection());
    };
  }

  /**
   * Opens a job: fetches its spec (checked against the on-chain digest), its parameters, its
   * validation set and its initial model (checked against the on-chain initial model digest), or
   * says why the job cannot be run. Every rejection but {@link #retryable} ones is final: honest
   * nodes that see the same bytes reach the same verdict, so the round can settle on it.
   */
  public static Outcome<JobContext> open(
      TrainingJobsClient client, BigInteger jobId, ArtifactFetcher fetcher, long maxBytes) {
    TrainingJobs.JobCreatedEventResponse created = client.jobCreated(jobId);
    Outcome<byte[]> specBytes =
        fetcher.fetch(new ArtifactRef(Bytes32.wrap(created.specDigest), maxBytes, created.specURI));
    if (!(specBytes instanceof Outcome.Ok<byte[]> specOk)) {
      return rejected(specBytes);
    }
    Outcome<TaskSpec> parsed = TaskSpec.parse(specOk.value());
    if (!(parsed instanceof Outcome.Ok<TaskSpec> parsedOk)) {
      return rejected(parsed);
    }
    TaskSpec spec = parsedOk.value();
    Bytes32 initial = Bytes32.wrap(created.initialModelDigest);
    if (!spec.executor().equals(FlParameters.EXECUTOR)) {
      return Outcome.rejected(
          Rejection.Code.UNKNOWN_EXECUTOR,
          "job spec names executor " + spec.executor() + ", not " + FlParameters.EXECUTOR);
    }
    if (spec.modelRef().isEmpty() || !spec.modelRef().get().digest().equals(initial)) {
      return Outcome.rejected(
          Rejection.Code.MALFORMED_SPEC,
          "job spec must name the job's initial model " + initial.toHex());
    }
    FlParameters parameters;
    try {
      parameters = FlParameters.parse(spec.parameters());
    } catch (IllegalArgumentException e) {
      return Outcome.rejected(Rejection.Code.MALFORMED_SPEC, String.valueOf(e.getMessage()));
    }
    Outcome<byte[]> validationBytes = fetcher.fetch(spec.inputs());
    Outcome<byte[]> modelBytes = fetcher.fetch(spec.modelRef().get());
    if (!(validationBytes instanceof Outcome.Ok<byte[]> validationOk)) {
      return rejected(validationBytes);
    }
    if (!(modelBytes instanceof Outcome.Ok<byte[]> modelOk)) {
      return rejected(modelBytes);
    }
    Dataset validation;
    float[] model;
    try {
      validation = FlFiles.readDataset(parameters.model(), validationOk.value());
    } catch (IllegalArgumentException e) {
      return Outcome.rejected(Rejection.Code.BAD_INPUT, "validation set: " + e.getMessage());
    }
    try {
      model = FlFiles.readModel(parameters.model(), modelOk.value());
    } catch (IllegalArgumentException e) {
      return Outcome.rejected(Rejection.Code.MODEL_LOAD_FAILED, "initial model: " + e.getMessage());
    }
    JobContext context =
        new JobContext(
            jobId,
            spec,
            parameters,
            validation,
            created.log.getBlockNumber().longValueExact(),
            client,
            fetcher,
            maxBytes);
    context.models.put(initial, model);
    return Outcome.ok(context);
  }

  /**
   * Whether a rejection may go away by itself (an artifact that could not be fetched right now), so
   * that a node should try again on a later block before it settles on the rejection.
   */
  public static boolean retryable(Rejection rejection) {
    return rejection.code() == Rejection.Code.ARTIFACT_UNAVAILABLE;
  }

  private static <T> Outcome<JobContext> rejected(Outcome<T> failed) {
    return switch (failed) {
      case Outcome.Rejected<T> r -> new Outcome.Rejected<>(r.rejection());
      case Outcome.Ok<T> ok -> throw new IllegalStateException("not a rejection");
    };
  }

  /** The job id. */
  public BigInteger jobId() {
    return jobId;
  }

  /** The spec. */
  public TaskSpec spec() {
    return spec;
  }

  /** The job's parameters. */
  public FlParameters parameters() {
    return parameters;
  }

  /** The model the job trains, fixed by the data set and architecture its parameters name. */
  public Model classifier() {
    return parameters.model();
  }

  /** The requester's validation set. */
  public Dataset validation() {
    return validation;
  }

  /** The block the job was created in (where its logs start). */
  public long createdBlock() {
    return createdBlock;
  }

  /** The initial model's digest. */
  public Bytes32 initialModel() {
    return spec.modelRef().orElseThrow().digest();
  }

  /**
   * The parameters of the model with {@code digest}: the spec's initial model, or one a committee
   * member revealed (fetched from the revealers in turn, digest-checked).
   *
   * @throws IllegalStateException when no holder serves it
   */
  public synchronized float[] model(Bytes32 digest) {
    float[] cached = models.get(digest);
    if (cached != null) {
      return cached.clone();
    }
    List<String> uris = new ArrayList<>();
    if (digest.equals(initialModel())) {
      uris.add(spec.modelRef().orElseThrow().uri());
    }
    for (Log log :
        TrainingJobsClient.only(
            client.jobLogs(jobId, createdBlock), TrainingJobs.AGGREGATEREVEALED_EVENT)) {
      TrainingJobs.AggregateRevealedEventResponse e =
          TrainingJobs.getAggregateRevealedEventFromLog(log);
      if (Bytes32.wrap(e.modelDigest).equals(digest)) {
        uris.add(e.modelURI);
      }
    }
    String last = "no holder announced it";
    for (String uri : uris) {
      switch (fetcher.fetch(new ArtifactRef(digest, maxBytes, uri))) {
        case Outcome.Ok<byte[]> ok -> {
          float[] params = FlFiles.readModel(classifier(), ok.value());
          models.put(digest, params);
          return params.clone();
        }
        case Outcome.Rejected<byte[]> r -> last = r.rejection().detail();
      }
    }
    throw new IllegalStateException("model " + digest + " unavailable: " + last);
  }

  /**
   * The revealed updates of a round, by trainer index: fetched from the revealed URI, checked
   * against the on-chain digest, and parsed; a revealed update that fails any of this is invalid.
   */
  public Updates updates(Round round, long roundNumber) {
    int n = round.trainers().size();
    List<float @Nullable []> deltas = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      deltas.add(null);
    }
    int invalid = 0;
    int unavailable = 0;
    Map<Integer, String> uris = new HashMap<>();
    for (Log log :
        client.roundLogs(TrainingJobs.UPDATEREVEALED_EVENT, jobId, roundNumber, createdBlock)) {
      TrainingJobs.UpdateRevealedEventResponse e = TrainingJobs.getUpdateRevealedEventFromLog(log);
      uris.put(e.index.intValueExact(), e.updateURI);
    }
    long revealed = round.trainRevealed();
    for (int i = 0; i < n; i++) {
      if ((revealed & (1L << i)) == 0) {
        continue;
      }
      String uri = uris.get(i);
      Bytes32 digest = round.updateDigests().get(i);
      if (uri == null) {
        invalid |= 1 << i;
        continue;
      }
      Outcome<byte[]> fetched = fetcher.fetch(new ArtifactRef(digest, maxBytes, uri));
      if (fetched instanceof Outcome.Ok<byte[]> ok) {
        try {
          deltas.set(i, FlFiles.readUpdate(ok.value(), classifier().parameterCount()));
        } catch (IllegalArgumentException e) {
          invalid |= 1 << i;
        }
      } else if (fetched instanceof Outcome.Rejected<byte[]> r && retryable(r.rejection())) {
        invalid |= 1 << i;
        unavailable |= 1 << i;
      } else {
        invalid |= 1 << i;
      }
    }
    return new Updates(round.trainers(), deltas, invalid, unavailable);
  }

  /**
   * A round's trainers (addresses by index), updates by trainer index (null: not revealed), its
   * invalid mask, and the part of it that could not be fetched right now (as opposed to bytes that
   * are wrong).
   */
  public record Updates(
      List<String> trainers,
      List<float @Nullable []> deltas,
      int invalidMask,
      int unavailableMask) {}

  /**
   * Each of {@code trainers}' history before round {@code roundNumber} (Sybil residuals and round
   * centres, {@link RoundComputation.Result#histories}): the sum, in round order, over rounds 0 to
   * {@code roundNumber − 1} where it revealed a valid update, recomputed from those rounds'
   * revealed updates; null for a trainer with none. Addresses compare case-insensitively.
   */
  public List<@Nullable IdentityHistory> histories(List<String> trainers, long roundNumber) {
    Map<String, IdentityHistory> sums = new java.util.TreeMap<>();
    for (long r = 0; r < roundNumber; r++) {
      Map<String, IdentityHistory> round = residuals(r);
      for (Map.Entry<String, IdentityHistory> e : round.entrySet()) {
        sums.put(e.getKey(), IdentityHistory.accumulate(sums.get(e.getKey()), e.getValue()));
      }
    }
    List<@Nullable IdentityHistory> out = new ArrayList<>();
    for (String trainer : trainers) {
      out.add(sums.get(trainer.toLowerCase(java.util.Locale.ROOT)));
    }
    return out;
  }

  /** Round {@code r}'s history per trainer address (lower case) with a valid update; cached. */
  private synchronized Map<String, IdentityHistory> residuals(long r) {
    Map<String, IdentityHistory> cached = residualsByRound.get(r);
    if (cached != null) {
      return cached;
    }
    Updates updates = updates(client.round(jobId, r), r);
    List<network.deai.verifier.domain.aggregation.ModelUpdate> valid = new ArrayList<>();
    for (int i = 0; i < updates.deltas().size(); i++) {
      float[] u = updates.deltas().get(i);
      if (u != null && (updates.invalidMask() & (1 << i)) == 0) {
        valid.add(new network.deai.verifier.domain.aggregation.ModelUpdate(i, u, 1));
      }
    }
    Map<String, IdentityHistory> byTrainer = new java.util.TreeMap<>();
    List<IdentityHistory> round =
        valid.isEmpty() ? List.of() : IdentityHistory.ofRound(valid, step(r, valid));
    for (int k = 0; k < valid.size(); k++) {
      byTrainer.put(
          updates.trainers().get(valid.get(k).worker()).toLowerCase(java.util.Locale.ROOT),
          round.get(k));
    }
    if (updates.unavailableMask() == 0) {
      residualsByRound.put(r, byTrainer);
    }
    return byTrainer;
  }

  /**
   * Round {@code r}'s step: the job's robust rule's aggregate of its valid updates, as {@link
   * RoundComputation} computed it, from the model the round started with (its {@code RoundStarted}
   * event).
   */
  private float[] step(long r, List<network.deai.verifier.domain.aggregation.ModelUpdate> valid) {
    @Nullable Bytes32 start = null;
    for (Log log :
        TrainingJobsClient.only(
            client.jobLogs(jobId, createdBlock), TrainingJobs.ROUNDSTARTED_EVENT)) {
      TrainingJobs.RoundStartedEventResponse e = TrainingJobs.getRoundStartedEventFromLog(log);
      if (e.round.longValueExact() == r) {
        start = Bytes32.wrap(e.modelDigest);
      }
    }
    if (start == null) {
      throw new IllegalStateException("round " + r + " of job " + jobId + " has not started");
    }
    return RoundComputation.rule(
            parameters,
            valid.size(),
            classifier(),
            model(start),
            validation,
            valid,
            PenaltyPolicy.roundSeed(spec.seed(), r))
        .aggregate(valid)
        .aggregate();
  }

  /** Computes a round as the committee does, from the model it started with. */
  public RoundComputation.Result compute(Round round, long roundNumber, Bytes32 start) {
    return compute(updates(round, roundNumber), roundNumber, start);
  }

  /** Computes a round from its fetched {@code updates}, from the model it started with. */
  public RoundComputation.Result compute(Updates updates, long roundNumber, Bytes32 start) {
    return RoundComputation.compute(
        classifier(),
        model(start),
        updates.deltas(),
        updates.invalidMask(),
        validation,
        parameters,
        PenaltyPolicy.roundSeed(spec.seed(), roundNumber),
        histories(updates.trainers(), roundNumber));
  }
}

package network.deai.node.job;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigInteger;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicLong;
import network.deai.contracts.abi.Address;
import network.deai.contracts.abi.Bytes32;
import network.deai.contracts.abi.Commitment;
import network.deai.contracts.chain.CustomErrors;
import network.deai.contracts.gen.TrainingJobs;
import network.deai.node.chain.TrainingJobsClient;
import network.deai.node.chain.TransactionSender;
import network.deai.node.domain.ChainNames;
import network.deai.node.domain.Outcome;
import network.deai.node.domain.Rejection;
import network.deai.node.exec.ArtifactFetcher;
import network.deai.node.exec.ArtifactStore;
import network.deai.node.learning.Dataset;
import network.deai.node.learning.GaussianNoise;
import network.deai.node.learning.SignFlip;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A node's part in training jobs. Every poll it reads its own record; when the TrainingJobs
 * contract has selected it for a job's current round it acts on the round's effective stage:
 *
 * <ul>
 *   <li>trainer: TrainCommit → fetch the current model, train on the local shard, store the update
 *       in the artifact store, journal (digest, salt, URI), commit; TrainReveal → reveal;
 *   <li>aggregator: AggregateCommit → fetch and check the revealed updates, run {@link
 *       RoundComputation}, store the new model, journal, commit; AggregateReveal → reveal, then
 *       once reveals are over, post the agreed scores with {@code settleRound} (members take turns
 *       by index, one block apart, so they do not race).
 * </ul>
 *
 * Every step is derived from chain state plus the journal, so a restarted node resumes where it
 * stopped and never commits twice differently.
 */
public final class JobService implements AutoCloseable {
  static final Logger LOG = LoggerFactory.getLogger(JobService.class);
  private static final BigInteger GAS = BigInteger.valueOf(6_000_000);
  private static final Duration CONFIRM = Duration.ofSeconds(60);

  /** What a node does in jobs. */
  public enum Role {
    TRAINER,
    AGGREGATOR
  }

  /** How a trainer behaves (the devnet's Byzantine trainers use the attacks). */
  public enum Behaviour {
    HONEST,
    SIGN_FLIP,
    NOISE
  }

  /**
   * A node's job settings.
   *
   * @param role trainer or aggregator
   * @param behaviour honest, or an attack (devnet only)
   * @param trainer shard trainer name ({@code djl} or {@code java})
   * @param shard the local training shard (trainers only)
   * @param maxArtifactBytes largest artifact fetched
   * @param poll poll interval
   */
  public record Settings(
      Role role,
      Behaviour behaviour,
      String trainer,
      @Nullable Dataset shard,
      long maxArtifactBytes,
      Duration poll) {}

  final TrainingJobsClient client;
  final TransactionSender sender;
  final ArtifactStore store;
  private final ArtifactFetcher fetcher;
  final String artifactBaseUrl;
  final JobJournal journal;
  private final Settings settings;
  private final ShardTrainer shardTrainer;
  private final AggregatorRole aggregator = new AggregatorRole(this);
  private final SecureRandom random = new SecureRandom();
  private final Map<BigInteger, Outcome<JobContext>> setups = new HashMap<>();
  final AtomicLong rounds = new AtomicLong();
  private volatile boolean running = true;
  private @Nullable Thread thread;

  /**
   * A service for the key behind {@code sender}.
   *
   * @param artifactBaseUrl URL prefix under which this node serves {@code /artifacts/<sha256>}
   */
  public JobService(
      TrainingJobsClient client,
      TransactionSender sender,
      ArtifactStore store,
      ArtifactFetcher fetcher,
      String artifactBaseUrl,
      JobJournal journal,
      Settings settings) {
    this.client = client;
    this.sender = sender;
    this.store = store;
    this.fetcher = fetcher;
    this.artifactBaseUrl = artifactBaseUrl;
    this.journal = journal;
    this.settings = settings;
    this.shardTrainer = ShardTrainer.named(settings.trainer(), JobContext.MODEL);
    if (settings.role() == Role.TRAINER && settings.shard() == null) {
      throw new IllegalArgumentException("a trainer needs a local shard");
    }
  }

  /** Starts the poll loop on its own thread. */
  public synchronized JobService start() {
    Thread t = new Thread(this::loop, "job-" + sender.address().substring(0, 10));
    t.setDaemon(true);
    thread = t;
    t.start();
    return this;
  }

  /** Contributions prepared so far (updates or aggregates). */
  public long contributions() {
    return rounds.get();
  }

  private void loop() {
    long lastBlock = -1;
    while (running) {
      try {
        // The contract's state only changes with a block, so one pass per block is enough.
        long head = client.blockNumber();
        if (head != lastBlock) {
          tick();
          lastBlock = head;
        }
      } catch (RuntimeException e) {
        LOG.warn("{}: {}", sender.address(), String.valueOf(e.getMessage()));
      }
      try {
        Thread.sleep(settings.poll().toMillis());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }

  /** One pass: act on the round this node is selected for, if any. */
  public void tick() {
    String self = sender.address();
    BigInteger jobId = client.node(self).activeTask;
    if (jobId.signum() == 0) {
      return;
    }
    TrainingJobs.JobView job = client.job(jobId);
    if (job.state.intValueExact() != ChainNames.JOB_RUNNING) {
      return;
    }
    long round = job.round.longValueExact();
    TrainingJobs.RoundView view = client.round(jobId, round);
    int stage = view.stage.intValueExact();
    if (settings.role() == Role.TRAINER) {
      int index = indexOf(view.trainers, self);
      if (index >= 0) {
        train(jobId, job, view, round, index, stage);
      }
    } else {
      int index = indexOf(view.committee, self);
      if (index >= 0) {
        aggregator.act(jobId, job, view, round, index, stage);
      }
    }
  }

  /**
   * The job's context, or why it cannot be run. A final answer is kept; a {@linkplain
   * JobContext#retryable retryable} one is asked again on the next call.
   */
  Outcome<JobContext> setup(BigInteger jobId) {
    Outcome<JobContext> known = setups.get(jobId);
    if (known != null) {
      return known;
    }
    Outcome<JobContext> opened =
        JobContext.open(client, jobId, fetcher, settings.maxArtifactBytes());
    if (!(opened instanceof Outcome.Rejected<JobContext> r
        && JobContext.retryable(r.rejection()))) {
      setups.put(jobId, opened);
    }
    return opened;
  }

  /**
   * Whether a commit sent now is the last one that still lands inside the stage: until then a node
   * waits for artifacts that could not be fetched rather than give up on them.
   */
  boolean lastChance(TrainingJobs.RoundView view) {
    return client.blockNumber() + 2 >= view.deadline.longValueExact();
  }

  private void train(
      BigInteger jobId,
      TrainingJobs.JobView job,
      TrainingJobs.RoundView view,
      long round,
      int index,
      int stage) {
    String key = JobJournal.key(jobId, round, "update");
    long bit = 1L << index;
    if (stage == ChainNames.TRAIN_COMMIT && (view.trainCommitted.longValueExact() & bit) == 0) {
      Optional<ObjectNode> prepared =
          journal.get(key).or(() -> prepareUpdate(jobId, job, view, round, key));
      if (prepared.isEmpty()) {
        return; // an artifact is unavailable for now: try again on the next block
      }
      ObjectNode entry = prepared.get();
      Bytes32 digest = Bytes32.fromHex(entry.path("digest").asText());
      Bytes32 commitment = commitment(jobId, round, digest, digest, entry);
      send(
          client.commitUpdateData(jobId, commitment),
          "commitUpdate job " + jobId + " round " + round);
    } else if (stage == ChainNames.TRAIN_REVEAL
        && (view.trainCommitted.longValueExact() & bit) != 0
        && (view.trainRevealed.longValueExact() & bit) == 0) {
      ObjectNode entry = journal.get(key).orElseThrow();
      send(
          client.revealUpdateData(
              jobId,
              Bytes32.fromHex(entry.path("digest").asText()),
              Bytes32.fromHex(entry.path("salt").asText()),
              entry.path("uri").asText()),
          "revealUpdate job " + jobId + " round " + round);
    }
  }

  private Optional<ObjectNode> prepareUpdate(
      BigInteger jobId,
      TrainingJobs.JobView job,
      TrainingJobs.RoundView view,
      long round,
      String key) {
    return switch (setup(jobId)) {
      case Outcome.Ok<JobContext> ok -> Optional.of(trainUpdate(ok.value(), job, round, key));
      case Outcome.Rejected<JobContext> r -> {
        if (JobContext.retryable(r.rejection()) && !lastChance(view)) {
          LOG.info("{}: job {} waits: {}", sender.address(), jobId, r.rejection());
          yield Optional.empty();
        }
        yield Optional.of(refuseUpdate(jobId, round, key, r.rejection()));
      }
    };
  }

  /**
   * A trainer's answer to a job it cannot run: it commits to the job's rejection document, as a
   * worker does for a task with bad input, so that it is on record as present and refusing.
   */
  private ObjectNode refuseUpdate(BigInteger jobId, long round, String key, Rejection why) {
    Bytes32 digest = store.put(why.document());
    ObjectNode entry = JsonNodeFactory.instance.objectNode();
    entry.put("key", key);
    entry.put("digest", hex(digest));
    entry.put("salt", hex(salt()));
    entry.put("uri", artifactBaseUrl + "/artifacts/" + ArtifactStore.hex(digest));
    entry.put("refused", why.code().id());
    journal.append(entry);
    LOG.warn("{} refuses job {} round {}: {}", sender.address(), jobId, round, why);
    return entry;
  }

  private ObjectNode trainUpdate(
      JobContext context, TrainingJobs.JobView job, long round, String key) {
    float[] global = context.model(Bytes32.wrap(job.modelDigest));
    Dataset shard = java.util.Objects.requireNonNull(settings.shard());
    long seed = context.spec().seed() * 1_000_003L + round * 7_919L + sender.address().hashCode();
    float[] delta = shardTrainer.train(global, shard, context.parameters().training(), seed);
    SplittableRandom rng = new SplittableRandom(seed);
    delta =
        switch (settings.behaviour()) {
          case HONEST -> delta;
          case SIGN_FLIP -> new SignFlip(1.0).craft(delta, List.of(), rng);
          case NOISE -> new GaussianNoise(1.0).craft(delta, List.of(), rng);
        };
    Bytes32 digest = store.put(FlFiles.update(delta));
    ObjectNode entry = JsonNodeFactory.instance.objectNode();
    entry.put("key", key);
    entry.put("digest", hex(digest));
    entry.put("salt", hex(salt()));
    entry.put("uri", artifactBaseUrl + "/artifacts/" + ArtifactStore.hex(digest));
    journal.append(entry);
    rounds.incrementAndGet();
    LOG.info(
        "{} trained job {} round {} with {} ({} rows)",
        sender.address(),
        context.jobId(),
        round,
        shardTrainer.name(),
        shard.size());
    return entry;
  }

  void send(String data, String what) {
    Optional<CustomErrors.Decoded> error = client.simulate(sender.address(), data, BigInteger.ZERO);
    if (error.isPresent()) {
      LOG.info("{}: skipped, it would revert: {}", what, error.get());
      return;
    }
    sender.confirm(sender.send(client.address(), BigInteger.ZERO, data, GAS), CONFIRM, what);
  }

  /** This node's commitment for a round, with the salt journalled in {@code entry}. */
  Bytes32 commitment(
      BigInteger jobId, long round, Bytes32 digest, Bytes32 fingerprint, ObjectNode entry) {
    return Commitment.compute(
        client.chainId(),
        Address.of(client.address()),
        TrainingJobsClient.roundKey(jobId, round),
        Address.of(sender.address()),
        digest,
        fingerprint,
        Bytes32.fromHex(entry.path("salt").asText()));
  }

  Bytes32 salt() {
    byte[] bytes = new byte[Bytes32.SIZE];
    random.nextBytes(bytes);
    return Bytes32.wrap(bytes);
  }

  static String hex(Bytes32 value) {
    return value.toHex().replaceFirst("^0x", "");
  }

  private static int indexOf(List<String> addresses, String self) {
    for (int i = 0; i < addresses.size(); i++) {
      if (addresses.get(i).equalsIgnoreCase(self)) {
        return i;
      }
    }
    return -1;
  }

  @Override
  public void close() {
    running = false;
    Thread t = thread;
    if (t != null) {
      t.interrupt();
      try {
        t.join(5_000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }
}

package network.deai.node.job;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigInteger;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import network.deai.contracts.abi.Address;
import network.deai.contracts.abi.Bytes32;
import network.deai.contracts.abi.Commitment;
import network.deai.learning.Dataset;
import network.deai.node.chain.ChainError;
import network.deai.node.chain.RoundStarter;
import network.deai.node.chain.TrainingJobsClient;
import network.deai.node.chain.TransactionSender;
import network.deai.node.domain.Job;
import network.deai.node.domain.Node;
import network.deai.node.domain.Outcome;
import network.deai.node.domain.Round;
import network.deai.node.exec.ArtifactFetcher;
import network.deai.node.exec.ArtifactStore;
import network.deai.node.exec.Metrics;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A node's part in training jobs. Every poll it reads its own record; when the TrainingJobs
 * contract has selected it for a job's current round it acts on the round's effective stage:
 *
 * <ul>
 *   <li>trainer ({@link TrainerRole}): TrainCommit → fetch the current model, train on the local
 *       shard, store the update in the artifact store, journal (digest, salt, URI), commit;
 *       TrainReveal → reveal;
 *   <li>aggregator ({@link AggregatorRole}): AggregateCommit → fetch and check the revealed
 *       updates, run {@link RoundComputation}, store the new model, journal, commit;
 *       AggregateReveal → reveal, then once reveals are over, post the agreed scores with {@code
 *       settleRound} (members take turns by index, one block apart, so they do not race); Challenge
 *       → a member whose computed aggregate differs from the recorded verdict challenges it
 *       (bonding slashAmount), otherwise, once the window is over, an agreeing member pays the
 *       round out with a second {@code settleRound}. Drawn into a challenged round's escalation, it
 *       aggregates as a member; a first-round member waits while the escalation works.
 * </ul>
 *
 * A job that honest nodes cannot run (its spec, validation set or initial model is unusable) is
 * refused on record: trainers commit to its rejection document, and the committee to the refusal of
 * {@link RoundAggregate#refused}, so the round settles with nobody penalised (the trainers that
 * refused share the pool, since no score is positive). An artifact that merely cannot be fetched
 * now is tried again on every block until the stage's last chance. Every step is derived from chain
 * state plus the journal, so a restarted node resumes where it stopped and never commits twice
 * differently.
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

  /** How a trainer behaves (the devnet's Byzantine trainers and Sybils use the attacks). */
  public enum Behaviour {
    HONEST,
    SIGN_FLIP,
    NOISE,
    /**
     * One identity of a Sybil owner: trains with the owner's seed (the job seed and round, not its
     * address), so identities holding the owner's shard compute one update, and sends its own
     * noised copy of it ({@link network.deai.learning.NoisedCopy}, cosine 0.8–0.95).
     */
    NOISED_COPY
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
  final Settings settings;
  final JobMetrics metrics;
  private final TrainerRole trainer;
  private final AggregatorRole aggregator = new AggregatorRole(this);
  private final WaitingJobs waiting;
  private final SecureRandom random = new SecureRandom();
  private final Map<BigInteger, Outcome<JobContext>> setups = new HashMap<>();
  private final java.util.Set<String> warnedRounds = new java.util.HashSet<>();
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
    this(
        client,
        sender,
        store,
        fetcher,
        artifactBaseUrl,
        journal,
        settings,
        JobMetrics.of(new Metrics()));
  }

  /**
   * A service for the key behind {@code sender} that counts its rounds and transactions in {@code
   * metrics} (the worker's, so that they are served at the same {@code /metrics}).
   */
  public JobService(
      TrainingJobsClient client,
      TransactionSender sender,
      ArtifactStore store,
      ArtifactFetcher fetcher,
      String artifactBaseUrl,
      JobJournal journal,
      Settings settings,
      JobMetrics metrics) {
    this.client = client;
    this.sender = sender;
    this.store = store;
    this.fetcher = fetcher;
    this.artifactBaseUrl = artifactBaseUrl;
    this.journal = journal;
    this.settings = settings;
    this.metrics = metrics;
    this.trainer = new TrainerRole(this, settings.trainer());
    this.waiting = new WaitingJobs(client, new RoundStarter(client, sender), sender.address());
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
    String lastError = "";
    while (running) {
      try {
        // The contract's state only changes with a block, so one pass per block is enough.
        long head = client.blockNumber();
        if (head != lastBlock) {
          lastBlock = head; // a failed pass is tried again on the next block
          tick();
        }
      } catch (RuntimeException e) {
        if (!running) {
          LOG.info("{}: stopped: {}", sender.address(), String.valueOf(e.getMessage()));
          return;
        }
        metrics.passFailed();
        String message = String.valueOf(e);
        if (message.equals(lastError)) {
          LOG.warn("{}: {} (again)", sender.address(), message);
        } else {
          LOG.warn("{}: job pass failed, retrying", sender.address(), e);
          lastError = message;
        }
      }
      try {
        Thread.sleep(settings.poll().toMillis());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }

  /**
   * One pass: act on the round this node is selected for, if any; an idle node instead starts the
   * waiting rounds of jobs that draw on its class.
   */
  public void tick() {
    String self = sender.address();
    Node me = client.node(self);
    if (me.activeTask() == 0) {
      if (me.isActive()) {
        waiting.tick(client.blockNumber(), me.gpuClass());
      }
      return;
    }
    BigInteger jobId = BigInteger.valueOf(me.activeTask());
    Job job = client.job(jobId);
    // A node stays assigned to a waiting job only while its challenged round waits for the
    // escalation's draw: it pays the round out if the escalation never starts.
    if (!job.state().isOpen()) {
      return;
    }
    long round = job.round();
    Round view = client.round(jobId, round);
    List<String> mine = settings.role() == Role.TRAINER ? view.trainers() : view.committee();
    int index = indexOf(mine, self);
    if (index >= 0) {
      metrics.selected(jobId.longValue(), round);
    }
    if (index < 0) {
      warnOfWrongRole(jobId, job, view, round);
    } else if (settings.role() == Role.TRAINER) {
      trainer.act(jobId, job, view, round, index);
    } else {
      aggregator.act(jobId, job, view, round, index);
    }
  }

  /**
   * The contract picks trainers and committee members by GPU class alone, so a node registered in
   * the other role's class is picked for work it does not do (and will be a no-show): say so.
   */
  private void warnOfWrongRole(BigInteger jobId, Job job, Round view, long round) {
    List<String> other = settings.role() == Role.TRAINER ? view.committee() : view.trainers();
    if (indexOf(other, sender.address()) >= 0 && warnedRounds.add(jobId + "/" + round)) {
      long wanted = settings.role() == Role.TRAINER ? job.trainerClass() : job.aggregatorClass();
      LOG.warn(
          "{} was picked as {} of job {} round {}, but job_role is {}: it will be penalised as"
              + " a no-show; run the {} role with a key registered with gpu_class = {} (a node's"
              + " class is fixed while it is registered), or change job_role",
          sender.address(),
          settings.role() == Role.TRAINER ? "a committee member" : "a trainer",
          jobId,
          round,
          settings.role().name().toLowerCase(java.util.Locale.ROOT),
          settings.role().name().toLowerCase(java.util.Locale.ROOT),
          wanted);
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
  boolean lastChance(Round view) {
    return client.blockNumber() + 2 >= view.deadline();
  }

  void send(String data, String what) {
    send(data, BigInteger.ZERO, what);
  }

  /** Simulates, then sends {@code data} with {@code value} wei and waits for its receipt. */
  void send(String data, BigInteger value, String what) {
    Optional<ChainError> error = client.simulate(sender.address(), data, value);
    if (error.isPresent()) {
      LOG.info("{}: skipped, it would revert: {}", what, error.get().describe());
      metrics.failed(what, "would-revert");
      return;
    }
    try {
      sender.confirm(sender.send(client.address(), value, data, GAS), CONFIRM, what);
    } catch (RuntimeException e) {
      metrics.failed(what, "failed");
      throw e;
    }
    metrics.sent(what);
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

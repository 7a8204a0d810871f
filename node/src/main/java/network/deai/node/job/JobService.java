package network.deai.node.job;

import java.time.Duration;
import network.deai.learning.Dataset;
import network.deai.node.chain.RoundStarter;
import network.deai.node.chain.TrainingJobsClient;
import network.deai.node.chain.TransactionSender;
import network.deai.node.exec.ArtifactFetcher;
import network.deai.node.exec.ArtifactStore;
import network.deai.node.exec.Metrics;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A node's part in training jobs: a poll loop that makes one pass per block ({@link
 * RoundDispatcher}). When the TrainingJobs contract has selected the node for a job's current round
 * it acts on the round's effective stage:
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
 * refused share the pool: the refusal scores each trainer 1). An artifact that merely cannot be
 * fetched now is tried again on every block until the stage's last chance. Every step is derived
 * from chain state plus the journal, so a restarted node resumes where it stopped and never commits
 * twice differently.
 *
 * <p>The parts: {@link JobSetups} opens each job once, {@link Submissions} sends the node's
 * transactions, {@link Contributions} stores and journals what it prepared, and each role gets
 * these by constructor.
 */
public final class JobService implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(JobService.class);

  /** What a node does in jobs. */
  public enum Role {
    TRAINER,
    AGGREGATOR
  }

  /**
   * A node's job settings.
   *
   * @param role trainer or aggregator
   * @param trainer shard trainer name ({@code djl} or {@code java})
   * @param shard the local training shard (trainers only)
   * @param maxArtifactBytes largest artifact fetched
   * @param poll poll interval
   */
  public record Settings(
      Role role, String trainer, @Nullable Dataset shard, long maxArtifactBytes, Duration poll) {}

  private final TrainingJobsClient client;
  private final String address;
  private final Duration poll;
  private final JobMetrics metrics;
  private final Contributions contributions;
  private final RoundDispatcher dispatcher;
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
    this(
        client,
        sender,
        store,
        fetcher,
        artifactBaseUrl,
        journal,
        settings,
        metrics,
        UpdatePolicy.HONEST);
  }

  /**
   * As above, a trainer making its updates through {@code updates} (a node's is {@link
   * UpdatePolicy#HONEST}; a test harness may run other trainers).
   */
  public JobService(
      TrainingJobsClient client,
      TransactionSender sender,
      ArtifactStore store,
      ArtifactFetcher fetcher,
      String artifactBaseUrl,
      JobJournal journal,
      Settings settings,
      JobMetrics metrics,
      UpdatePolicy updates) {
    ShardTrainer.named(settings.trainer(), JobContext.MODEL); // an unknown name fails either role
    this.client = client;
    this.address = sender.address();
    this.poll = settings.poll();
    this.metrics = metrics;
    this.contributions = new Contributions(journal, store, artifactBaseUrl);
    Submissions submissions = new Submissions(client, sender, metrics);
    JobSetups setups = new JobSetups(client, fetcher, settings.maxArtifactBytes());
    JobRole actor =
        switch (settings.role()) {
          case TRAINER ->
              new TrainerRole(
                  client,
                  setups,
                  submissions,
                  contributions,
                  metrics,
                  settings.trainer(),
                  shardOf(settings),
                  updates);
          case AGGREGATOR ->
              new AggregatorRole(client, setups, submissions, contributions, metrics);
        };
    this.dispatcher =
        new RoundDispatcher(
            client,
            address,
            settings.role(),
            actor,
            new WaitingJobs(client, new RoundStarter(client, sender), address),
            metrics);
  }

  private static Dataset shardOf(Settings settings) {
    Dataset shard = settings.shard();
    if (shard == null) {
      throw new IllegalArgumentException("a trainer needs a local shard");
    }
    return shard;
  }

  /** Starts the poll loop on its own thread. */
  public synchronized JobService start() {
    Thread t = new Thread(this::loop, "job-" + address.substring(0, 10));
    t.setDaemon(true);
    thread = t;
    t.start();
    return this;
  }

  /** Contributions prepared so far (updates or aggregates). */
  public long contributions() {
    return contributions.prepared();
  }

  /**
   * One pass: act on the round this node is selected for, if any; an idle node instead starts the
   * waiting rounds of jobs that draw on its class.
   */
  public void tick() {
    dispatcher.tick();
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
          LOG.info("{}: stopped: {}", address, String.valueOf(e.getMessage()));
          return;
        }
        metrics.passFailed();
        String message = String.valueOf(e);
        if (message.equals(lastError)) {
          LOG.warn("{}: {} (again)", address, message);
        } else {
          LOG.warn("{}: job pass failed, retrying", address, e);
          lastError = message;
        }
      }
      try {
        Thread.sleep(poll.toMillis());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
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

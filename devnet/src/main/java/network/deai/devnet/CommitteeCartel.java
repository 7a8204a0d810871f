package network.deai.devnet;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vertx.core.Vertx;
import java.io.PrintStream;
import java.math.BigInteger;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import network.deai.contracts.anvil.Anvil;
import network.deai.learning.DataSplit;
import network.deai.learning.Dataset;
import network.deai.learning.DigitsDataset;
import network.deai.learning.Partitioner;
import network.deai.node.chain.ContractDeployer;
import network.deai.node.chain.TrainingJobsClient;
import network.deai.node.chain.TransactionSender;
import network.deai.node.domain.JobJournalEntry.AggregatePrepared;
import network.deai.node.domain.NodeDeclaration;
import network.deai.node.exec.ArtifactStore;
import network.deai.node.job.FlParameters;
import network.deai.node.job.JobJournal;
import network.deai.node.job.JobService;
import network.deai.node.job.UpdatePolicy;
import org.jspecify.annotations.Nullable;
import org.web3j.crypto.Credentials;
import org.web3j.protocol.Web3j;

/**
 * The committee-cartel attack on TrainingJobs: one round, four honest trainers, a committee of
 * exactly three aggregators of which two are a cartel ({@link CartelDriver}) and one runs the node
 * software. The cartel's bare majority decides the round's first verdict; the honest member, whose
 * own aggregate differs, challenges it, and seven more honest aggregators (joining once the
 * committee is drawn) are who the escalation can draw: their verdict replaces the cartel's, which
 * is slashed (docs/protocol.md §4).
 */
final class CommitteeCartel implements AutoCloseable {
  /** Key slots: requester, trainers, honest aggregator, two cartel members, escalation pool. */
  static final int KEYS = 1 + 4 + 1 + 2 + 7;

  private static final int TRAINERS = 4;

  /** Fresh aggregators a challenge of a 3-member committee draws (2 · 3 + 1). */
  private static final int ESCALATION = 7;

  private final long seed;
  private final Path workDir;
  private final PrintStream out;
  private final List<JobService> services = new ArrayList<>();
  private final Vertx vertx = Vertx.vertx();
  private int booksChecks;
  private int booksViolations;

  CommitteeCartel(long seed, Path workDir, PrintStream out) {
    this.seed = seed;
    this.workDir = workDir.resolve("cartel");
    this.out = out;
  }

  int booksChecks() {
    return booksChecks;
  }

  int booksViolations() {
    return booksViolations;
  }

  /** Runs the attack with {@code keys} ({@link #KEYS} funded keys) on {@code chain}. */
  AttackResult run(Anvil chain, Web3j web3j, List<Credentials> keys) throws Exception {
    String contract =
        ContractDeployer.deployTrainingJobs(
            web3j, keys.get(0), chain.chainId(), Devnet.parameters());
    TrainingJobsClient client = TrainingJobsClient.connect(web3j, contract, chain.chainId());
    DataSplit split = DigitsDataset.split(seed);
    List<Dataset> shards = Partitioner.dirichlet(split.train(), TRAINERS, FlDevnet.ALPHA, 20, seed);
    List<FlDevnet.Member> honest = new ArrayList<>();
    for (int i = 0; i < TRAINERS; i++) {
      honest.add(new FlDevnet.Member("trainer-" + i, "honest", keys.get(1 + i)));
      start(client, honest.get(i), JobService.Role.TRAINER, shards.get(i), null);
    }
    FlDevnet.Member aggregator = new FlDevnet.Member("aggregator", "honest", keys.get(5));
    honest.add(aggregator);
    JobJournal honestJournal = JobJournal.open(workDir.resolve("aggregator-journal"));
    start(client, aggregator, JobService.Role.AGGREGATOR, null, honestJournal);
    List<TransactionSender> cartel = registerCartel(client, keys.subList(6, 8));
    ArtifactStore store = new ArtifactStore(workDir.resolve("requester"));
    FlDevnet.Options options = new FlDevnet.Options(TRAINERS, 3, 1, seed, 1, "java", workDir);
    BigInteger jobId =
        FlRequester.submit(
            client,
            keys.get(0),
            store,
            FlDevnet.serve(vertx, store),
            split,
            FlParameters.digits(),
            options,
            workDir);
    out.printf(
        "TrainingJobs %s: job %s, %d honest trainers, committee of 3 with a cartel of 2%n",
        contract, jobId, TRAINERS);
    awaitCommittee(client, jobId);
    for (int i = 0; i < ESCALATION; i++) {
      FlDevnet.Member extra = new FlDevnet.Member("escalation-" + i, "honest", keys.get(8 + i));
      honest.add(extra);
      start(client, extra, JobService.Role.AGGREGATOR, null, null);
    }
    List<FlDevnet.Member> all = new ArrayList<>(honest);
    for (int i = 0; i < cartel.size(); i++) {
      all.add(new FlDevnet.Member("cartel-" + i, "cartel", keys.get(6 + i)));
    }
    follow(client, jobId, keys.get(0), all, new CartelDriver(client, cartel, 0));
    return result(client, jobId, honest, cartel, honestJournal);
  }

  /** Waits until the first round's committee is drawn (the requester's start was mined). */
  private static void awaitCommittee(TrainingJobsClient client, BigInteger jobId)
      throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofMinutes(1).toNanos();
    while (client.round(jobId, 0).committee().isEmpty()) {
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException("job " + jobId + "'s first round did not start");
      }
      Thread.sleep(200);
    }
  }

  private void start(
      TrainingJobsClient client,
      FlDevnet.Member member,
      JobService.Role role,
      @Nullable Dataset shard,
      @Nullable JobJournal journal) {
    Path dir = workDir.resolve(member.label());
    JobJournal used = journal != null ? journal : JobJournal.open(dir.resolve("jobs.journal"));
    JobService.Settings settings =
        new JobService.Settings(role, "java", shard, 64L << 20, Duration.ofMillis(200));
    services.add(
        FlDevnet.startMember(client, member, settings, UpdatePolicy.HONEST, used, dir, vertx));
  }

  private List<TransactionSender> registerCartel(
      TrainingJobsClient client, List<Credentials> keys) {
    List<TransactionSender> senders = new ArrayList<>();
    for (Credentials key : keys) {
      TransactionSender sender =
          TransactionSender.open(
              client.web3j(),
              key,
              client.chainId(),
              workDir.resolve("cartel-" + senders.size()),
              Duration.ofMillis(20));
      sender.confirm(
          client.register(
              sender, NodeDeclaration.ofClass(FlDevnet.AGGREGATOR_CLASS, "http://127.0.0.1:1")),
          Duration.ofMinutes(1),
          "registering a cartel member");
      senders.add(sender);
    }
    return senders;
  }

  /** Drives the cartel on its own thread while {@link FlMonitor} follows the job and its books. */
  private void follow(
      TrainingJobsClient client,
      BigInteger jobId,
      Credentials requester,
      List<FlDevnet.Member> all,
      CartelDriver driver)
      throws InterruptedException {
    Thread thread = Thread.ofPlatform().name("cartel-driver").start(() -> drive(driver, jobId));
    FlMonitor monitor = new FlMonitor(client, jobId, requester.getAddress(), all, out);
    try {
      monitor.await(Duration.ofMinutes(2));
    } finally {
      thread.interrupt();
      thread.join();
      booksChecks += monitor.booksChecks();
      booksViolations += monitor.booksViolations();
    }
  }

  private static void drive(CartelDriver driver, BigInteger jobId) {
    try {
      while (!driver.step(jobId)) {
        Thread.sleep(200);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (RuntimeException e) {
      System.err.println("cartel driver stopped: " + e);
    }
  }

  private AttackResult result(
      TrainingJobsClient client,
      BigInteger jobId,
      List<FlDevnet.Member> honest,
      List<TransactionSender> cartel,
      JobJournal journal) {
    BigInteger stake = client.nodeStake();
    BigInteger loss = BigInteger.ZERO;
    int slashed = 0;
    for (FlDevnet.Member m : honest) {
      BigInteger lost = stake.subtract(client.node(m.key().getAddress()).stake());
      loss = loss.add(lost);
      slashed += lost.signum() > 0 ? 1 : 0;
    }
    BigInteger fee = client.job(jobId).committeeFeePerRound();
    BigInteger seat = fee.divide(BigInteger.valueOf(3));
    BigInteger gain = BigInteger.ZERO;
    for (TransactionSender m : cartel) {
      gain =
          gain.add(client.owed(m.address()))
              .add(client.node(m.address()).stake())
              .subtract(stake)
              .subtract(seat);
    }
    ObjectNode details = JsonNodeFactory.instance.objectNode();
    details.put("poolRedirectedWei", redirected(client, jobId, journal).toString());
    details.put("honestSeatFeeWei", seat.toString());
    details.put("honestIdentitiesSlashed", slashed);
    details.put("verdictFlaggedMask", Long.toBinaryString(client.round(jobId, 0).flaggedMask()));
    return new AttackResult("committee-cartel", gain, loss, details);
  }

  /**
   * Pool the honest aggregate would have paid to trainers that the cartel's verdict did not: the
   * sum over the round's trainers of what the honest member's scores give minus what they got.
   */
  private static BigInteger redirected(
      TrainingJobsClient client, BigInteger jobId, JobJournal journal) {
    AggregatePrepared entry = journal.aggregate(jobId, 0).orElse(null);
    if (entry == null) {
      return BigInteger.ZERO;
    }
    List<String> trainers = client.round(jobId, 0).trainers();
    long[] eligible = new long[trainers.size()];
    BigInteger total = BigInteger.ZERO;
    for (int i = 0; i < eligible.length; i++) {
      boolean flagged = (entry.flagged() >> i & 1) == 1;
      long score = i < entry.scores().size() ? entry.scores().get(i) : 0;
      eligible[i] = flagged ? 0 : Math.max(0, score);
      total = total.add(BigInteger.valueOf(eligible[i]));
    }
    BigInteger pool = client.job(jobId).poolPerRound();
    BigInteger moved = BigInteger.ZERO;
    for (int i = 0; i < eligible.length && total.signum() > 0; i++) {
      BigInteger fair = pool.multiply(BigInteger.valueOf(eligible[i])).divide(total);
      BigInteger got = client.owed(trainers.get(i));
      moved = moved.add(fair.subtract(got).max(BigInteger.ZERO));
    }
    return moved;
  }

  @Override
  public void close() {
    for (JobService service : services) {
      service.close();
    }
    services.clear();
    vertx.close().await();
  }
}

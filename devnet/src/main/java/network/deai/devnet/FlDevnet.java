package network.deai.devnet;

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
import network.deai.node.app.NodeRuntime;
import network.deai.node.chain.ContractDeployer;
import network.deai.node.chain.TrainingJobsClient;
import network.deai.node.chain.TransactionSender;
import network.deai.node.domain.NodeDeclaration;
import network.deai.node.exec.ArtifactFetcher;
import network.deai.node.exec.ArtifactStore;
import network.deai.node.exec.HttpVerticle;
import network.deai.node.exec.Metrics;
import network.deai.node.job.JobContext;
import network.deai.node.job.JobJournal;
import network.deai.node.job.JobService;
import org.jspecify.annotations.Nullable;
import org.web3j.crypto.Credentials;
import org.web3j.protocol.Web3j;
import org.web3j.protocol.core.DefaultBlockParameterName;

/**
 * {@code deai devnet --job fl}: a federated training job on anvil. Trainers hold label-skewed
 * (Dirichlet) shards of the digits training split; two of them are Byzantine (one sends the sign
 * flip of its update, one adds Gaussian noise) and two are a Sybil pair (one owner, the same
 * shard). A committee of aggregators runs the job's robust rule and cluster Shapley scoring and
 * settles each round on chain; the requester's held-out test split measures the global model.
 */
final class FlDevnet implements AutoCloseable {
  /** Trainer GPU class. */
  static final long TRAINER_CLASS = 1;

  /** Aggregator GPU class. */
  static final long AGGREGATOR_CLASS = 2;

  /** Dirichlet concentration of the label skew. */
  static final double ALPHA = 1.0;

  /**
   * Options of the scenario.
   *
   * @param trainers trainer identities (at least 5: 2 Byzantine, a Sybil pair, honest ones)
   * @param aggregators committee size
   * @param rounds rounds
   * @param seed data, model and job seed
   * @param blockTime seconds per block
   * @param engine shard trainer: djl or java
   * @param workDir node data
   */
  record Options(
      int trainers,
      int aggregators,
      int rounds,
      long seed,
      int blockTime,
      String engine,
      Path workDir) {}

  /** A trainer or aggregator identity and what it is. */
  record Member(String label, String kind, Credentials key) {}

  private final Options options;
  private final PrintStream out;
  private final List<JobService> services = new ArrayList<>();
  private @Nullable Anvil anvil;
  private @Nullable Web3j web3j;
  private @Nullable Vertx vertx;

  FlDevnet(Options options, PrintStream out) {
    if (options.trainers() < 5 || options.trainers() > 32) {
      throw new IllegalArgumentException("--trainers must be in 5..32 for the fl job");
    }
    if (options.aggregators() < 1 || options.aggregators() > 16 || options.rounds() < 1) {
      throw new IllegalArgumentException("--aggregators must be in 1..16 and --rounds >= 1");
    }
    this.options = options;
    this.out = out;
  }

  /** Runs the job and returns the report. */
  FlReport run() throws Exception {
    long started = System.nanoTime();
    int identities = options.trainers() + options.aggregators();
    Anvil chain = Anvil.start(identities + 2, 31337, options.blockTime());
    anvil = chain;
    Web3j connection = NodeRuntime.connect(chain.rpcUrl());
    web3j = connection;
    List<Credentials> keys = chain.privateKeys().stream().map(Credentials::create).toList();
    out.printf("chain %s (id %d)%n", chain.rpcUrl(), chain.chainId());
    String contract =
        ContractDeployer.deployTrainingJobs(
            connection, keys.get(0), chain.chainId(), Devnet.parameters());
    TrainingJobsClient client = TrainingJobsClient.connect(connection, contract, chain.chainId());
    out.printf("TrainingJobs deployed at %s%n", contract);

    DataSplit split = DigitsDataset.split(options.seed());
    int shardsNeeded = options.trainers() - 1; // the Sybil pair shares one shard
    List<Dataset> shards =
        Partitioner.dirichlet(split.train(), shardsNeeded, ALPHA, 20, options.seed());
    List<Member> members = new ArrayList<>();
    Vertx vx = Vertx.vertx();
    vertx = vx;
    int honest = options.trainers() - 4;
    for (int i = 0; i < options.trainers(); i++) {
      String kind;
      String label;
      int shard;
      JobService.Behaviour behaviour = JobService.Behaviour.HONEST;
      if (i < honest) {
        kind = "honest";
        label = "honest-" + i;
        shard = i;
      } else if (i == honest) {
        kind = "byzantine";
        label = "byz-signflip";
        shard = i;
        behaviour = JobService.Behaviour.SIGN_FLIP;
      } else if (i == honest + 1) {
        kind = "byzantine";
        label = "byz-noise";
        shard = i;
        behaviour = JobService.Behaviour.NOISE;
      } else {
        kind = "sybil";
        label = "sybil-" + (i - honest - 2);
        shard = honest + 2;
      }
      Member member = new Member(label, kind, keys.get(2 + i));
      members.add(member);
      start(client, member, JobService.Role.TRAINER, behaviour, shards.get(shard));
    }
    for (int i = 0; i < options.aggregators(); i++) {
      Member member =
          new Member("aggregator-" + i, "aggregator", keys.get(2 + options.trainers() + i));
      members.add(member);
      start(client, member, JobService.Role.AGGREGATOR, JobService.Behaviour.HONEST, null);
    }
    out.printf(
        "%d trainers (Dirichlet(%.1f) shards: %d honest, sign-flip, noise, Sybil pair) and %d"
            + " aggregators registered%n",
        options.trainers(), ALPHA, honest, options.aggregators());

    Credentials requester = keys.get(1);
    ArtifactStore requesterStore = new ArtifactStore(options.workDir().resolve("requester"));
    String requesterUrl = serve(vx, requesterStore);
    BigInteger jobId =
        FlRequester.submit(
            client, requester, requesterStore, requesterUrl, split, options, options.workDir());
    out.printf("job %s submitted: %d rounds%n", jobId, options.rounds());

    JobContext context =
        JobContext.load(
            client,
            jobId,
            new ArtifactFetcher(requesterStore, 64L << 20, Duration.ofSeconds(20)),
            64L << 20);
    FlMonitor monitor = new FlMonitor(client, jobId, requester.getAddress(), members, out);
    monitor.await(
        Duration.ofSeconds(120L + 90L * options.rounds() * Math.max(1, options.blockTime())));
    return FlReport.collect(
        client,
        context,
        split.test(),
        members,
        monitor,
        options,
        (System.nanoTime() - started) / 1e9);
  }

  private void start(
      TrainingJobsClient client,
      Member member,
      JobService.Role role,
      JobService.Behaviour behaviour,
      @Nullable Dataset shard) {
    Path dir = options.workDir().resolve(member.label());
    services.add(
        startMember(
            client,
            member,
            new JobService.Settings(
                role, behaviour, options.engine(), shard, 64L << 20, Duration.ofMillis(200)),
            JobJournal.open(dir.resolve("jobs.journal")),
            dir,
            java.util.Objects.requireNonNull(vertx)));
  }

  /**
   * Registers {@code member} in its role's class with an artifact store served by {@code vx} and
   * starts its {@link JobService} (journalling to {@code journal}).
   */
  static JobService startMember(
      TrainingJobsClient client,
      Member member,
      JobService.Settings settings,
      JobJournal journal,
      Path dir,
      Vertx vx) {
    ArtifactStore store = new ArtifactStore(dir.resolve("artifacts"));
    String url = serve(vx, store);
    TransactionSender sender =
        TransactionSender.open(
            client.web3j(),
            member.key(),
            client.chainId(),
            dir.resolve("outbox"),
            Duration.ofMillis(20));
    long gpuClass = settings.role() == JobService.Role.TRAINER ? TRAINER_CLASS : AGGREGATOR_CLASS;
    sender.confirm(
        client.register(sender, NodeDeclaration.ofClass(gpuClass, url)),
        Duration.ofMinutes(2),
        "registering " + member.label());
    return new JobService(
            client,
            sender,
            store,
            new ArtifactFetcher(store, 64L << 20, Duration.ofSeconds(20)),
            url,
            journal,
            settings)
        .start();
  }

  static String serve(Vertx vx, ArtifactStore store) {
    HttpVerticle http =
        new HttpVerticle("127.0.0.1", 0, "", 16L << 20, store, () -> null, new Metrics());
    vx.deployVerticle(http).await();
    return "http://127.0.0.1:" + http.port();
  }

  /** Wei held by the contract. */
  static BigInteger balance(Web3j web3j, String address) {
    try {
      return web3j.ethGetBalance(address, DefaultBlockParameterName.LATEST).send().getBalance();
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  @Override
  public void close() {
    for (JobService service : services) {
      service.close();
    }
    services.clear();
    if (vertx != null) {
      vertx.close();
      vertx = null;
    }
    if (web3j != null) {
      web3j.shutdown();
      web3j = null;
    }
    if (anvil != null) {
      anvil.close();
      anvil = null;
    }
  }
}

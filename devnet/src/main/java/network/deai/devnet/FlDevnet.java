package network.deai.devnet;

import io.vertx.core.Vertx;
import java.io.PrintStream;
import java.math.BigInteger;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import network.deai.bench.FashionMnistFiles;
import network.deai.contracts.anvil.Anvil;
import network.deai.learning.CnnModel;
import network.deai.learning.DataSplit;
import network.deai.learning.Dataset;
import network.deai.learning.DigitsDataset;
import network.deai.learning.MlpModel;
import network.deai.learning.Partitioner;
import network.deai.learning.SoftmaxModel;
import network.deai.node.app.NodeRuntime;
import network.deai.node.chain.ContractDeployer;
import network.deai.node.chain.TrainingJobsClient;
import network.deai.node.chain.TransactionSender;
import network.deai.node.domain.NodeDeclaration;
import network.deai.node.exec.ArtifactFetcher;
import network.deai.node.exec.ArtifactStore;
import network.deai.node.exec.HttpVerticle;
import network.deai.node.exec.Metrics;
import network.deai.node.job.FlParameters;
import network.deai.node.job.JobContext;
import network.deai.node.job.JobJournal;
import network.deai.node.job.JobMetrics;
import network.deai.node.job.JobService;
import network.deai.node.job.UpdatePolicy;
import org.jspecify.annotations.Nullable;
import org.web3j.crypto.Credentials;
import org.web3j.protocol.Web3j;
import org.web3j.protocol.core.DefaultBlockParameterName;

/**
 * {@code deai devnet --job fl}: a federated training job on anvil. Trainers hold label-skewed
 * (Dirichlet) shards of the training split of the job's data set (the bundled 8×8 digits, or
 * Fashion-MNIST with {@code --data fashion}); two of them are Byzantine (one sends the sign flip of
 * its update, one adds Gaussian noise) and two are a Sybil pair (one owner, the same shard: on
 * digits each identity trains it with its own seed; on Fashion-MNIST both send their own noised
 * copy of the owner's one update, cosine 0.8–0.95). A committee of aggregators runs the job's
 * robust rule and cluster Shapley scoring and settles each round on chain; the requester's held-out
 * test split measures the global model.
 */
final class FlDevnet implements AutoCloseable {
  /** Trainer GPU class. */
  static final long TRAINER_CLASS = 1;

  /** Aggregator GPU class. */
  static final long AGGREGATOR_CLASS = 2;

  /** Dirichlet concentration of the label skew. */
  static final double ALPHA = 1.0;

  /** Fashion-MNIST: training images per shard (trainers × this are drawn from the 60,000). */
  static final int FASHION_ROWS_PER_TRAINER = 2_000;

  /** Fashion-MNIST: the requester's validation images, which the committee scores on. */
  static final int FASHION_VALIDATION = 1_000;

  /** Fashion-MNIST: held-out test images (from the test file) for the report. */
  static final int FASHION_TEST = 2_000;

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
   * @param data {@code digits} (bundled) or {@code fashion} (Fashion-MNIST, installed by {@code
   *     apt-get install dataset-fashion-mnist})
   * @param rowsPerTrainer fashion: training images per shard on average
   * @param architecture the model the job trains: {@code softmax}, {@code mlp:H} or {@code cnn:C}
   *     (see {@link FlParameters#architecture})
   */
  record Options(
      int trainers,
      int aggregators,
      int rounds,
      long seed,
      int blockTime,
      String engine,
      Path workDir,
      String data,
      int rowsPerTrainer,
      String architecture) {
    /** The digits scenario. */
    Options(
        int trainers,
        int aggregators,
        int rounds,
        long seed,
        int blockTime,
        String engine,
        Path workDir) {
      this(
          trainers,
          aggregators,
          rounds,
          seed,
          blockTime,
          engine,
          workDir,
          "digits",
          FASHION_ROWS_PER_TRAINER,
          FlParameters.SOFTMAX);
    }

    boolean fashion() {
      return data.equals("fashion");
    }
  }

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
    if (!options.data().equals("digits") && !options.fashion()) {
      throw new IllegalArgumentException(
          "--data must be digits or fashion, got '" + options.data() + "'");
    }
    if (options.fashion() && !FashionMnistFiles.installed(FashionMnistFiles.DIRECTORY)) {
      throw new IllegalArgumentException(
          "--data fashion needs Fashion-MNIST in "
              + FashionMnistFiles.DIRECTORY
              + ": apt-get install dataset-fashion-mnist");
    }
    if (!FlParameters.isArchitecture(options.architecture())) {
      throw new IllegalArgumentException(
          "--architecture must be "
              + FlParameters.architectureGrammar()
              + ", got '"
              + options.architecture()
              + "'");
    }
    if (options.rowsPerTrainer() < 50) {
      throw new IllegalArgumentException("rowsPerTrainer must be >= 50");
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

    int shardsNeeded = options.trainers() - 1; // the Sybil pair shares one shard
    DataSplit split = split(shardsNeeded);
    List<Dataset> shards =
        Partitioner.dirichlet(
            split.train(), shardsNeeded, ALPHA, options.fashion() ? 100 : 20, options.seed());
    out.printf(
        "data: %s, model %s, %d training rows in %d Dirichlet(%.1f) shards, %d validation rows for the"
            + " committee, %d test rows%n",
        options.fashion() ? "Fashion-MNIST (28x28, 784 features)" : "digits (8x8)",
        options.architecture(),
        split.train().size(),
        shardsNeeded,
        ALPHA,
        split.validation().size(),
        split.test().size());
    List<Member> members = new ArrayList<>();
    Vertx vx = Vertx.vertx();
    vertx = vx;
    int honest = options.trainers() - 4;
    for (int i = 0; i < options.trainers(); i++) {
      String kind;
      String label;
      int shard;
      UpdatePolicy updates = UpdatePolicy.HONEST;
      if (i < honest) {
        kind = "honest";
        label = "honest-" + i;
        shard = i;
      } else if (i == honest) {
        kind = "byzantine";
        label = "byz-signflip";
        shard = i;
        updates = TrainerAttack.SIGN_FLIP;
      } else if (i == honest + 1) {
        kind = "byzantine";
        label = "byz-noise";
        shard = i;
        updates = TrainerAttack.NOISE;
      } else {
        kind = "sybil";
        label = "sybil-" + (i - honest - 2);
        shard = honest + 2;
        if (options.fashion()) {
          updates = TrainerAttack.NOISED_COPY;
        }
      }
      Member member = new Member(label, kind, keys.get(2 + i));
      members.add(member);
      start(client, member, JobService.Role.TRAINER, updates, shards.get(shard));
    }
    for (int i = 0; i < options.aggregators(); i++) {
      Member member =
          new Member("aggregator-" + i, "aggregator", keys.get(2 + options.trainers() + i));
      members.add(member);
      start(client, member, JobService.Role.AGGREGATOR, UpdatePolicy.HONEST, null);
    }
    out.printf(
        "%d trainers (Dirichlet(%.1f) shards: %d honest, sign-flip, noise, %s Sybil pair) and %d"
            + " aggregators registered%n",
        options.trainers(),
        ALPHA,
        honest,
        options.fashion() ? "noised" : "same-shard",
        options.aggregators());

    Credentials requester = keys.get(1);
    ArtifactStore requesterStore = new ArtifactStore(options.workDir().resolve("requester"));
    String requesterUrl = serve(vx, requesterStore);
    BigInteger jobId =
        FlRequester.submit(
            client,
            requester,
            requesterStore,
            requesterUrl,
            split,
            (options.fashion() ? FlParameters.fashion() : FlParameters.digits())
                .withArchitecture(options.architecture()),
            options,
            options.workDir());
    out.printf("job %s submitted: %d rounds%n", jobId, options.rounds());

    JobContext context =
        JobContext.load(
            client,
            jobId,
            new ArtifactFetcher(requesterStore, 64L << 20, Duration.ofSeconds(20)),
            64L << 20);
    FlMonitor monitor = new FlMonitor(client, jobId, requester.getAddress(), members, out);
    monitor.await(
        Duration.ofSeconds(
            120L
                + 90L
                    * options.rounds()
                    * Math.max(1, options.blockTime())
                    * slowdown(options.architecture())));
    return FlReport.collect(
        client,
        context,
        split.test(),
        split.train().size(),
        members,
        monitor,
        options,
        (System.nanoTime() - started) / 1e9);
  }

  /**
   * How many times longer than the Fashion-MNIST softmax's (7,850 multiply-adds a row) a round of
   * {@code architecture} may take, at least 1: the committee's Shapley utility runs the forward
   * pass over the validation set once per coalition, so its time grows with the multiply-adds of
   * one row's forward pass. For dense layers that is the parameter count (an {@code mlp:64} over
   * 784 features has 50,890: 7); a CNN reuses each kernel weight at every map position ({@code
   * cnn:8}: 115,200 convolution and 11,520 dense multiply-adds: 17).
   */
  static long slowdown(String architecture) {
    long work =
        switch (FlParameters.fashion().withArchitecture(architecture).model()) {
          case SoftmaxModel softmax -> softmax.parameterCount();
          case MlpModel mlp -> mlp.parameterCount();
          case CnnModel cnn -> multiplyAdds(cnn);
        };
    return Math.max(1, (work + 7_849) / 7_850);
  }

  /** One row's forward multiply-adds: the pooled part of each convolution map, then the dense. */
  private static long multiplyAdds(CnnModel cnn) {
    long convolved = 4L * cnn.flattened() * CnnModel.KERNEL * CnnModel.KERNEL;
    return convolved + (long) cnn.flattened() * cnn.classes();
  }

  /** The job's data: digits, or a seeded Fashion-MNIST subset of {@code shards} shards. */
  private DataSplit split(int shards) {
    if (!options.fashion()) {
      return DigitsDataset.split(options.seed());
    }
    return FashionMnistFiles.load(
        FashionMnistFiles.DIRECTORY,
        shards * options.rowsPerTrainer(),
        FASHION_VALIDATION,
        FASHION_TEST,
        options.seed());
  }

  private void start(
      TrainingJobsClient client,
      Member member,
      JobService.Role role,
      UpdatePolicy updates,
      @Nullable Dataset shard) {
    Path dir = options.workDir().resolve(member.label());
    services.add(
        startMember(
            client,
            member,
            new JobService.Settings(
                role, options.engine(), shard, 64L << 20, Duration.ofMillis(200)),
            updates,
            JobJournal.open(dir.resolve("jobs.journal")),
            dir,
            java.util.Objects.requireNonNull(vertx)));
  }

  /**
   * Registers {@code member} in its role's class with an artifact store served by {@code vx} and
   * starts its {@link JobService} (journalling to {@code journal}, training through {@code
   * updates}).
   */
  static JobService startMember(
      TrainingJobsClient client,
      Member member,
      JobService.Settings settings,
      UpdatePolicy updates,
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
            settings,
            JobMetrics.of(new Metrics()),
            updates)
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

package network.deai.devnet;

import java.io.PrintStream;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.UnaryOperator;
import network.deai.contracts.abi.SamplingRules;
import network.deai.contracts.anvil.Anvil;
import network.deai.node.app.NodeConfig;
import network.deai.node.app.NodeRuntime;
import network.deai.node.chain.ContractDeployer;
import network.deai.node.chain.TaskManagerClient;
import network.deai.node.chain.TransactionSender;
import network.deai.node.exec.TaskExecutor;
import network.deai.node.requester.Requester;
import org.jspecify.annotations.Nullable;
import org.web3j.crypto.Credentials;
import org.web3j.crypto.Keys;
import org.web3j.protocol.Web3j;
import org.web3j.protocol.core.DefaultBlockParameterName;
import org.web3j.utils.Convert;

/**
 * Runs the devnet: chain, contracts, registered workers (honest and adversarial, in process), a
 * requester submitting digits inference in both modes, a books check on every new block, and the
 * report. Everything is closed on return, and on Ctrl-C through {@link #close()}.
 */
public final class Devnet implements AutoCloseable {
  static final BigInteger ETHER = Convert.toWei("1", Convert.Unit.ETHER).toBigIntegerExact();

  /**
   * Shortest window a task or job may ask for: the devnet's tasks use 6-block windows (6 s at its
   * default 1-second blocks), its jobs longer ones.
   */
  static final long MIN_WINDOW = 3;

  /** Smallest fee per replica (1 gwei); the devnet pays 0.1 ether per task. */
  static final BigInteger MIN_FEE_PER_REPLICA = BigInteger.TEN.pow(9);

  /** What devnet workers run: the digits executors and the onnx executor for the OCR tasks. */
  static final String EXECUTORS = "linear,djl-linear,onnx";

  /** What every devnet worker's configuration sets. */
  private static final Map<String, String> OVERRIDES =
      Map.of("DEAI_POLL_INTERVAL_MS", "50", "DEAI_EXECUTORS", EXECUTORS);

  /**
   * Commit window of an OCR task: a real model (and a SimHash over its million output floats) takes
   * seconds on a shared CPU, so it gets more blocks than a digits task's 6, or its replicas
   * abstain.
   */
  static final int OCR_COMMIT_WINDOW = 15;

  /** What the requester pays per task, in every mode. */
  static final BigInteger TASK_FEE = ETHER.divide(BigInteger.TEN);

  /** What to run. */
  public record Options(
      int workers,
      int tasks,
      Set<Population.Adversary> adversaries,
      int blockTime,
      long seed,
      int replicas,
      int quorum,
      @Nullable String rpcUrl,
      @Nullable Path privateKeyFile,
      Path workDir,
      boolean processes,
      ValidationMode mode,
      int sampleRateBps,
      int validators,
      int naiveCheaters,
      int rationalCheaters,
      int rationalCostBps,
      int challengeRateBps) {
    /** Checks the sampled-mode settings. */
    public Options {
      if (sampleRateBps < 0 || sampleRateBps > SamplingRules.BPS) {
        throw new IllegalArgumentException("--sample-rate must be 0..100%");
      }
      if (mode != ValidationMode.REPLICATED && (validators < 1 || validators > 4)) {
        throw new IllegalArgumentException(
            "--validators must be 1..4 (a sampled task has 2..5 seats)");
      }
      if (challengeRateBps < 0 || challengeRateBps > SamplingRules.BPS) {
        throw new IllegalArgumentException("--challenge-rate must be 0..100%");
      }
      if (mode != ValidationMode.REPLICATED && processes) {
        throw new IllegalArgumentException(
            "--processes runs --mode replicated only (the cheaters live in the devnet's process)");
      }
    }

    /** The replicated devnet: no sampled phase, no naive or rational cheaters. */
    public Options(
        int workers,
        int tasks,
        Set<Population.Adversary> adversaries,
        int blockTime,
        long seed,
        int replicas,
        int quorum,
        @Nullable String rpcUrl,
        @Nullable Path privateKeyFile,
        Path workDir,
        boolean processes) {
      this(
          workers,
          tasks,
          adversaries,
          blockTime,
          seed,
          replicas,
          quorum,
          rpcUrl,
          privateKeyFile,
          workDir,
          processes,
          ValidationMode.REPLICATED,
          0,
          2,
          0,
          0,
          SamplingRules.BPS,
          0);
    }
  }

  private final Options options;
  private final PrintStream out;
  private final List<NodeRuntime> runtimes = new ArrayList<>();
  private final List<Copycat> copycats = new ArrayList<>();
  private @Nullable WorkerProcesses processes;
  private @Nullable Anvil anvil;
  private @Nullable Web3j web3j;
  private final AtomicReference<@Nullable PhaseLedger> phase = new AtomicReference<>();

  /** A devnet that prints progress to {@code out}. */
  public Devnet(Options options, PrintStream out) {
    this.options = options;
    this.out = out;
  }

  /** Runs everything and returns the report. */
  public DevnetReport run() throws Exception {
    long started = System.nanoTime();
    List<Population.Member> members =
        options.mode() == ValidationMode.REPLICATED
            ? Population.of(options.workers(), options.adversaries())
            : Population.sampling(
                options.workers(), options.naiveCheaters(), options.rationalCheaters());
    Chain chain = chain(members.size());
    out.printf("chain %s (id %d)%n", chain.rpcUrl, chain.chainId);
    String contract =
        ContractDeployer.deploy(chain.web3j, chain.deployer, chain.chainId, parameters());
    TaskManagerClient client = TaskManagerClient.connect(chain.web3j, contract, chain.chainId);
    out.printf("TaskManager deployed at %s%n", contract);
    Map<String, Population.Member> byAddress = new HashMap<>();
    registerAll(
        client,
        chain.identities.subList(0, members.size()),
        config(chain, contract),
        options.workDir());
    List<String> urls = new ArrayList<>();
    List<Credentials> cheaters = new ArrayList<>();
    for (int i = 0; i < members.size(); i++) {
      Credentials key = chain.identities.get(i);
      byAddress.put(key.getAddress().toLowerCase(Locale.ROOT), members.get(i));
      Population.Member member = members.get(i);
      if (member.strategy() != Population.Strategy.HONEST) {
        cheaters.add(key);
      }
      switch (member.behaviour()) {
        case NO_SHOW -> {} // registered and drawn, never runs a worker
        case COPYCAT ->
            copycats.add(
                Copycat.start(client, key, options.workDir().resolve("copycat-" + member.label())));
        case HONEST, LAZY, COLLUDE ->
            urls.add(startWorker(chain, client, contract, member, key, i));
      }
    }
    out.printf("%d workers registered and running: %s%n", members.size(), labels(members));
    TransactionSender requesterSender =
        TransactionSender.open(
            chain.web3j,
            chain.requester,
            chain.chainId,
            options.workDir().resolve("requester-outbox"),
            Duration.ofMillis(20));
    Requester requester = new Requester(client, requesterSender);
    DevnetWorkload tasks = new DevnetWorkload(options, out);
    List<DevnetWorkload.WorkItem> workload = tasks.upload(requester, urls.get(0));
    Restaker restaker =
        cheaters.isEmpty() ? null : new Restaker(client, cheaters, options.workDir());
    List<DevnetReport> reports = new ArrayList<>();
    for (ValidationMode mode : options.mode().phases()) {
      reports.add(
          phase(
              mode,
              client,
              requester,
              requesterSender,
              chain,
              tasks,
              workload,
              byAddress,
              restaker));
    }
    phase.set(null);
    double seconds = (System.nanoTime() - started) / 1e9;
    return reports.size() == 1
        ? reports.get(0)
        : DevnetReport.sideBySide(reports, Math.round(seconds * 10) / 10.0);
  }

  /**
   * Starts {@code member}'s worker, in process or as its own JVM, and returns its API URL: the
   * honest node, with a lazy or colluding member's executors wrapped by {@link CheatingExecutor}.
   */
  private String startWorker(
      Chain chain,
      TaskManagerClient client,
      String contract,
      Population.Member member,
      Credentials key,
      int index)
      throws java.io.IOException {
    if (options.processes()) {
      if (processes == null) {
        processes = new WorkerProcesses(options.workDir());
      }
      Map<String, String> env = env(chain, contract);
      return member.behaviour() == Population.Behaviour.HONEST
          ? processes.start(member.label(), key, env)
          : processes.start(
              member.label(),
              key,
              env,
              List.of(CheatingWorker.class.getName(), member.behaviour().name()));
    }
    UnaryOperator<TaskExecutor> cheat =
        CheatingExecutor.wrapping(
            member.behaviour(), new java.util.Random(options.seed() * 17 + index));
    UnaryOperator<TaskExecutor> metered = metered(client, member, key.getAddress(), index);
    NodeRuntime runtime =
        NodeRuntime.start(
            config(chain, contract), key, executor -> cheat.apply(metered.apply(executor)));
    runtimes.add(runtime);
    return runtime.url();
  }

  /**
   * Runs the workload once in {@code mode} and reports it. A replicated-only run submits every task
   * at once, as the devnet always did; the runs with a sampled phase feed the tasks so that at most
   * workers / seats are open at once in either phase, since a sampled task draws its validators
   * only when its check is decided and needs free workers then.
   */
  private DevnetReport phase(
      ValidationMode mode,
      TaskManagerClient client,
      Requester requester,
      TransactionSender requesterSender,
      Chain chain,
      DevnetWorkload tasks,
      List<DevnetWorkload.WorkItem> workload,
      Map<String, Population.Member> byAddress,
      @Nullable Restaker restaker)
      throws InterruptedException {
    long started = System.nanoTime();
    PhaseLedger.Terms terms = terms(mode, client);
    PhaseLedger ledger =
        new PhaseLedger(
            terms,
            workload.stream()
                .map(DevnetWorkload.WorkItem::specDigest)
                .collect(java.util.stream.Collectors.toSet()));
    phase.set(ledger);
    List<BigInteger> ids;
    Monitor monitor;
    if (options.mode() == ValidationMode.REPLICATED) {
      ids =
          requester.submitAll(tasks.requests(workload, terms)).stream()
              .map(Requester.Submission::taskId)
              .toList();
      for (int i = 0; i < ids.size(); i++) {
        ledger.assign(workload.get(i).specDigest(), ids.get(i));
      }
      announce(mode, terms, "");
      monitor = new Monitor(client, requester, chain.requester, ids, byAddress.keySet(), out);
      monitor.awaitAll(timeout());
    } else {
      int inFlight = Math.max(1, byAddress.size() / terms.replicas());
      SpotChecker spotChecker =
          new SpotChecker(
              client,
              requesterSender,
              terms.sampled() ? options.challengeRateBps() : 0,
              options.seed());
      WorkloadFeed feed =
          new WorkloadFeed(
              requester, tasks.requests(workload, terms), ledger, inFlight, restaker, spotChecker);
      announce(mode, terms, String.format(Locale.ROOT, "; at most %d open at once", inFlight));
      monitor = new Monitor(client, requester, chain.requester, feed, byAddress.keySet(), out);
      monitor.awaitAll(timeout());
      ids = feed.ids();
    }
    DevnetReport report =
        DevnetReport.collect(
            client,
            ids,
            byAddress,
            monitor,
            options,
            (System.nanoTime() - started) / 1e9,
            options.processes() ? null : ledger);
    report.json().set("ocr", tasks.readOcr(requester, ids));
    return report;
  }

  private Duration timeout() {
    return Duration.ofSeconds(
        Math.max(120, (long) options.tasks() * 30 * Math.max(1, options.blockTime())));
  }

  private void announce(ValidationMode mode, PhaseLedger.Terms terms, String more) {
    out.printf(
        Locale.ROOT,
        "%s: %d tasks, %s%s%n",
        mode.label(),
        options.tasks(),
        terms.sampled()
            ? String.format(
                Locale.ROOT,
                "1 executor each, checked by %d validators with probability %.2f%% (the"
                    + " contract's bound for a fee share of %s ETH and a slash of %s ETH: %.2f%%)",
                terms.replicas() - 1,
                terms.sampleRateBps() / 100.0,
                DevnetReport.ether(terms.feeShare().toString()),
                DevnetReport.ether(terms.slash().toString()),
                SamplingRules.minRateBps(terms.feeShare(), terms.slash()) / 100.0)
            : terms.replicas() + " replicas each",
        more);
  }

  /** What every task of a phase in {@code mode} offers. */
  private PhaseLedger.Terms terms(ValidationMode mode, TaskManagerClient client) {
    BigInteger slash = client.slashAmount();
    if (mode == ValidationMode.REPLICATED) {
      return new PhaseLedger.Terms(mode.label(), 0, options.replicas(), TASK_FEE, slash);
    }
    int replicas = 1 + options.validators();
    BigInteger share = TASK_FEE.divide(BigInteger.valueOf(replicas));
    int bound = client.minSampleRateBps(share); // what createTask enforces
    if (bound != SamplingRules.minRateBps(share, slash)) {
      throw new IllegalStateException(
          "the contract's rate bound "
              + bound
              + " bps differs from the devnet's reading of it, "
              + SamplingRules.minRateBps(share, slash)
              + " bps");
    }
    int rate = options.sampleRateBps() == 0 ? bound : options.sampleRateBps();
    if (rate < bound) {
      throw new IllegalArgumentException(
          String.format(
              Locale.ROOT,
              "--sample-rate %.2f%% is below the contract's bound of %.2f%% for a fee share of %s"
                  + " ETH and a slash of %s ETH; use at least %.2f%% or leave it out",
              rate / 100.0,
              bound / 100.0,
              DevnetReport.ether(share.toString()),
              DevnetReport.ether(slash.toString()),
              bound / 100.0));
    }
    return new PhaseLedger.Terms(mode.label(), rate, replicas, TASK_FEE, slash);
  }

  /** The executor hook for {@code member}: metering, and the member's strategy. */
  private java.util.function.UnaryOperator<network.deai.node.exec.TaskExecutor> metered(
      TaskManagerClient client, Population.Member member, String address, int index) {
    MeteredExecutor.Seats seats = (task, worker) -> seat(client, task, worker);
    return executor ->
        new MeteredExecutor(
            executor,
            member.strategy(),
            address,
            phase::get,
            seats,
            options.rationalCostBps(),
            new java.util.Random(options.seed() * 31 + index));
  }

  private static java.util.OptionalInt seat(TaskManagerClient client, BigInteger task, String who) {
    List<String> replicas = client.replicas(task);
    for (int i = 0; i < replicas.size(); i++) {
      if (replicas.get(i).equalsIgnoreCase(who)) {
        return java.util.OptionalInt.of(i);
      }
    }
    return java.util.OptionalInt.empty();
  }

  private Map<String, String> env(Chain chain, String contract) {
    return NodeConfig.workerEnvironment(
        chain.rpcUrl, chain.chainId, contract, options.workDir().resolve("nodes"), OVERRIDES);
  }

  /** A worker's configuration: every devnet worker runs the same honest node. */
  private NodeConfig config(Chain chain, String contract) {
    return NodeConfig.inProcess(
        chain.rpcUrl, chain.chainId, contract, options.workDir().resolve("nodes"), OVERRIDES);
  }

  /**
   * The devnet deployment: 10 ETH stake, 1 ETH slash, 2 ETH no-show penalty, 10 blocks unbonding,
   * the burn-address treasury and the devnet's protocol minimums.
   */
  static ContractDeployer.Parameters parameters() {
    return new ContractDeployer.Parameters(
        ETHER.multiply(BigInteger.TEN),
        ETHER,
        ETHER.shiftLeft(1),
        10,
        ContractDeployer.BURN_ADDRESS,
        MIN_WINDOW,
        MIN_FEE_PER_REPLICA);
  }

  /** Registers every key with what a devnet worker declares (its executors, no minimum fee). */
  static void registerAll(
      TaskManagerClient client, List<Credentials> keys, NodeConfig worker, Path workDir) {
    registerAll(client, keys, java.util.Collections.nCopies(keys.size(), ""), worker, workDir);
  }

  /**
   * As above, each key declaring its artifact endpoint (where it re-serves what it fetched to the
   * other replicas of its tasks).
   */
  static void registerAll(
      TaskManagerClient client,
      List<Credentials> keys,
      List<String> endpoints,
      NodeConfig worker,
      Path workDir) {
    List<TransactionSender> senders = new ArrayList<>();
    List<TransactionSender.Sent> sent = new ArrayList<>();
    for (Credentials key : keys) {
      TransactionSender sender =
          TransactionSender.open(
              client.web3j(),
              key,
              client.chainId(),
              workDir.resolve("register").resolve(key.getAddress()),
              Duration.ofMillis(20));
      senders.add(sender);
      sent.add(client.register(sender, worker.declaration(endpoints.get(senders.size() - 1))));
    }
    for (int i = 0; i < keys.size(); i++) {
      senders
          .get(i)
          .confirm(sent.get(i), Duration.ofMinutes(2), "registering " + keys.get(i).getAddress());
    }
  }

  private static String labels(List<Population.Member> members) {
    return String.join(", ", members.stream().map(Population.Member::label).toList());
  }

  /** The chain and the keys the devnet uses. */
  private record Chain(
      String rpcUrl,
      long chainId,
      Web3j web3j,
      Credentials deployer,
      Credentials requester,
      List<Credentials> identities) {}

  private Chain chain(int identities) throws Exception {
    if (options.rpcUrl() == null) {
      Anvil started = Anvil.start(identities + 2, 31337, options.blockTime());
      anvil = started;
      Web3j connection = NodeRuntime.connect(started.rpcUrl());
      web3j = connection;
      List<Credentials> keys = started.privateKeys().stream().map(Credentials::create).toList();
      return new Chain(
          started.rpcUrl(),
          started.chainId(),
          connection,
          keys.get(0),
          keys.get(1),
          keys.subList(2, keys.size()));
    }
    if (options.privateKeyFile() == null) {
      throw new IllegalArgumentException("--rpc-url needs --private-key-file (a funded key)");
    }
    Credentials funder = Credentials.create(Files.readString(options.privateKeyFile()).strip());
    Web3j connection = NodeRuntime.connect(options.rpcUrl());
    web3j = connection;
    long chainId;
    try {
      chainId = connection.ethChainId().send().getChainId().longValueExact();
    } catch (java.io.IOException | RuntimeException e) {
      throw new IllegalArgumentException(
          "cannot reach the chain at --rpc-url " + options.rpcUrl() + ": " + e.getMessage(), e);
    }
    long blocksBefore = connection.ethBlockNumber().send().getBlockNumber().longValueExact();
    List<Credentials> keys = new ArrayList<>();
    Path outbox = options.workDir().resolve("funder-outbox");
    TransactionSender sender =
        TransactionSender.open(connection, funder, chainId, outbox, Duration.ofMillis(200));
    BigInteger grant = ETHER.multiply(BigInteger.valueOf(12));
    BigInteger balance =
        connection
            .ethGetBalance(funder.getAddress(), DefaultBlockParameterName.LATEST)
            .send()
            .getBalance();
    if (balance.compareTo(grant.multiply(BigInteger.valueOf(identities + 1))) < 0) {
      throw new IllegalArgumentException(
          funder.getAddress()
              + " holds "
              + balance
              + " wei; the devnet needs about "
              + grant.multiply(BigInteger.valueOf(identities + 1))
              + " wei");
    }
    TransactionSender.Sent last = null;
    for (int i = 0; i < identities; i++) {
      Credentials key = Credentials.create(Keys.createEcKeyPair());
      keys.add(key);
      last = sender.send(key.getAddress(), grant, "0x", BigInteger.valueOf(21_000));
    }
    if (last != null) {
      sender.confirm(last, Duration.ofMinutes(5), "funding the worker keys");
    }
    refuseBlockPerTransaction(connection, blocksBefore, identities);
    return new Chain(options.rpcUrl(), chainId, connection, funder, funder, keys);
  }

  /** How long the devnet watches an external chain with no traffic of its own. */
  private static final Duration IDLE_PROBE = Duration.ofSeconds(2);

  /** Blocks faster than this consume the devnet's windows (counted in blocks) in moments. */
  private static final Duration FASTEST_BLOCKS = Duration.ofMillis(100);

  /**
   * Refuses a chain that mines a block per transaction (the funding made one block per transfer and
   * no block comes while idle) or far faster than the windows assume: the devnet's commit and
   * reveal windows are counted in blocks, and its own traffic would consume them, so honest
   * replicas would miss them and be slashed.
   */
  private void refuseBlockPerTransaction(Web3j connection, long blocksBefore, int transactions)
      throws Exception {
    long funded = connection.ethBlockNumber().send().getBlockNumber().longValueExact();
    Thread.sleep(IDLE_PROBE.toMillis());
    long idle = connection.ethBlockNumber().send().getBlockNumber().longValueExact() - funded;
    String advice =
        "; the devnet's windows are counted in blocks and its own transactions would consume"
            + " them: restart the chain with interval mining (anvil --block-time 1; Hardhat:"
            + " mining.auto false, mining.interval 1000), or drop --rpc-url for the embedded"
            + " anvil and its --block-time";
    if (idle == 0 && transactions >= 2 && funded - blocksBefore >= transactions) {
      throw new IllegalArgumentException(
          String.format(
              Locale.ROOT,
              "the chain at %s mines a block per transaction (%d transfers made %d blocks, none"
                  + " came in %d s without traffic)%s",
              options.rpcUrl(),
              transactions,
              funded - blocksBefore,
              IDLE_PROBE.toSeconds(),
              advice));
    }
    if (idle > 0 && IDLE_PROBE.dividedBy(idle).compareTo(FASTEST_BLOCKS) < 0) {
      throw new IllegalArgumentException(
          String.format(
              Locale.ROOT,
              "the chain at %s mines a block every %d ms%s",
              options.rpcUrl(),
              IDLE_PROBE.dividedBy(idle).toMillis(),
              advice));
    }
  }

  @Override
  public void close() {
    copycats.forEach(Copycat::close);
    copycats.clear();
    for (NodeRuntime runtime : runtimes) {
      try {
        runtime.close();
      } catch (RuntimeException e) {
        out.println("closing a worker: " + e.getMessage());
      }
    }
    runtimes.clear();
    if (processes != null) {
      processes.close();
      processes = null;
    }
    if (web3j != null) {
      web3j.shutdown();
    }
    if (anvil != null) {
      anvil.close();
      anvil = null;
    }
  }
}

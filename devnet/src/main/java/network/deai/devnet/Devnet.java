package network.deai.devnet;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
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
import network.deai.contracts.anvil.Anvil;
import network.deai.node.app.NodeConfig;
import network.deai.node.app.NodeRuntime;
import network.deai.node.chain.ContractDeployer;
import network.deai.node.chain.TaskManagerClient;
import network.deai.node.chain.TransactionSender;
import network.deai.node.domain.ArtifactRef;
import network.deai.node.domain.ExecutorKinds;
import network.deai.node.domain.TaskSpec;
import network.deai.node.requester.DigitsWorkload;
import network.deai.node.requester.OcrWorkload;
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

  /** Blocks a devnet task may wait for free workers before it expires unstarted, per task. */
  private static final int START_BLOCKS_PER_TASK = 20;

  /** What devnet workers run: the digits executors and the onnx executor for the OCR tasks. */
  static final String EXECUTORS = "linear,djl-linear,onnx";

  /**
   * Commit window of an OCR task: a real model (and a SimHash over its million output floats) takes
   * seconds on a shared CPU, so it gets more blocks than a digits task's 6, or its replicas
   * abstain.
   */
  static final int OCR_COMMIT_WINDOW = 15;

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
      boolean processes) {}

  private final Options options;
  private final PrintStream out;
  private final List<NodeRuntime> runtimes = new ArrayList<>();
  private @Nullable WorkerProcesses processes;
  private @Nullable Anvil anvil;
  private @Nullable Web3j web3j;
  private @Nullable OcrWorkload ocr;

  /** A devnet that prints progress to {@code out}. */
  public Devnet(Options options, PrintStream out) {
    this.options = options;
    this.out = out;
  }

  /** Runs everything and returns the report. */
  public DevnetReport run() throws Exception {
    long started = System.nanoTime();
    List<Population.Member> members = Population.of(options.workers(), options.adversaries());
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
        config(chain, contract, null),
        options.workDir());
    List<String> urls = new ArrayList<>();
    for (int i = 0; i < members.size(); i++) {
      Credentials key = chain.identities.get(i);
      byAddress.put(key.getAddress().toLowerCase(Locale.ROOT), members.get(i));
      Population.Member member = members.get(i);
      if (options.processes()) {
        if (processes == null) {
          processes = new WorkerProcesses(options.workDir());
        }
        urls.add(processes.start(member.label(), key, env(chain, contract, member)));
      } else {
        NodeRuntime runtime = NodeRuntime.start(config(chain, contract, member), key);
        runtimes.add(runtime);
        urls.add(runtime.url());
      }
    }
    out.printf("%d workers registered and running: %s%n", members.size(), labels(members));
    Requester requester =
        new Requester(
            client,
            TransactionSender.open(
                chain.web3j,
                chain.requester,
                chain.chainId,
                options.workDir().resolve("requester-outbox"),
                Duration.ofMillis(20)));
    List<BigInteger> ids = submit(requester, urls.get(0));
    Monitor monitor = new Monitor(client, requester, chain.requester, ids, byAddress.keySet(), out);
    monitor.awaitAll(
        Duration.ofSeconds(
            Math.max(120, (long) options.tasks() * 30 * Math.max(1, options.blockTime()))));
    DevnetReport report =
        DevnetReport.collect(
            client, ids, byAddress, monitor, options, (System.nanoTime() - started) / 1e9);
    report.json().set("ocr", readOcr(requester, ids));
    return report;
  }

  /** Task {@code i}'s kind: every sixth task reads text with the real OCR model. */
  static boolean isOcr(int i) {
    return i % 6 == 5;
  }

  /** Decodes every settled OCR task's verified result and scores it against what was rendered. */
  private com.fasterxml.jackson.databind.node.ObjectNode readOcr(
      Requester requester, List<BigInteger> ids) {
    var json = JsonNodeFactory.instance.objectNode();
    var tasks = json.putArray("tasks");
    double sum = 0;
    int read = 0;
    for (int i = 0; i < ids.size(); i++) {
      if (!isOcr(i) || ocr == null) {
        continue;
      }
      var t = tasks.addObject();
      t.put("id", ids.get(i).longValue());
      t.put("canonical", ocrCanonical(i));
      try {
        Requester.Result result = requester.result(ids.get(i));
        switch (ocr.read(i, result.bytes())) {
          case network.deai.node.domain.Outcome.Ok<OcrWorkload.Reading> ok -> {
            OcrWorkload.Reading reading = ok.value();
            t.put("charAccuracy", reading.charAccuracy());
            reading.truth().forEach(t.putArray("truth")::add);
            reading.read().forEach(t.putArray("read")::add);
            sum += reading.charAccuracy();
            read++;
          }
          case network.deai.node.domain.Outcome.Rejected<OcrWorkload.Reading> r ->
              t.put("error", r.rejection().toString());
        }
      } catch (RuntimeException e) {
        t.put("error", String.valueOf(e.getMessage()));
      }
    }
    json.put("tasksRead", read);
    json.put("charAccuracy", read == 0 ? 0 : sum / read);
    return json;
  }

  private static String ocrCanonical(int i) {
    return i % 12 == 5 ? "ctc" : "raw";
  }

  private List<BigInteger> submit(Requester requester, String store) {
    DigitsWorkload workload = DigitsWorkload.train(options.seed());
    ArtifactRef model = requester.upload(workload.model(), store);
    List<Requester.Request> requests = new ArrayList<>();
    ArtifactRef ocrModel = null;
    for (int i = 0; i < options.tasks(); i++) {
      if (isOcr(i)) {
        if (ocr == null) {
          ocr = OcrWorkload.load(ocrModels(), options.seed());
        }
        if (ocrModel == null) {
          ocrModel = requester.upload(ocr.model(), store);
        }
        requests.add(ocrRequest(requester, store, ocrModel, i));
        continue;
      }
      boolean similar = i % 2 == 1;
      ArtifactRef inputs = requester.upload(workload.inputs(i * 16, 16), store);
      String executor = i % 4 == 3 ? "djl-linear" : "linear";
      TaskSpec spec =
          new TaskSpec(
              executor,
              inputs,
              model,
              similar && i % 4 == 1
                  ? JsonNodeFactory.instance.objectNode().put("emulatedNoise", 1e-5)
                  : JsonNodeFactory.instance.objectNode(),
              options.seed() + i);
      ArtifactRef specRef = requester.upload(spec.canonicalBytes(), store);
      requests.add(
          new Requester.Request(
              specRef.digest(),
              specRef.uri(),
              new Requester.Params(
                  similar ? 1 : 0,
                  options.replicas(),
                  options.quorum(),
                  similar ? 8 : 0,
                  6,
                  6,
                  1,
                  ETHER.divide(BigInteger.TEN),
                  0,
                  ExecutorKinds.requirement(executor),
                  Math.max(100, options.tasks() * START_BLOCKS_PER_TASK))));
    }
    List<BigInteger> ids =
        requester.submitAll(requests).stream().map(Requester.Submission::taskId).toList();
    out.printf(
        "submitted %d tasks: 16 digits each, EXACT (pure Java), SIMILAR with emulated float noise"
            + " (pure Java) and SIMILAR on PyTorch (DJL); every sixth reads %d rendered text lines"
            + " with the PaddleOCR PP-OCRv4 model on ONNX Runtime (decoded labels compared exactly,"
            + " or SimHash of the logits). The requester starts each as workers free up%n",
        ids.size(), OcrWorkload.LINES_PER_TASK);
    return ids;
  }

  private Requester.Request ocrRequest(
      Requester requester, String store, ArtifactRef model, int i) {
    OcrWorkload workload = java.util.Objects.requireNonNull(ocr);
    ArtifactRef inputs = requester.upload(workload.inputs(i), store);
    String canonical = ocrCanonical(i);
    TaskSpec spec =
        new TaskSpec(
            "onnx",
            inputs,
            model,
            JsonNodeFactory.instance.objectNode().put("canonical", canonical).put("threads", 1),
            options.seed() + i);
    ArtifactRef specRef = requester.upload(spec.canonicalBytes(), store);
    // Label forms compare SHA-256 of the labels exactly: SIMILAR mode with distance 0 carries a
    // fingerprint that is not the result's digest (see PROTOCOL.md, fingerprints).
    return new Requester.Request(
        specRef.digest(),
        specRef.uri(),
        new Requester.Params(
            1,
            options.replicas(),
            options.quorum(),
            canonical.equals("ctc") ? 0 : 8,
            OCR_COMMIT_WINDOW,
            6,
            1,
            ETHER.divide(BigInteger.TEN),
            0,
            ExecutorKinds.requirement("onnx"),
            Math.max(100, options.tasks() * START_BLOCKS_PER_TASK)));
  }

  private static network.deai.node.ocr.OcrModels ocrModels() {
    List<@Nullable Path> starts = new ArrayList<>();
    starts.add(Path.of(""));
    String home = System.getProperty("deai.home");
    starts.add(home == null ? null : Path.of(home));
    return network.deai.node.ocr.OcrModels.locate(System.getenv(), starts);
  }

  private Map<String, String> env(Chain chain, String contract, Population.Member member) {
    return NodeConfig.workerEnvironment(
        chain.rpcUrl,
        chain.chainId,
        contract,
        options.workDir().resolve("nodes"),
        overrides(member));
  }

  /** A worker's configuration; {@code member} null: what every devnet worker shares. */
  private NodeConfig config(Chain chain, String contract, Population.@Nullable Member member) {
    return NodeConfig.inProcess(
        chain.rpcUrl,
        chain.chainId,
        contract,
        options.workDir().resolve("nodes"),
        overrides(member));
  }

  private static Map<String, String> overrides(Population.@Nullable Member member) {
    return member == null
        ? Map.of("DEAI_POLL_INTERVAL_MS", "50", "DEAI_EXECUTORS", EXECUTORS)
        : Map.of(
            "DEAI_POLL_INTERVAL_MS",
            "50",
            "DEAI_EXECUTORS",
            EXECUTORS,
            "DEAI_BEHAVIOUR",
            member.behaviour().name());
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

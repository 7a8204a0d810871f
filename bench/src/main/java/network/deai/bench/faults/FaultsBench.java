package network.deai.bench.faults;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.io.IOException;
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
import network.deai.contracts.abi.Bytes32;
import network.deai.contracts.anvil.Anvil;
import network.deai.node.app.NodeConfig;
import network.deai.node.chain.ContractDeployer;
import network.deai.node.chain.Keystore;
import network.deai.node.chain.TaskManagerClient;
import network.deai.node.chain.TransactionSender;
import network.deai.node.domain.ArtifactRef;
import network.deai.node.domain.ExecutorKinds;
import network.deai.node.domain.NodeDeclaration;
import network.deai.node.domain.Safetensors;
import network.deai.node.domain.TaskSpec;
import network.deai.node.requester.Requester;
import network.deai.node.testing.RpcProxy;
import org.web3j.crypto.Credentials;
import org.web3j.protocol.Web3j;
import org.web3j.protocol.http.HttpService;
import org.web3j.utils.Convert;

/**
 * {@code deai bench faults}: honest workers as separate JVMs, each behind its own faulty RPC proxy,
 * SIGKILLed at every {@link CrashPoint} and restarted, one of them with a disk that fills up for a
 * while, and tasks of which some name inputs on an origin that stalls (for the first requests, or
 * for good), all on anvil. At the end it reads the chain: no honest node may be slashed, no task
 * lost, no wei unaccounted.
 */
public final class FaultsBench {
  private static final String PASSPHRASE = "faults-bench";
  private static final BigInteger ETHER =
      Convert.toWei("1", Convert.Unit.ETHER).toBigIntegerExact();
  private static final BigInteger FEE = ETHER.divide(BigInteger.valueOf(100));

  /**
   * What to run.
   *
   * @param tasks tasks to submit (3 replicas, quorum 2)
   * @param workers honest workers (at least 4: one with the full disk, three or more to crash)
   * @param seed seeds the RPC fault schedule
   * @param blockTimeSeconds anvil's block time
   * @param crashRounds how many times each crash point is reached and killed
   * @param windowBlocks each task's commit window and reveal window: must outlast a worker's kill
   *     and restart, or the protocol rightly slashes it as a no-show
   * @param timeout when the run gives up waiting for its tasks
   */
  public record Settings(
      int tasks,
      int workers,
      long seed,
      int blockTimeSeconds,
      int crashRounds,
      int windowBlocks,
      Duration timeout) {
    /** Checks the counts. */
    public Settings {
      if (tasks < 1
          || workers < 4
          || blockTimeSeconds < 1
          || crashRounds < 1
          || windowBlocks < 10) {
        throw new IllegalArgumentException(
            "need tasks >= 1, workers >= 4, block time >= 1 s, crash rounds >= 1 and a window of"
                + " at least 10 blocks");
      }
    }
  }

  /** What the run found. */
  public record Report(
      int tasks,
      Tally tally,
      long faultsInjected,
      Map<String, Long> faults,
      int crashes,
      Map<CrashPoint, Integer> crashPoints,
      double seconds) {
    /** Whether the three must-be-zero numbers are zero. */
    public boolean clean() {
      return tally.honestSlashed() == 0
          && tally.tasksLost() == 0
          && tally.weiUnaccounted().signum() == 0;
    }
  }

  private FaultsBench() {}

  /** Runs the bench, printing progress to {@code out}. */
  public static Report run(Settings settings, PrintStream out) throws Exception {
    Path dir = Files.createTempDirectory("deai-bench-faults");
    out.println("work directory " + dir);
    try (Anvil anvil = Anvil.start(settings.workers() + 2, 31337, settings.blockTimeSeconds());
        ArtifactOrigin origin = new ArtifactOrigin()) {
      Web3j web3j = Web3j.build(new HttpService(anvil.rpcUrl()));
      try {
        return run(settings, out, dir, anvil, web3j, origin);
      } finally {
        web3j.shutdown();
      }
    }
  }

  private static Report run(
      Settings settings, PrintStream out, Path dir, Anvil anvil, Web3j web3j, ArtifactOrigin origin)
      throws Exception {
    List<Credentials> keys = anvil.privateKeys().stream().map(Credentials::create).toList();
    Credentials deployer = keys.get(0);
    Credentials requesterKey = keys.get(keys.size() - 1);
    String contract =
        ContractDeployer.deploy(
            web3j,
            deployer,
            anvil.chainId(),
            new ContractDeployer.Parameters(
                ETHER.multiply(BigInteger.TEN),
                ETHER,
                ETHER.shiftLeft(1),
                10,
                ContractDeployer.BURN_ADDRESS,
                5,
                BigInteger.ONE));
    TaskManagerClient client = TaskManagerClient.connect(web3j, contract, anvil.chainId());
    Deposits deposits = new Deposits(web3j);
    List<FleetWorker> fleet = new ArrayList<>();
    try {
      for (int i = 1; i <= settings.workers(); i++) {
        Credentials key = keys.get(i);
        deposits.add(register(client, key, dir));
        fleet.add(worker(anvil, client, key, dir, i));
      }
      Requester requester =
          new Requester(
              client,
              TransactionSender.open(
                  web3j,
                  requesterKey,
                  anvil.chainId(),
                  dir.resolve("requester"),
                  Duration.ofMillis(20)));
      FaultRun run = new FaultRun(settings, client, requester, origin, fleet, deposits, out);
      long start = System.nanoTime();
      List<BigInteger> ids = run.drive();
      double seconds = (System.nanoTime() - start) / 1e9;
      closeAll(fleet);
      List<String> workers = fleet.stream().map(w -> w.key.getAddress()).toList();
      List<String> accounts = new ArrayList<>(workers);
      accounts.addAll(List.of(requesterKey.getAddress(), client.treasury(), deployer.getAddress()));
      Tally tally = Tally.read(client, ids, workers, accounts, deposits.total(), BigInteger.ZERO);
      return run.report(ids.size(), tally, seconds);
    } finally {
      closeAll(fleet);
    }
  }

  private static void closeAll(List<FleetWorker> fleet) throws Exception {
    for (FleetWorker worker : fleet) {
      worker.close();
      worker.proxy.close();
    }
  }

  private static TransactionSender.Sent register(
      TaskManagerClient client, Credentials key, Path dir) {
    TransactionSender sender =
        TransactionSender.open(
            client.web3j(),
            key,
            client.chainId(),
            dir.resolve("register-" + key.getAddress()),
            Duration.ofMillis(20));
    TransactionSender.Sent sent =
        client.register(
            sender,
            new NodeDeclaration(1, 0, ExecutorKinds.mask(List.of("linear")), BigInteger.ZERO, ""));
    sender.confirm(sent, Duration.ofSeconds(60), "registering a bench worker");
    return sent;
  }

  private static FleetWorker worker(
      Anvil anvil, TaskManagerClient client, Credentials key, Path dir, int index)
      throws IOException {
    RpcProxy proxy = new RpcProxy(anvil.rpcUrl());
    Keystore.StoredKey stored =
        new Keystore(dir.resolve("keys").resolve("worker-" + index), true)
            .importKey(key.getEcKeyPair().getPrivateKey().toString(16), PASSPHRASE);
    Map<String, String> overrides = new HashMap<>();
    overrides.put("DEAI_KEYSTORE_FILE", stored.file().toString());
    overrides.put("DEAI_PASSPHRASE", PASSPHRASE);
    overrides.put("DEAI_POLL_INTERVAL_MS", "200");
    overrides.put("DEAI_DOWNLOAD_TIMEOUT_MS", "4000");
    Map<String, String> env =
        NodeConfig.workerEnvironment(
            proxy.url(), anvil.chainId(), client.address(), dir.resolve("nodes"), overrides);
    Path logs = Files.createDirectories(dir.resolve("logs"));
    String commitSelector = client.commitData(BigInteger.ONE, Bytes32.ZERO).substring(0, 10);
    return new FleetWorker(
        key, proxy, env, logs.resolve("worker-" + index + ".log"), commitSelector);
  }

  /**
   * Specs for the tasks: every tenth names inputs that stall for good, every tenth+5 for a while.
   */
  static TaskSpec spec(ArtifactOrigin origin, ArtifactRef model, int task) {
    int stalled = task % 10 == 3 ? Integer.MAX_VALUE : task % 10 == 8 ? 4 : 0;
    byte[] inputs =
        Safetensors.write(
            Map.of(
                "inputs", new Safetensors.Tensor(new int[] {1, 2}, new float[] {task, task + 1})));
    return new TaskSpec(
        "linear", origin.put(inputs, stalled), model, JsonNodeFactory.instance.objectNode(), 0);
  }

  /** Each task's fee. */
  static BigInteger fee() {
    return FEE;
  }

  /** The model every task runs: the 2×2 identity. */
  static byte[] model() {
    return Safetensors.write(
        Map.of(
            "weight", new Safetensors.Tensor(new int[] {2, 2}, new float[] {1, 0, 0, 1}),
            "bias", new Safetensors.Tensor(new int[] {2}, new float[] {0, 0})));
  }

  /** Formats the crash points that were hit, in protocol order. */
  static String points(Map<CrashPoint, Integer> hits) {
    StringBuilder text = new StringBuilder();
    for (CrashPoint point : CrashPoint.values()) {
      text.append(String.format(Locale.ROOT, "%s=%d ", point, hits.getOrDefault(point, 0)));
    }
    return text.toString().strip();
  }
}

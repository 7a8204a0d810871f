package network.deai.devnet;

import io.vertx.core.Vertx;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import network.deai.contracts.anvil.Anvil;
import network.deai.node.app.NodeConfig;
import network.deai.node.app.NodeRuntime;
import network.deai.node.chain.ContractDeployer;
import network.deai.node.chain.TaskManagerClient;
import network.deai.node.requester.Requester;
import org.jspecify.annotations.Nullable;
import org.web3j.crypto.Credentials;
import org.web3j.protocol.Web3j;

/**
 * {@code deai devnet --attacks}: replays the attacks of docs/protocol.md §6 end to end on anvil
 * against honest workers running the node software, and measures for each what the attacker gained
 * in the contract and what stake the honest identities lost. Each attacker has its own fresh
 * account.
 */
final class AttacksDevnet implements AutoCloseable {
  /** Honest task workers. */
  static final int WORKERS = 4;

  /** Key slots: deployer, honest requester, workers, four task attackers, the cartel scenario. */
  private static final int KEYS = 2 + WORKERS + 4 + CommitteeCartel.KEYS;

  private final long seed;
  private final Path workDir;
  private final PrintStream out;
  private final List<NodeRuntime> runtimes = new ArrayList<>();
  private @Nullable Anvil anvil;
  private @Nullable Web3j web3j;
  private @Nullable Vertx vertx;
  private @Nullable CommitteeCartel cartel;

  AttacksDevnet(long seed, Path workDir, PrintStream out) {
    this.seed = seed;
    this.workDir = workDir;
    this.out = out;
  }

  /** Runs every attack and returns the report. */
  AttacksReport run() throws Exception {
    long started = System.nanoTime();
    Anvil chain = Anvil.start(KEYS, 31337, 1);
    anvil = chain;
    Web3j connection = NodeRuntime.connect(chain.rpcUrl());
    web3j = connection;
    List<Credentials> keys = chain.privateKeys().stream().map(Credentials::create).toList();
    out.printf("chain %s (id %d)%n", chain.rpcUrl(), chain.chainId());
    TaskManagerClient client = taskManager(chain, connection, keys);
    List<Credentials> workers = keys.subList(2, 2 + WORKERS);
    AttackBench bench =
        new AttackBench(
            client,
            workers.stream().map(Credentials::getAddress).toList(),
            runtimes.get(0).url(),
            seed,
            workDir,
            out);
    Requester honest = bench.requester(keys.get(1), "honest-requester");
    TaskAttacks attacks = new TaskAttacks(bench);
    int next = 2 + WORKERS;
    List<AttackResult> results = new ArrayList<>();
    results.add(announce(attacks.greedy(keys.get(next))));
    results.add(announce(attacks.grinding(keys.get(next + 1))));
    results.add(announce(attacks.jammer(keys.get(next + 2), honest)));
    Vertx vx = Vertx.vertx();
    vertx = vx;
    results.add(announce(SelectiveServer.attack(bench, vx, keys.get(next + 3))));
    CommitteeCartel committee = new CommitteeCartel(seed, workDir, out);
    cartel = committee;
    results.add(announce(committee.run(chain, connection, keys.subList(next + 4, KEYS))));
    return new AttacksReport(
        results,
        bench.booksChecks + committee.booksChecks(),
        bench.booksViolations + committee.booksViolations(),
        (System.nanoTime() - started) / 1e9);
  }

  /** Deploys a TaskManager, registers the honest workers and starts them in process. */
  private TaskManagerClient taskManager(Anvil chain, Web3j connection, List<Credentials> keys) {
    String contract =
        ContractDeployer.deploy(connection, keys.get(0), chain.chainId(), Devnet.parameters());
    TaskManagerClient client = TaskManagerClient.connect(connection, contract, chain.chainId());
    NodeConfig config =
        NodeConfig.inProcess(
            chain.rpcUrl(),
            chain.chainId(),
            contract,
            workDir.resolve("nodes"),
            Map.of("DEAI_POLL_INTERVAL_MS", "50"));
    List<Credentials> workers = keys.subList(2, 2 + WORKERS);
    // Started first, so that each registers the endpoint where it re-serves artifacts.
    for (Credentials key : workers) {
      runtimes.add(NodeRuntime.start(config, key));
    }
    List<String> endpoints = runtimes.stream().map(NodeRuntime::url).toList();
    Devnet.registerAll(client, workers, endpoints, config, workDir);
    out.printf("TaskManager %s: %d honest workers registered and running%n", contract, WORKERS);
    return client;
  }

  private AttackResult announce(AttackResult result) {
    out.printf(
        "%s: attacker gain %s wei, honest loss %s wei%n",
        result.name(), result.attackerGainWei(), result.honestLossWei());
    return result;
  }

  @Override
  public void close() {
    if (cartel != null) {
      cartel.close();
      cartel = null;
    }
    for (NodeRuntime runtime : runtimes) {
      runtime.close();
    }
    runtimes.clear();
    if (vertx != null) {
      vertx.close().await();
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

package network.deai.node.exec;

import java.math.BigInteger;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import network.deai.contracts.testing.LocalChain;
import network.deai.contracts.testing.TaskManagerDriver;
import network.deai.node.app.NodeConfig;
import network.deai.node.app.NodeRuntime;
import network.deai.node.chain.TaskManagerClient;
import network.deai.node.chain.TransactionSender;
import network.deai.node.requester.Requester;
import org.jspecify.annotations.Nullable;
import org.web3j.crypto.Credentials;
import org.web3j.protocol.Web3j;
import org.web3j.protocol.http.HttpService;

/**
 * Test DSL: a deployed TaskManager, registered in-process workers and a requester on a local chain
 * (anvil, or a Hardhat node).
 */
final class WorkerCluster implements AutoCloseable {
  final LocalChain chain;
  final TaskManagerDriver driver;
  final TaskManagerClient client;
  final Requester requester;
  final Path dir;
  final List<NodeRuntime> workers = new ArrayList<>();
  private final String rpcUrl;
  private final @Nullable Web3j ownWeb3j;
  private int nextAccount = 1;

  /** Deploys a TaskManager with the test driver; everything reaches the chain directly. */
  WorkerCluster(LocalChain chain, Path dir) {
    this(chain, dir, TaskManagerDriver.deploy(chain), chain.rpcUrl(), null);
  }

  /**
   * Uses the TaskManager at {@code taskManager}; the workers, the requester and {@link #client}
   * reach the chain at {@code rpcUrl} (e.g. through an {@link network.deai.node.testing.RpcProxy}),
   * the test driver directly.
   */
  WorkerCluster(LocalChain chain, Path dir, String taskManager, String rpcUrl) {
    this(
        chain,
        dir,
        TaskManagerDriver.at(chain, taskManager),
        rpcUrl,
        Web3j.build(new HttpService(rpcUrl)));
  }

  private WorkerCluster(
      LocalChain chain,
      Path dir,
      TaskManagerDriver driver,
      String rpcUrl,
      @Nullable Web3j ownWeb3j) {
    this.chain = chain;
    this.dir = dir;
    this.driver = driver;
    this.rpcUrl = rpcUrl;
    this.ownWeb3j = ownWeb3j;
    Web3j web3j = ownWeb3j == null ? chain.web3j() : ownWeb3j;
    this.client = TaskManagerClient.connect(web3j, driver.address(), LocalChain.CHAIN_ID);
    Credentials requesterKey = chain.account(chain.accountCount() - 1);
    this.requester =
        new Requester(
            client,
            TransactionSender.open(
                web3j,
                requesterKey,
                LocalChain.CHAIN_ID,
                dir.resolve("requester-outbox"),
                Duration.ofMillis(10)));
  }

  /** Environment-style configuration for a worker. */
  Map<String, String> env(Map<String, String> overrides) {
    Map<String, String> env = new HashMap<>();
    env.put("DEAI_KEYSTORE_FILE", "unused-in-process");
    env.put("DEAI_POLL_INTERVAL_MS", "20");
    env.put("DEAI_MAX_ARTIFACT_BYTES", Long.toString(1 << 20));
    env.put("DEAI_DOWNLOAD_TIMEOUT_MS", "5000");
    env.putAll(overrides);
    return NodeConfig.workerEnvironment(
        rpcUrl, LocalChain.CHAIN_ID, driver.address(), dir.resolve("nodes"), env);
  }

  /** Registers the next funded account and starts a worker for it. */
  NodeRuntime addWorker(Map<String, String> overrides) {
    return addWorker(overrides, WorkerHooks.NONE);
  }

  /** As above, with {@code hooks} standing in front of the worker (e.g. a cheating one). */
  NodeRuntime addWorker(Map<String, String> overrides, WorkerHooks hooks) {
    Credentials key = nextKey();
    driver.register(key);
    NodeRuntime runtime = NodeRuntime.start(NodeConfig.load(null, env(overrides)), key, hooks);
    workers.add(runtime);
    return runtime;
  }

  /**
   * Registers the next funded account and starts no worker for it: a replica that never shows up
   * (selection still draws it; it never commits nor reveals).
   */
  Credentials addAbsentWorker() {
    Credentials key = nextKey();
    driver.register(key);
    return key;
  }

  Credentials nextKey() {
    return chain.account(nextAccount++);
  }

  String store() {
    return workers.get(0).url();
  }

  static Requester.Params params(int mode, int replicas, int maxDistance) {
    return new Requester.Params(
        mode,
        replicas,
        replicas / 2 + 1,
        maxDistance,
        40,
        40,
        1,
        BigInteger.TEN.pow(17),
        0,
        0,
        TaskManagerDriver.START_WINDOW);
  }

  /**
   * Polls {@code condition} every 50 ms until it holds; fails naming {@code what} after {@code
   * timeout}.
   */
  static void until(Duration timeout, String what, java.util.function.BooleanSupplier condition) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("not within " + timeout + ": " + what);
      }
      try {
        Thread.sleep(50);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError("interrupted while waiting for " + what, e);
      }
    }
  }

  /**
   * Mines a block every {@code interval} until closed, as a live chain does whether or not anyone
   * sends transactions (anvil's automine only mines on a transaction).
   */
  AutoCloseable produceBlocks(Duration interval) {
    java.util.concurrent.atomic.AtomicBoolean stopped =
        new java.util.concurrent.atomic.AtomicBoolean();
    Thread producer =
        Thread.ofPlatform()
            .daemon()
            .name("block-producer")
            .start(
                () -> {
                  while (!stopped.get()) {
                    chain.mine(1);
                    try {
                      Thread.sleep(interval.toMillis());
                    } catch (InterruptedException e) {
                      return;
                    }
                  }
                });
    return () -> {
      stopped.set(true);
      producer.interrupt();
      producer.join(5_000);
    };
  }

  /** The sum of a metric over every worker. */
  long total(String metric) {
    return workers.stream().mapToLong(w -> w.worker().metrics().value(metric)).sum();
  }

  @Override
  public void close() {
    workers.forEach(NodeRuntime::close);
    if (ownWeb3j != null) {
      ownWeb3j.shutdown();
    }
  }
}

package network.deai.node.exec;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.math.BigInteger;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import network.deai.contracts.testing.LocalChain;
import network.deai.contracts.testing.LocalChainExtension;
import network.deai.node.app.DeaiCommand;
import network.deai.node.app.NodeConfig;
import network.deai.node.app.NodeRuntime;
import network.deai.node.audit.Auditor;
import network.deai.node.chain.Keystore;
import network.deai.node.domain.ArtifactRef;
import network.deai.node.domain.Node;
import network.deai.node.domain.NodeStatus;
import network.deai.node.domain.Task;
import network.deai.node.domain.TaskSpec;
import network.deai.node.domain.TaskState;
import network.deai.node.requester.DigitsWorkload;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.web3j.crypto.Credentials;
import org.web3j.protocol.core.DefaultBlockParameter;
import org.web3j.protocol.core.methods.response.TransactionReceipt;
import org.web3j.utils.Numeric;

/**
 * {@code deai node exit}, {@code withdraw} and {@code withdraw-stake} while {@code deai node run}
 * runs with the same key: the command hands each to the running node, which sends it with its own
 * nonces. A node that exits with a task in flight finishes it, is paid and not slashed, is never
 * picked again, reports the end of its unbonding, and then gets its pay and its whole stake back,
 * to the wei.
 */
@ExtendWith(LocalChainExtension.class)
class NodeExitWhileRunningIT {
  private static final Pattern TX = Pattern.compile("in (0x[0-9a-f]{64}) \\(block (\\d+)\\)");
  @TempDir Path dir;

  @Test
  void aRunningNodeExitsWithWorkInFlightFinishesItAndGetsEverythingBack(LocalChain chain)
      throws Exception {
    try (WorkerCluster cluster = new WorkerCluster(chain, dir);
        AutoCloseable blocks = cluster.produceBlocks(Duration.ofMillis(250))) {
      cluster.addWorker(Map.of());
      cluster.addWorker(Map.of());
      cluster.addAbsentWorker(); // the reveal waits for the deadline
      Credentials key = cluster.nextKey();
      cluster.driver.register(key);
      NodeRuntime node = NodeRuntime.start(NodeConfig.load(null, cluster.env(Map.of())), key);
      cluster.workers.add(node);
      String me = key.getAddress();
      String config = "--config=" + config(chain, cluster, key);
      BigInteger stake = cluster.client.nodeStake();
      TaskSpec spec = spec(cluster);

      BigInteger taskId = submit(cluster, spec, 4);
      int index = replicas(cluster, taskId).indexOf(me.toLowerCase(Locale.ROOT));
      assertThat(index).as("four nodes, four replicas").isNotNegative();
      WorkerCluster.until(
          Duration.ofSeconds(60),
          "the node commits",
          () -> cluster.client.replica(taskId, index).committed());
      assertThat(cluster.client.task(taskId).state()).isEqualTo(TaskState.COMMITTING);

      Cli exit = deai("node", "exit", config, "--wait=60");
      assertThat(exit.status()).as(exit.out()).isZero();
      assertThat(exit.out())
          .contains("handed to it")
          .contains("exit requested in 0x")
          .contains("never picked again; unbonding starts when task " + taskId + " ends")
          .contains("Exiting");
      assertThat(node.worker().draining()).isTrue();
      assertThat(cluster.client.node(me).status()).isEqualTo(NodeStatus.EXITING);

      Task task = cluster.requester.await(taskId, Duration.ofSeconds(90), line -> {});
      assertThat(task.state()).isEqualTo(TaskState.SETTLED);
      assertThat(new Auditor(cluster.client).task(taskId).replicas().get(index).outcome())
          .isEqualTo("Paid");
      Node exiting = cluster.client.node(me);
      assertThat(exiting.stake()).as("not slashed").isEqualTo(stake);
      assertThat(exiting.slashCount()).isZero();

      for (int i = 0; i < 3; i++) {
        assertThat(replicas(cluster, submit(cluster, spec, 2)))
            .doesNotContain(me.toLowerCase(Locale.ROOT));
      }

      WorkerCluster.until(
          Duration.ofSeconds(30), "the unbonding end is reported", () -> exitBlock(node) > 0);
      long exitBlock = exitBlock(node);
      assertThat(exitBlock).isEqualTo(exiting.exitBlock());
      assertThat(status(node))
          .contains("\"operatorRequests\"")
          .contains("\"exitBlock\":" + exitBlock)
          .contains("unbonding ends at block " + exitBlock);
      WorkerCluster.until(
          Duration.ofSeconds(60),
          "the unbonding period passes",
          () -> cluster.client.blockNumber() >= exitBlock);

      BigInteger owed = cluster.client.owed(me);
      assertThat(owed).as("paid for the task in flight").isPositive();
      Cli withdraw = deai("node", "withdraw", config, "--wait=60");
      assertThat(withdraw.status()).as(withdraw.out()).isZero();
      assertThat(withdraw.out()).contains("withdrew " + owed + " wei in 0x");
      assertThat(received(chain, me, withdraw.out())).isEqualTo(owed);

      Cli back = deai("node", "withdraw-stake", config, "--wait=60");
      assertThat(back.status()).as(back.out()).isZero();
      assertThat(back.out()).contains("stake of " + stake + " wei returned in 0x");
      assertThat(received(chain, me, back.out())).isEqualTo(stake);
      assertThat(cluster.client.node(me).status()).isEqualTo(NodeStatus.EXITED);
      assertThat(cluster.client.owed(me)).isZero();
    }
  }

  /** What the transaction named in {@code out} brought {@code who}, its gas added back. */
  private static BigInteger received(LocalChain chain, String who, String out) throws Exception {
    Matcher m = TX.matcher(out);
    assertThat(m.find()).as(out).isTrue();
    TransactionReceipt receipt =
        chain
            .web3j()
            .ethGetTransactionReceipt(m.group(1))
            .send()
            .getTransactionReceipt()
            .orElseThrow();
    BigInteger block = receipt.getBlockNumber();
    BigInteger fee =
        receipt.getGasUsed().multiply(Numeric.decodeQuantity(receipt.getEffectiveGasPrice()));
    return balance(chain, who, block)
        .subtract(balance(chain, who, block.subtract(BigInteger.ONE)))
        .add(fee);
  }

  private static BigInteger balance(LocalChain chain, String who, BigInteger block)
      throws Exception {
    return chain
        .web3j()
        .ethGetBalance(who, DefaultBlockParameter.valueOf(block))
        .send()
        .getBalance();
  }

  private static long exitBlock(NodeRuntime node) {
    return node.worker().snapshot().operatorRequests().stream()
        .filter(o -> o.action().equals("exit"))
        .mapToLong(OperatorRequest.Outcome::exitBlock)
        .max()
        .orElse(0);
  }

  private static String status(NodeRuntime node) throws Exception {
    try (HttpClient http = HttpClient.newHttpClient()) {
      return http.send(
              HttpRequest.newBuilder(URI.create(node.url() + "/status")).build(),
              HttpResponse.BodyHandlers.ofString())
          .body();
    }
  }

  private record Cli(int status, String out) {}

  private static synchronized Cli deai(String... args) {
    PrintStream out = System.out;
    ByteArrayOutputStream captured = new ByteArrayOutputStream();
    try {
      System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
      int status = DeaiCommand.commandLine().execute(args);
      return new Cli(status, captured.toString(StandardCharsets.UTF_8));
    } finally {
      System.setOut(out);
    }
  }

  private Path config(LocalChain chain, WorkerCluster cluster, Credentials key) throws Exception {
    Path passphrase = Files.writeString(dir.resolve("passphrase"), "exit test");
    Path keystore =
        new Keystore(dir.resolve("keys"), true)
            .importKey(
                org.web3j.utils.Numeric.toHexStringNoPrefixZeroPadded(
                    key.getEcKeyPair().getPrivateKey(), 64),
                "exit test")
            .file();
    return Files.writeString(
        dir.resolve("node.toml"),
        String.join(
            "\n",
            "rpc_url = \"" + chain.rpcUrl() + "\"",
            "chain_id = 31337",
            "contract = \"" + cluster.driver.address() + "\"",
            "keystore_file = \"" + keystore + "\"",
            "passphrase_file = \"" + passphrase + "\"",
            "data_dir = \"" + dir.resolve("nodes") + "\"",
            ""));
  }

  private static java.util.List<String> replicas(WorkerCluster cluster, BigInteger taskId) {
    return cluster.client.replicas(taskId).stream().map(s -> s.toLowerCase(Locale.ROOT)).toList();
  }

  private static TaskSpec spec(WorkerCluster cluster) {
    DigitsWorkload workload = DigitsWorkload.train(3);
    ArtifactRef model = cluster.requester.upload(workload.model(), cluster.store());
    ArtifactRef inputs = cluster.requester.upload(workload.inputs(0, 10), cluster.store());
    return new TaskSpec("linear", inputs, model, JsonNodeFactory.instance.objectNode(), 1);
  }

  private static BigInteger submit(WorkerCluster cluster, TaskSpec spec, int replicas) {
    return cluster
        .requester
        .submit(spec, cluster.store(), WorkerCluster.params(0, replicas, 0))
        .taskId();
  }
}

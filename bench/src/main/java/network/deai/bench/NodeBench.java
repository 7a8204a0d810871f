package network.deai.bench;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import network.deai.contracts.anvil.Anvil;
import network.deai.node.chain.ContractDeployer;
import network.deai.node.chain.TaskManagerClient;
import network.deai.node.chain.TransactionSender;
import network.deai.node.domain.ArtifactRef;
import network.deai.node.domain.ExecutorKinds;
import network.deai.node.domain.NodeDeclaration;
import network.deai.node.domain.Safetensors;
import network.deai.node.domain.Task;
import network.deai.node.domain.TaskSpec;
import network.deai.node.domain.TaskState;
import network.deai.node.exec.Metrics;
import network.deai.node.requester.Requester;
import org.web3j.crypto.Credentials;
import org.web3j.protocol.Web3j;
import org.web3j.utils.Convert;

/**
 * Protocol overhead of one worker against anvil: {@code tasks} trivial single-replica tasks, and
 * the worker's own measurement of event seen → commit sent, execution excluded.
 */
public final class NodeBench {
  /** What the bench measured. */
  public record Report(
      int tasks, int settled, double overheadP50Ms, double overheadP95Ms, double seconds) {}

  /** Starts the worker the bench drives; returns its metrics and a closer. */
  public interface WorkerStarter {
    /** Starts a registered worker for {@code key} on the deployed contract. */
    StartedWorker start(String rpcUrl, long chainId, String contract, Credentials key, Path dir);
  }

  /** A running worker. */
  public interface StartedWorker extends AutoCloseable {
    /** Its base URL (artifact store). */
    String url();

    /** Its metrics. */
    Metrics metrics();

    @Override
    void close();
  }

  private NodeBench() {}

  /** Runs the bench, printing progress to {@code out}. */
  public static Report run(int tasks, WorkerStarter starter, java.io.PrintStream out)
      throws Exception {
    Path dir = Files.createTempDirectory("deai-bench-node");
    try (Anvil anvil = Anvil.start(3, 31337, 0)) {
      Web3j web3j =
          org.web3j.protocol.Web3j.build(new org.web3j.protocol.http.HttpService(anvil.rpcUrl()));
      Credentials deployer = Credentials.create(anvil.privateKeys().get(0));
      Credentials worker = Credentials.create(anvil.privateKeys().get(1));
      Credentials requesterKey = Credentials.create(anvil.privateKeys().get(2));
      BigInteger ether = Convert.toWei("1", Convert.Unit.ETHER).toBigIntegerExact();
      String contract =
          ContractDeployer.deploy(
              web3j,
              deployer,
              anvil.chainId(),
              new ContractDeployer.Parameters(
                  ether.multiply(BigInteger.TEN),
                  ether,
                  ether.shiftLeft(1),
                  10,
                  ContractDeployer.BURN_ADDRESS,
                  5,
                  BigInteger.ONE));
      TaskManagerClient client = TaskManagerClient.connect(web3j, contract, anvil.chainId());
      register(client, worker, dir);
      try (StartedWorker started =
          starter.start(anvil.rpcUrl(), anvil.chainId(), contract, worker, dir.resolve("node"))) {
        Requester requester =
            new Requester(
                client,
                TransactionSender.open(
                    web3j,
                    requesterKey,
                    anvil.chainId(),
                    dir.resolve("requester"),
                    Duration.ofMillis(5)));
        TaskSpec spec = trivialSpec(requester, started.url());
        ArtifactRef specRef = requester.upload(spec.canonicalBytes(), started.url());
        long start = System.nanoTime();
        List<BigInteger> ids = new ArrayList<>();
        Requester.Params params =
            new Requester.Params(
                0,
                1,
                1,
                0,
                50,
                50,
                1,
                BigInteger.valueOf(1_000_000),
                0,
                ExecutorKinds.requirement(spec.executor()),
                1000);
        for (int i = 0; i < tasks; i++) {
          // One worker: each task starts once the previous one has freed it.
          BigInteger id = requester.submitRaw(specRef.digest(), specRef.uri(), params).taskId();
          requester.start(id, line -> {});
          ids.add(id);
          if ((i + 1) % 50 == 0) {
            out.printf(Locale.ROOT, "submitted %d/%d%n", i + 1, tasks);
          }
        }
        int settled = 0;
        for (BigInteger id : ids) {
          Task view = requester.await(id, Duration.ofMinutes(2), line -> {});
          settled += view.state() == TaskState.SETTLED ? 1 : 0;
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        Metrics metrics = started.metrics();
        return new Report(
            tasks, settled, metrics.overheadMillis(0.5), metrics.overheadMillis(0.95), seconds);
      } finally {
        web3j.shutdown();
      }
    }
  }

  private static void register(TaskManagerClient client, Credentials worker, Path dir) {
    TransactionSender sender =
        TransactionSender.open(
            client.web3j(),
            worker,
            client.chainId(),
            dir.resolve("register"),
            Duration.ofMillis(5));
    sender.confirm(
        client.register(
            sender,
            new NodeDeclaration(
                1, 0, ExecutorKinds.mask(List.of("linear", "djl-linear")), BigInteger.ZERO, "")),
        Duration.ofSeconds(30),
        "registering the bench worker");
  }

  private static TaskSpec trivialSpec(Requester requester, String store) {
    byte[] model =
        Safetensors.write(
            Map.of(
                "weight", new Safetensors.Tensor(new int[] {2, 2}, new float[] {1, 0, 0, 1}),
                "bias", new Safetensors.Tensor(new int[] {2}, new float[] {0, 0})));
    byte[] inputs =
        Safetensors.write(
            Map.of("inputs", new Safetensors.Tensor(new int[] {1, 2}, new float[] {3, 4})));
    return new TaskSpec(
        "linear",
        requester.upload(inputs, store),
        requester.upload(model, store),
        JsonNodeFactory.instance.objectNode(),
        0);
  }
}

package network.deai.node.exec;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import network.deai.contracts.testing.LocalChain;
import network.deai.contracts.testing.LocalChainExtension;
import network.deai.node.app.NodeConfig;
import network.deai.node.app.NodeRuntime;
import network.deai.node.audit.Auditor;
import network.deai.node.audit.TaskAudit;
import network.deai.node.domain.ArtifactRef;
import network.deai.node.domain.Safetensors;
import network.deai.node.domain.Task;
import network.deai.node.domain.TaskSpec;
import network.deai.node.domain.TaskState;
import network.deai.node.requester.Requester;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.web3j.crypto.Credentials;

/**
 * A worker whose execution takes longer than a task's commit window lasts at the chain's block rate
 * abstains before running it, instead of missing the deadline and being slashed; on a chain with
 * time to spare it runs and commits as before.
 */
@ExtendWith(LocalChainExtension.class)
class CommitWindowIT {
  private static final Duration TIMEOUT = Duration.ofSeconds(60);
  private static final int COMMIT_WINDOW = 16;
  private static final String SLOW_COMMAND =
      """
      [process.commands]
      slow = ["/bin/sh", "-c", "cat > /dev/null; sleep 1; echo '{\\"output\\":[1.5]}'"]
      """;

  @TempDir Path dir;

  @Test
  void commitsOnAChainWithTimeToSpareAndAbstainsWhenBlocksOutrunTheExecution(LocalChain chain)
      throws Exception {
    try (WorkerCluster cluster = new WorkerCluster(chain, dir)) {
      NodeRuntime worker = slowWorker(cluster);
      TaskSpec spec = spec(cluster);

      BigInteger control = cluster.requester.submit(spec, cluster.store(), params()).taskId();
      Task settled = cluster.requester.await(control, TIMEOUT, line -> {});

      assertThat(settled.state()).isEqualTo(TaskState.SETTLED);
      assertThat(replica(cluster, control).outcome()).isEqualTo("Paid");
      assertThat(worker.worker().metrics().value("commits_sent_total")).isOne();

      BigInteger fast;
      try (AutoCloseable blocks = cluster.produceBlocks(Duration.ofMillis(20))) {
        long from = chain.blockNumber();
        WorkerCluster.until(TIMEOUT, "100 fast blocks", () -> chain.blockNumber() > from + 100);
        fast = cluster.requester.submit(spec, cluster.store(), params()).taskId();
        WorkerCluster.until(
            TIMEOUT, "the abstention", () -> cluster.client.task(fast).abstainedMask() == 1);
        long lastReveal = cluster.client.task(fast).lastRevealBlock();
        WorkerCluster.until(TIMEOUT, "the windows' end", () -> chain.blockNumber() > lastReveal);
      }
      cluster.driver.finalizeTask(fast);

      assertThat(cluster.client.task(fast).state()).isEqualTo(TaskState.EXPIRED);
      assertThat(replica(cluster, fast))
          .satisfies(r -> assertThat(r.outcome()).isEqualTo("Abstained"))
          .satisfies(r -> assertThat(r.slashed()).isZero())
          .satisfies(r -> assertThat(r.commitment()).isEmpty());
      assertThat(worker.worker().metrics().value("windows_too_short_total")).isOne();
      assertThat(worker.worker().metrics().value("commits_sent_total")).isOne();
    }
  }

  /** A worker whose only process command takes a second. */
  private NodeRuntime slowWorker(WorkerCluster cluster) throws Exception {
    Path config = dir.resolve("slow-node.toml");
    Files.writeString(config, SLOW_COMMAND, StandardCharsets.UTF_8);
    Credentials key = cluster.nextKey();
    cluster.driver.register(key);
    NodeRuntime runtime = NodeRuntime.start(NodeConfig.load(config, cluster.env(Map.of())), key);
    cluster.workers.add(runtime);
    return runtime;
  }

  private static TaskSpec spec(WorkerCluster cluster) {
    byte[] inputs =
        Safetensors.write(
            Map.of("inputs", new Safetensors.Tensor(new int[] {2}, new float[] {1, 2})));
    ArtifactRef uploaded = cluster.requester.upload(inputs, cluster.store());
    return new TaskSpec(
        "process", uploaded, null, JsonNodeFactory.instance.objectNode().put("command", "slow"), 1);
  }

  private static Requester.Params params() {
    Requester.Params p = WorkerCluster.params(0, 1, 0);
    return new Requester.Params(
        p.mode(),
        p.replicas(),
        p.quorum(),
        p.maxDistance(),
        COMMIT_WINDOW,
        COMMIT_WINDOW,
        p.gpuClass(),
        p.fee(),
        p.minVramMiB(),
        p.executors(),
        p.startWindow());
  }

  private static TaskAudit.Replica replica(WorkerCluster cluster, BigInteger taskId) {
    return new Auditor(cluster.client).task(taskId).replicas().get(0);
  }
}

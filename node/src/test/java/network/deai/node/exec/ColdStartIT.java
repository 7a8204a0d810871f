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
import network.deai.node.domain.TaskLedger;
import network.deai.node.domain.TaskSpec;
import network.deai.node.domain.TaskState;
import network.deai.node.requester.Requester;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.web3j.crypto.Credentials;

/**
 * A worker whose first run of an executor takes far longer than nothing measured so far predicts (a
 * cold engine, a CPU shared with a hundred other workers) is admitted to the task, and then
 * abstains while the run is still going as the commit deadline nears: it is never a no-show.
 */
@ExtendWith(LocalChainExtension.class)
class ColdStartIT {
  private static final Duration TIMEOUT = Duration.ofSeconds(60);
  private static final int COMMIT_WINDOW = 16;
  private static final String COLD_COMMAND =
      """
      [process.commands]
      cold = ["/bin/sh", "-c", "cat > /dev/null; sleep 10; echo '{\\"output\\":[1.5]}'"]
      """;

  @TempDir Path dir;

  @Test
  void abstainsFromAFirstTaskThatIsStillRunningAsTheCommitDeadlineNears(LocalChain chain)
      throws Exception {
    try (WorkerCluster cluster = new WorkerCluster(chain, dir)) {
      NodeRuntime worker = coldWorker(cluster);
      TaskSpec spec = spec(cluster);
      BigInteger task;
      try (AutoCloseable blocks = cluster.produceBlocks(Duration.ofMillis(100))) {
        long from = chain.blockNumber();
        WorkerCluster.until(TIMEOUT, "20 blocks", () -> chain.blockNumber() > from + 20);
        task = cluster.requester.submit(spec, cluster.store(), params()).taskId();
        BigInteger id = task;
        WorkerCluster.until(
            TIMEOUT,
            "the task's start",
            () -> cluster.client.task(id).state() != TaskState.PENDING);
        WorkerCluster.until(
            TIMEOUT, "the abstention", () -> cluster.client.task(id).abstainedMask() == 1);
        // The run still has seconds to go: the chain loop must not wait for it to journal.
        WorkerCluster.until(
            Duration.ofSeconds(4),
            "the worker closing the task while the run goes on",
            () -> closed(worker) == 1);
        long lastReveal = cluster.client.task(id).lastRevealBlock();
        WorkerCluster.until(TIMEOUT, "the windows' end", () -> chain.blockNumber() > lastReveal);
      }
      cluster.driver.finalizeTask(task);

      assertThat(cluster.client.task(task).state()).isEqualTo(TaskState.EXPIRED);
      assertThat(replica(cluster, task))
          .satisfies(r -> assertThat(r.outcome()).isEqualTo("Abstained"))
          .satisfies(r -> assertThat(r.slashed()).isZero())
          .satisfies(r -> assertThat(r.commitment()).isEmpty());
      assertThat(worker.worker().metrics().value("executions_too_slow_total")).isOne();
      assertThat(worker.worker().metrics().value("commits_sent_total")).isZero();
    }
  }

  private static int closed(NodeRuntime worker) {
    return worker.worker().snapshot().tasksByStage().getOrDefault(TaskLedger.Stage.CLOSED, 0);
  }

  /** A worker whose only process command takes ten seconds, longer than any window here. */
  private NodeRuntime coldWorker(WorkerCluster cluster) throws Exception {
    Path config = dir.resolve("cold-node.toml");
    Files.writeString(config, COLD_COMMAND, StandardCharsets.UTF_8);
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
        "process", uploaded, null, JsonNodeFactory.instance.objectNode().put("command", "cold"), 1);
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

package network.deai.node.exec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.math.BigInteger;
import java.nio.file.Path;
import java.util.Map;
import network.deai.contracts.testing.LocalChain;
import network.deai.contracts.testing.LocalChainExtension;
import network.deai.node.domain.ArtifactRef;
import network.deai.node.domain.TaskSpec;
import network.deai.node.domain.TaskState;
import network.deai.node.requester.DigitsWorkload;
import network.deai.node.requester.Requester;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** The requester's side of protocol v2: refusals in plain words, and cancelling a Pending task. */
@ExtendWith(LocalChainExtension.class)
class RequesterIT {
  @TempDir Path dir;

  @Test
  void saysWhatToChangeWhenTheContractRefusesATask(LocalChain chain) {
    try (WorkerCluster cluster = new WorkerCluster(chain, dir)) {
      cluster.addWorker(Map.of());
      TaskSpec spec = spec(cluster);
      Requester.Params cheap = withFee(WorkerCluster.params(0, 3, 0), BigInteger.valueOf(30));

      assertThatThrownBy(() -> cluster.requester.create(spec, cluster.store(), cheap))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("this TaskManager asks at least 1000000000 wei per replica")
          .hasMessageContaining("raise the fee to at least 3000000000 wei for 3 replicas");
      Requester.Params minority = withQuorum(WorkerCluster.params(0, 3, 0), 1);
      assertThatThrownBy(() -> cluster.requester.create(spec, cluster.store(), minority))
          .hasMessageContaining("the quorum must be a strict majority of the 3 replicas: 2..3");
    }
  }

  @Test
  void cancelsATaskThatCannotStartAndRefundsItsFee(LocalChain chain) {
    try (WorkerCluster cluster = new WorkerCluster(chain, dir)) {
      cluster.addWorker(Map.of()); // one node: a 3-replica task cannot start
      Requester.Params params = WorkerCluster.params(0, 3, 0);
      BigInteger taskId = cluster.requester.create(spec(cluster), cluster.store(), params).taskId();

      BigInteger refund = cluster.requester.cancel(taskId);

      assertThat(refund).isEqualTo(params.fee());
      assertThat(cluster.client.task(taskId).state())
          .as("Cancelled")
          .isEqualTo(TaskState.CANCELLED);
      assertThat(cluster.client.owed(cluster.client.task(taskId).requester().hex()))
          .isEqualTo(params.fee());
      assertThatThrownBy(() -> cluster.requester.cancel(taskId))
          .hasMessageContaining("is Cancelled: only a Pending task (not started yet) can be");
    }
  }

  private static TaskSpec spec(WorkerCluster cluster) {
    DigitsWorkload workload = DigitsWorkload.train(2);
    ArtifactRef model = cluster.requester.upload(workload.model(), cluster.store());
    ArtifactRef inputs = cluster.requester.upload(workload.inputs(0, 2), cluster.store());
    return new TaskSpec("linear", inputs, model, JsonNodeFactory.instance.objectNode(), 1);
  }

  private static Requester.Params withFee(Requester.Params p, BigInteger fee) {
    return new Requester.Params(
        p.mode(),
        p.replicas(),
        p.quorum(),
        p.maxDistance(),
        p.commitWindow(),
        p.revealWindow(),
        p.gpuClass(),
        fee,
        p.minVramMiB(),
        p.executors(),
        p.startWindow());
  }

  private static Requester.Params withQuorum(Requester.Params p, int quorum) {
    return new Requester.Params(
        p.mode(),
        p.replicas(),
        quorum,
        p.maxDistance(),
        p.commitWindow(),
        p.revealWindow(),
        p.gpuClass(),
        p.fee(),
        p.minVramMiB(),
        p.executors(),
        p.startWindow());
  }
}

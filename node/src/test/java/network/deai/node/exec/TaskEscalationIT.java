package network.deai.node.exec;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.math.BigInteger;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import network.deai.contracts.crypto.Hashes;
import network.deai.contracts.testing.LocalChain;
import network.deai.contracts.testing.LocalChainExtension;
import network.deai.node.app.NodeRuntime;
import network.deai.node.audit.Auditor;
import network.deai.node.audit.TaskAudit;
import network.deai.node.domain.ArtifactRef;
import network.deai.node.domain.Task;
import network.deai.node.domain.TaskSpec;
import network.deai.node.domain.TaskState;
import network.deai.node.requester.DigitsWorkload;
import network.deai.node.requester.Requester;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * A first round without consensus escalates on anvil: fresh in-process workers recompute the task,
 * their verdict pays the honest first-round replica and slashes the two that guessed.
 */
@ExtendWith(LocalChainExtension.class)
class TaskEscalationIT {
  private static final DigitsWorkload WORKLOAD = DigitsWorkload.train(7);

  @Test
  void aSplitFirstRoundIsDecidedByFreshWorkersAndTheHonestReplicaIsPaid(
      LocalChain chain, @TempDir Path dir) {
    try (WorkerCluster cluster = new WorkerCluster(chain, dir)) {
      NodeRuntime honest = cluster.addWorker(Map.of());
      cluster.addWorker(Map.of(), CheatingWorkers.lazy(new SplittableRandom(1)));
      cluster.addWorker(Map.of(), CheatingWorkers.lazy(new SplittableRandom(2)));
      ArtifactRef model = cluster.requester.upload(WORKLOAD.model(), cluster.store());
      ArtifactRef inputs = cluster.requester.upload(WORKLOAD.inputs(0, 20), cluster.store());
      TaskSpec spec =
          new TaskSpec("linear", inputs, model, JsonNodeFactory.instance.objectNode(), 7);
      BigInteger taskId =
          cluster.requester.submit(spec, cluster.store(), WorkerCluster.params(0, 3, 0)).taskId();
      // Only now do the fresh workers join: the first round drew the three above.
      for (int i = 0; i < 7; i++) {
        cluster.addWorker(Map.of());
      }
      WorkerCluster.until(
          Duration.ofSeconds(90),
          "the escalation's seats drawn",
          () -> {
            Task t = cluster.client.task(taskId);
            if (t.escalationPending()) {
              cluster.requester.startPending(List.of(taskId));
            }
            return t.escalationSeats() > 0;
          });
      Task task = cluster.requester.await(taskId, Duration.ofSeconds(120), line -> {});

      assertThat(task.state()).as("Settled by the escalation").isEqualTo(TaskState.SETTLED);
      assertThat(task.escalationSeats()).isEqualTo(7);
      assertThat(task.groupSize()).as("the honest replica and 7 seats").isEqualTo(8);
      TaskAudit audit = new Auditor(cluster.client).task(taskId);
      assertThat(audit.problems()).isEmpty();
      assertThat(audit.escalationSeats()).isEqualTo(7);
      assertThat(audit.replicas()).hasSize(10);
      String honestAddress = honest.worker().snapshot().address();
      BigInteger share = task.fee().divide(BigInteger.TEN);
      for (TaskAudit.Replica r : audit.replicas()) {
        boolean paid = r.index() >= 3 || r.worker().equalsIgnoreCase(honestAddress);
        assertThat(r.outcome()).as("seat " + r.index()).isEqualTo(paid ? "Paid" : "SlashedWrong");
        assertThat(r.paid()).isEqualTo(paid ? share : BigInteger.ZERO);
      }
      Requester.Result result = cluster.requester.result(taskId);
      assertThat(Hashes.sha256(result.bytes())).isEqualTo(result.digest());
    }
  }
}

package network.deai.node.exec;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.math.BigInteger;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import network.deai.contracts.crypto.Hashes;
import network.deai.contracts.testing.LocalChain;
import network.deai.contracts.testing.LocalChainExtension;
import network.deai.node.app.NodeRuntime;
import network.deai.node.audit.Auditor;
import network.deai.node.audit.TaskAudit;
import network.deai.node.domain.ArtifactRef;
import network.deai.node.domain.ExecutorKinds;
import network.deai.node.domain.Task;
import network.deai.node.domain.TaskSpec;
import network.deai.node.domain.TaskState;
import network.deai.node.requester.DigitsWorkload;
import network.deai.node.requester.Requester;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.web3j.crypto.Credentials;

/**
 * Protocol v2 from the workers' side: idle workers start a task nobody else starts, a drawn
 * replacement runs the task like any replica, and a replica that cannot fetch its inputs abstains
 * instead of becoming a no-show.
 */
@ExtendWith(LocalChainExtension.class)
class WorkerLivenessIT {
  private static final Duration TIMEOUT = Duration.ofSeconds(60);
  private static final DigitsWorkload WORKLOAD = DigitsWorkload.train(11);

  @TempDir Path dir;

  @Test
  void idleWorkersStartATaskItsRequesterLeftPending(LocalChain chain) {
    try (WorkerCluster cluster = workers(chain, 3)) {
      TaskSpec spec = spec(upload(cluster));
      ArtifactRef published = cluster.requester.upload(spec.canonicalBytes(), cluster.store());
      Requester.Params params =
          WorkerCluster.params(0, 3, 0).withExecutors(ExecutorKinds.requirement(spec.executor()));

      BigInteger taskId =
          cluster.requester.submitRaw(published.digest(), published.uri(), params).taskId();
      chain.mine(1); // workers act on new blocks; with automine only transactions make them
      Task task = cluster.requester.await(taskId, TIMEOUT, line -> {});

      assertThat(task.state()).isEqualTo(TaskState.SETTLED);
      assertThat(cluster.total("starts_sent_total")).isPositive();
      assertThat(new Auditor(cluster.client).task(taskId).problems()).isEmpty();
    }
  }

  @Test
  void aReplacementDrawnForAnAbstainingReplicaRunsTheTask(LocalChain chain) {
    try (WorkerCluster cluster = workers(chain, 2)) {
      Credentials absent = cluster.nextKey();
      cluster.driver.register(absent); // a node with no worker behind it
      TaskSpec spec = spec(upload(cluster));
      BigInteger taskId =
          cluster.requester.submit(spec, cluster.store(), WorkerCluster.params(0, 3, 0)).taskId();
      NodeRuntime late = cluster.addWorker(Map.of()); // the only free node from now on

      cluster.driver.abstain(absent, taskId);
      Task task = cluster.requester.await(taskId, TIMEOUT, line -> {});

      assertThat(task.state()).isEqualTo(TaskState.SETTLED);
      assertThat(task.groupSize()).isEqualTo(3);
      TaskAudit audit = new Auditor(cluster.client).task(taskId);
      assertThat(audit.problems()).isEmpty();
      assertThat(audit.replicas())
          .extracting(TaskAudit.Replica::worker)
          .map(String::toLowerCase)
          .contains(late.worker().snapshot().address().toLowerCase(java.util.Locale.ROOT))
          .doesNotContain(absent.getAddress().toLowerCase(java.util.Locale.ROOT));
      assertThat(late.worker().metrics().value("tasks_assigned_total")).isOne();
      assertThat(audit.replicas()).allSatisfy(r -> assertThat(r.outcome()).isEqualTo("Paid"));
    }
  }

  @Test
  void aReplicaThatCannotFetchItsInputsAbstainsInsteadOfBeingSlashed(LocalChain chain) {
    try (WorkerCluster cluster = workers(chain, 1)) {
      byte[] bytes = WORKLOAD.inputs(100, 4); // in no store
      ArtifactRef unreachable =
          new ArtifactRef(Hashes.sha256(bytes), bytes.length, "http://127.0.0.1:1/inputs");
      TaskSpec spec = spec(List.of(upload(cluster).get(0), unreachable));
      BigInteger taskId =
          cluster.requester.submit(spec, cluster.store(), WorkerCluster.params(0, 1, 0)).taskId();
      WorkerCluster.until(
          TIMEOUT, "a failed fetch", () -> cluster.total("inputs_unavailable_total") > 0);

      long commitDeadline = cluster.client.task(taskId).commitDeadline();
      chain.mine(commitDeadline - 2 - chain.blockNumber());
      WorkerCluster.until(
          TIMEOUT,
          "the replica's abstention",
          () -> cluster.client.task(taskId).abstainedMask() == 1);
      cluster.driver.finalizeTask(taskId);

      Task task = cluster.client.task(taskId);
      assertThat(task.state()).as("Expired").isEqualTo(TaskState.EXPIRED);
      TaskAudit audit = new Auditor(cluster.client).task(taskId);
      assertThat(audit.problems()).isEmpty();
      assertThat(audit.replicas())
          .singleElement()
          .satisfies(r -> assertThat(r.outcome()).isEqualTo("Abstained"))
          .satisfies(r -> assertThat(r.slashed()).isZero())
          .satisfies(r -> assertThat(r.commitment()).isEmpty());
      assertThat(task.requesterCredit()).isEqualTo(task.fee());
      assertThat(cluster.total("commits_sent_total")).isZero();
    }
  }

  private WorkerCluster workers(LocalChain chain, int count) {
    WorkerCluster cluster = new WorkerCluster(chain, dir);
    for (int i = 0; i < count; i++) {
      cluster.addWorker(Map.of());
    }
    return cluster;
  }

  /** The model and a batch of inputs in the cluster's store. */
  private static List<ArtifactRef> upload(WorkerCluster cluster) {
    return List.of(
        cluster.requester.upload(WORKLOAD.model(), cluster.store()),
        cluster.requester.upload(WORKLOAD.inputs(0, 4), cluster.store()));
  }

  private static TaskSpec spec(List<ArtifactRef> modelAndInputs) {
    return new TaskSpec(
        "linear",
        modelAndInputs.get(1),
        modelAndInputs.get(0),
        JsonNodeFactory.instance.objectNode(),
        3);
  }
}

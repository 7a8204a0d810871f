package network.deai.node.exec;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.math.BigInteger;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import network.deai.contracts.testing.LocalChain;
import network.deai.contracts.testing.LocalChainExtension;
import network.deai.node.app.NodeRuntime;
import network.deai.node.audit.Auditor;
import network.deai.node.domain.TaskSpec;
import network.deai.node.domain.TaskState;
import network.deai.node.requester.DigitsWorkload;
import network.deai.node.testing.RpcProxy;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The workers' RPC endpoint drops every connection for a few seconds while tasks are created: no
 * event is missed, none is handled twice, and every task settles with all replicas paid.
 */
@ExtendWith(LocalChainExtension.class)
class RpcOutageIT {
  @TempDir Path dir;

  @Test
  void tasksCreatedDuringAnOutageSettleWithoutMissedOrDuplicatedEvents(LocalChain chain)
      throws Exception {
    try (RpcProxy proxy = new RpcProxy(chain.rpcUrl());
        WorkerCluster cluster = new WorkerCluster(chain, dir)) {
      for (int i = 0; i < 3; i++) {
        cluster.addWorker(Map.of("DEAI_RPC_URL", proxy.url()));
      }
      DigitsWorkload workload = DigitsWorkload.train(5);
      TaskSpec spec =
          new TaskSpec(
              "linear",
              cluster.requester.upload(workload.inputs(0, 8), cluster.store()),
              cluster.requester.upload(workload.model(), cluster.store()),
              JsonNodeFactory.instance.objectNode(),
              2);
      List<BigInteger> tasks = new ArrayList<>();
      tasks.add(submit(cluster, spec));
      cluster.requester.await(tasks.get(0), Duration.ofSeconds(60), line -> {});

      proxy.dropFor(3_000);
      for (int i = 0; i < 3; i++) {
        tasks.add(submit(cluster, spec));
        proxy.dropFor(3_000);
      }

      for (BigInteger id : tasks) {
        assertThat(cluster.requester.await(id, Duration.ofSeconds(90), line -> {}).state())
            .isEqualTo(TaskState.SETTLED);
        assertThat(new Auditor(cluster.client).task(id).replicas())
            .allSatisfy(r -> assertThat(r.outcome()).isEqualTo("Paid"));
      }
      long errors = 0;
      for (NodeRuntime worker : cluster.workers) {
        Metrics metrics = worker.worker().metrics();
        assertThat(metrics.value("tasks_assigned_total")).isEqualTo(tasks.size());
        assertThat(metrics.value("commits_sent_total")).isEqualTo(tasks.size());
        assertThat(metrics.value("reveals_sent_total")).isEqualTo(tasks.size());
        errors += metrics.value("rpc_errors_total");
      }
      assertThat(errors).as("the outage was felt").isPositive();
    }
  }

  private static BigInteger submit(WorkerCluster cluster, TaskSpec spec) {
    return cluster.requester.submit(spec, cluster.store(), WorkerCluster.params(0, 3, 0)).taskId();
  }
}

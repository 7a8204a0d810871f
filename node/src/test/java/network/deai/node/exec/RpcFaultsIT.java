package network.deai.node.exec;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.math.BigInteger;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import network.deai.contracts.testing.LocalChain;
import network.deai.contracts.testing.LocalChainExtension;
import network.deai.node.audit.Auditor;
import network.deai.node.domain.TaskSpec;
import network.deai.node.domain.TaskState;
import network.deai.node.requester.DigitsWorkload;
import network.deai.node.testing.RpcProxy;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Workers with a single RPC endpoint behind a fault proxy survive each fault: slow answers, HTTP
 * 429s, malformed JSON and truncated bodies. Every task settles with all replicas paid, and the
 * spoiled answers show up in {@code rpc_errors_total}.
 */
@ExtendWith(LocalChainExtension.class)
class RpcFaultsIT {
  @TempDir Path dir;

  @Test
  void slowAnswersStillSettleEveryTask(LocalChain chain) throws Exception {
    settlesThrough(chain, proxy -> proxy.delay(150), false);
  }

  @Test
  void tooManyRequestsAreRetriedUntilEveryTaskSettles(LocalChain chain) throws Exception {
    settlesThrough(chain, proxy -> proxy.faultFor(RpcProxy.Fault.TOO_MANY_REQUESTS, 2_000), true);
  }

  @Test
  void malformedJsonIsCountedAndRecoveredFrom(LocalChain chain) throws Exception {
    settlesThrough(chain, proxy -> proxy.faultFor(RpcProxy.Fault.MALFORMED, 2_000), true);
  }

  @Test
  void truncatedBodiesAreCountedAndRecoveredFrom(LocalChain chain) throws Exception {
    settlesThrough(chain, proxy -> proxy.faultFor(RpcProxy.Fault.TRUNCATED, 2_000), true);
  }

  private void settlesThrough(LocalChain chain, Consumer<RpcProxy> fault, boolean felt)
      throws Exception {
    try (RpcProxy proxy = new RpcProxy(chain.rpcUrl());
        WorkerCluster cluster = new WorkerCluster(chain, dir)) {
      for (int i = 0; i < 2; i++) {
        cluster.addWorker(Map.of("DEAI_RPC_URL", proxy.url()));
      }
      TaskSpec spec = spec(cluster);
      List<BigInteger> tasks = new ArrayList<>();
      tasks.add(submit(cluster, spec));
      cluster.requester.await(tasks.get(0), Duration.ofSeconds(30), line -> {});
      for (int i = 0; i < 2; i++) {
        fault.accept(proxy);
        tasks.add(submit(cluster, spec));
      }
      assertSettledAndPaid(cluster, tasks);
      assertThat(proxy.faultsServed() > 0).as("the fault was served").isEqualTo(felt);
      if (felt) {
        assertThat(cluster.total("rpc_errors_total")).as("the fault was felt").isPositive();
      }
      assertThat(cluster.total("commits_sent_total")).isEqualTo(2L * tasks.size());
    }
  }

  static TaskSpec spec(WorkerCluster cluster) {
    DigitsWorkload workload = DigitsWorkload.train(5);
    return new TaskSpec(
        "linear",
        cluster.requester.upload(workload.inputs(0, 8), cluster.store()),
        cluster.requester.upload(workload.model(), cluster.store()),
        JsonNodeFactory.instance.objectNode(),
        2);
  }

  static BigInteger submit(WorkerCluster cluster, TaskSpec spec) {
    return cluster.requester.submit(spec, cluster.store(), WorkerCluster.params(0, 2, 0)).taskId();
  }

  static void assertSettledAndPaid(WorkerCluster cluster, List<BigInteger> tasks) {
    for (BigInteger id : tasks) {
      assertThat(cluster.requester.await(id, Duration.ofSeconds(60), line -> {}).state())
          .isEqualTo(TaskState.SETTLED);
      assertThat(new Auditor(cluster.client).task(id).replicas())
          .allSatisfy(r -> assertThat(r.outcome()).isEqualTo("Paid"));
    }
  }
}

package network.deai.node.exec;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigInteger;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import network.deai.contracts.testing.LocalChain;
import network.deai.contracts.testing.LocalChainExtension;
import network.deai.node.domain.TaskSpec;
import network.deai.node.testing.RpcProxy;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Workers configured with two RPC endpoints, a faulty one first and a clean one second: while the
 * faulty one turns slow, rate-limits, truncates answers, reports a lagging head and another chain,
 * every task settles with all replicas paid.
 */
@ExtendWith(LocalChainExtension.class)
class RpcFailoverIT {
  @TempDir Path dir;

  @Test
  void tasksSettleWhileTheFirstEndpointMisbehaves(LocalChain chain) throws Exception {
    try (RpcProxy faulty = new RpcProxy(chain.rpcUrl());
        RpcProxy clean = new RpcProxy(chain.rpcUrl());
        WorkerCluster cluster = new WorkerCluster(chain, dir)) {
      for (int i = 0; i < 2; i++) {
        cluster.addWorker(Map.of("DEAI_RPC_URLS", faulty.url() + "," + clean.url()));
      }
      TaskSpec spec = RpcFaultsIT.spec(cluster);
      List<BigInteger> tasks = new ArrayList<>();
      faulty.delay(100);
      tasks.add(RpcFaultsIT.submit(cluster, spec));
      faulty.delay(0);
      faulty.fault(RpcProxy.Fault.TOO_MANY_REQUESTS);
      tasks.add(RpcFaultsIT.submit(cluster, spec));
      faulty.fault(RpcProxy.Fault.TRUNCATED);
      tasks.add(RpcFaultsIT.submit(cluster, spec));
      faulty.fault(RpcProxy.Fault.MALFORMED);
      tasks.add(RpcFaultsIT.submit(cluster, spec));
      faulty.clear();
      faulty.lagBy(50);
      faulty.fault(RpcProxy.Fault.WRONG_CHAIN);
      tasks.add(RpcFaultsIT.submit(cluster, spec));

      RpcFaultsIT.assertSettledAndPaid(cluster, tasks);
      assertThat(faulty.faultsServed()).as("the faulty endpoint was used").isPositive();
      assertThat(cluster.total("commits_sent_total")).isEqualTo(2L * tasks.size());
      assertThat(cluster.total("reveals_sent_total")).isEqualTo(2L * tasks.size());
    }
  }
}

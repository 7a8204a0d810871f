package network.deai.node.exec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import network.deai.contracts.testing.LocalChain;
import network.deai.contracts.testing.LocalChainExtension;
import network.deai.node.app.NodeConfig;
import network.deai.node.app.NodeRuntime;
import network.deai.node.testing.RpcProxy;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.web3j.crypto.Credentials;

/**
 * A worker (re)started while its RPC endpoint has a transient fault at each step of the start
 * (chain id check, nonce read, registry read) waits the faults out in-process and serves tasks; a
 * permanent error still ends the start at once, an endpoint that stays faulty ends it in one line
 * after {@code startup_retry_ms}, and a start that fails leaves no chain loop, lock or port behind.
 */
@ExtendWith(LocalChainExtension.class)
class StartupRetryIT {
  @TempDir Path dir;

  @Test
  void transientFaultsAtEachStartStepAreWaitedOutAndTasksSettle(LocalChain chain) throws Exception {
    try (RpcProxy proxy = new RpcProxy(chain.rpcUrl());
        WorkerCluster cluster = new WorkerCluster(chain, dir)) {
      cluster.addWorker(Map.of());
      proxy.failNext("eth_chainId", RpcProxy.Fault.TRUNCATED, 2);
      proxy.failNext("eth_getTransactionCount", RpcProxy.Fault.TOO_MANY_REQUESTS, 2);
      proxy.failNext("eth_call", RpcProxy.Fault.MALFORMED, 2);

      cluster.addWorker(Map.of("DEAI_RPC_URL", proxy.url()));

      assertThat(proxy.faultsServed()).as("every spoiled answer hit the start").isEqualTo(6);
      BigInteger task = RpcFaultsIT.submit(cluster, RpcFaultsIT.spec(cluster));
      RpcFaultsIT.assertSettledAndPaid(cluster, List.of(task));
    }
  }

  @Test
  void aWrongChainStillEndsTheStartAtOnce(LocalChain chain) throws Exception {
    try (RpcProxy proxy = new RpcProxy(chain.rpcUrl());
        WorkerCluster cluster = new WorkerCluster(chain, dir)) {
      proxy.fault(RpcProxy.Fault.WRONG_CHAIN);
      Credentials key = registered(cluster);
      long started = System.nanoTime();

      assertThatThrownBy(() -> start(cluster, key, Map.of("DEAI_RPC_URL", proxy.url())))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageStartingWith("RPC endpoint serves chain id 1 but the configuration expects");
      assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(10));
    }
  }

  @Test
  void anEndpointThatStaysFaultyEndsTheStartInOneLineAndLeavesNothingBehind(LocalChain chain)
      throws Exception {
    try (RpcProxy proxy = new RpcProxy(chain.rpcUrl());
        WorkerCluster cluster = new WorkerCluster(chain, dir)) {
      Credentials key = registered(cluster);
      Map<String, String> env =
          Map.of("DEAI_RPC_URL", proxy.url(), "DEAI_STARTUP_RETRY_MS", "1500");
      proxy.failNext("eth_call", RpcProxy.Fault.TOO_MANY_REQUESTS, 1_000);
      long started = System.nanoTime();

      assertThatThrownBy(() -> start(cluster, key, env))
          .isInstanceOf(UncheckedIOException.class)
          .hasMessage(
              "the RPC endpoint kept failing while reading the node's registry entry (contract view failed: Invalid"
                  + " response received: 429; rate limited) for 1 s: check that rpc_url answers,"
                  + " or raise startup_retry_ms");
      assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(30));

      proxy.clear(); // the data directory lock was released: the same key starts now
      cluster.workers.add(start(cluster, key, env));
    }
  }

  @Test
  void aFailureAfterTheChainLoopStartedStopsIt(LocalChain chain) throws Exception {
    try (WorkerCluster cluster = new WorkerCluster(chain, dir)) {
      Credentials key = registered(cluster);
      long loops = chainLoops();

      assertThatThrownBy( // no TrainingJobs code there: found after the worker started
              () ->
                  start(
                      cluster,
                      key,
                      Map.of(
                          "DEAI_JOBS_CONTRACT",
                          "0x000000000000000000000000000000000000dead",
                          "DEAI_JOB_ROLE",
                          "aggregator")))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageStartingWith("no TrainingJobs contract code at");
      assertThat(chainLoops()).as("chain loops left running").isEqualTo(loops);
    }
  }

  private static Credentials registered(WorkerCluster cluster) {
    Credentials key = cluster.nextKey();
    cluster.driver.register(key);
    return key;
  }

  private static NodeRuntime start(
      WorkerCluster cluster, Credentials key, Map<String, String> overrides) {
    return NodeRuntime.start(NodeConfig.load(null, cluster.env(overrides)), key);
  }

  private static long chainLoops() {
    return Thread.getAllStackTraces().keySet().stream()
        .filter(t -> t.getName().equals("chain-loop") && t.isAlive())
        .count();
  }
}

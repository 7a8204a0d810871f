package network.deai.node.exec;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import network.deai.contracts.gen.TaskManager;
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
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.web3j.abi.EventEncoder;
import org.web3j.protocol.core.DefaultBlockParameter;
import org.web3j.protocol.core.DefaultBlockParameterName;
import org.web3j.protocol.core.Request;
import org.web3j.protocol.core.Response;
import org.web3j.protocol.core.methods.request.EthFilter;
import org.web3j.protocol.core.methods.response.EthBlock;
import org.web3j.protocol.core.methods.response.Log;
import org.web3j.protocol.http.HttpService;

/**
 * A reorg drops the block that held a worker's commit, after the worker saw it mined. anvil 1.7.1's
 * {@code anvil_reorg(depth, [])} replaces the last {@code depth} blocks with empty ones and drops
 * their transactions for good (they do not return to the mempool, and the account's nonce goes
 * back), so the test re-includes every other transaction of those blocks and leaves the worker's
 * out. The worker must commit the same commitment again (its journalled salt), reveal and be paid.
 */
@ExtendWith(LocalChainExtension.class)
class WorkerReorgIT {
  private static final String COMMITTED = EventEncoder.encode(TaskManager.COMMITTED_EVENT);

  @TempDir Path dir;

  @Test
  void workerWhoseCommitIsReorgedOutCommitsTheSameCommitmentAgainAndIsPaid(LocalChain chain)
      throws Exception {
    try (WorkerCluster cluster = new WorkerCluster(chain, dir)) {
      cluster.addWorker(Map.of());
      cluster.addWorker(Map.of());
      cluster.addAbsentWorker(); // the reveal waits for the deadline
      DigitsWorkload workload = DigitsWorkload.train(3);
      ArtifactRef model = cluster.requester.upload(workload.model(), cluster.store());
      ArtifactRef inputs = cluster.requester.upload(workload.inputs(0, 10), cluster.store());
      TaskSpec spec =
          new TaskSpec("linear", inputs, model, JsonNodeFactory.instance.objectNode(), 1);
      BigInteger taskId =
          cluster.requester.submit(spec, cluster.store(), WorkerCluster.params(0, 3, 0)).taskId();

      WorkerCluster.until(
          Duration.ofSeconds(60), "two commits", () -> commits(cluster, taskId).size() == 2);
      Log commit = commits(cluster, taskId).get(0);
      TaskManager.CommittedEventResponse first = TaskManager.getCommittedEventFromLog(commit);
      String victim = first.worker.toLowerCase(Locale.ROOT);
      NodeRuntime worker =
          cluster.workers.stream()
              .filter(w -> w.worker().snapshot().address().equalsIgnoreCase(victim))
              .findFirst()
              .orElseThrow();
      long commitBlock = commit.getBlockNumber().longValueExact();
      WorkerCluster.until(
          Duration.ofSeconds(30),
          "the victim settled the block of its commit",
          () -> worker.worker().snapshot().block() >= chain.blockNumber());

      reorgOut(chain, commitBlock, victim);
      assertThat(commits(cluster, taskId))
          .extracting(l -> TaskManager.getCommittedEventFromLog(l).worker.toLowerCase(Locale.ROOT))
          .doesNotContain(victim);

      Task task = mineUntilFinal(cluster, taskId);
      assertThat(task.state()).isEqualTo(TaskState.SETTLED);
      List<TaskManager.CommittedEventResponse> victims =
          commits(cluster, taskId).stream()
              .map(TaskManager::getCommittedEventFromLog)
              .filter(e -> e.worker.equalsIgnoreCase(victim))
              .toList();
      assertThat(victims).hasSize(1);
      assertThat(victims.get(0).commitment).isEqualTo(first.commitment);
      TaskAudit audit = new Auditor(cluster.client).task(taskId);
      TaskAudit.Replica replica =
          audit.replicas().get(cluster.client.replicas(taskId).indexOf(first.worker));
      assertThat(replica.outcome()).isEqualTo("Paid");
      assertThat(replica.commitmentChecks()).isTrue();
    }
  }

  /** The task's Committed logs on the canonical chain, oldest first. */
  private static List<Log> commits(WorkerCluster cluster, BigInteger taskId) {
    EthFilter filter =
        new EthFilter(
            DefaultBlockParameterName.EARLIEST,
            DefaultBlockParameterName.LATEST,
            cluster.driver.address());
    filter.addSingleTopic(COMMITTED);
    try {
      return cluster.chain.web3j().ethGetLogs(filter).send().getLogs().stream()
          .map(r -> (Log) r.get())
          .filter(l -> TaskManager.getCommittedEventFromLog(l).taskId.equals(taskId))
          .toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Replaces blocks {@code from}..head, keeping every transaction not sent by {@code dropped}. */
  private static void reorgOut(LocalChain chain, long from, String dropped) {
    long head = chain.blockNumber();
    List<List<Object>> kept = new ArrayList<>();
    try {
      for (long n = from; n <= head; n++) {
        EthBlock.Block block =
            chain
                .web3j()
                .ethGetBlockByNumber(DefaultBlockParameter.valueOf(BigInteger.valueOf(n)), true)
                .send()
                .getBlock();
        for (EthBlock.TransactionResult<?> result : block.getTransactions()) {
          EthBlock.TransactionObject tx = (EthBlock.TransactionObject) result.get();
          if (!tx.getFrom().equalsIgnoreCase(dropped)) {
            kept.add(List.of(raw(chain, tx.getHash()), n - from));
          }
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    rpc(chain, "anvil_reorg", List.of(head - from + 1, kept));
  }

  private static String raw(LocalChain chain, String hash) {
    return String.valueOf(rpc(chain, "eth_getRawTransactionByHash", List.of(hash)));
  }

  private static Object rpc(LocalChain chain, String method, List<?> params) {
    try {
      Response<?> response =
          new Request<>(
                  method, params, new HttpService(chain.rpcUrl()), LocalChain.MineResponse.class)
              .send();
      if (response.hasError()) {
        throw new IllegalStateException(method + ": " + response.getError().getMessage());
      }
      return String.valueOf(response.getResult());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Mines a block every 200 ms (the commit deadline must pass) until the task is final. */
  private static Task mineUntilFinal(WorkerCluster cluster, BigInteger taskId) throws Exception {
    try (AutoCloseable blocks = cluster.produceBlocks(Duration.ofMillis(200))) {
      return cluster.requester.await(taskId, Duration.ofSeconds(120), line -> {});
    }
  }
}

package network.deai.node.exec;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.math.BigInteger;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import network.deai.contracts.testing.LocalChain;
import network.deai.contracts.testing.LocalChainExtension;
import network.deai.contracts.testing.TaskManagerDriver;
import network.deai.node.audit.Auditor;
import network.deai.node.audit.TaskAudit;
import network.deai.node.chain.TransactionSender;
import network.deai.node.domain.ArtifactRef;
import network.deai.node.domain.Sampling;
import network.deai.node.domain.SamplingDecision;
import network.deai.node.domain.SamplingStage;
import network.deai.node.domain.Task;
import network.deai.node.domain.TaskSpec;
import network.deai.node.domain.TaskState;
import network.deai.node.requester.Challenge;
import network.deai.node.requester.DigitsWorkload;
import network.deai.node.requester.Requester;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Sampled validation on anvil with honest in-process workers: a task sampled at 100% is checked by
 * two validators and pays all three seats; one at the contract's minimum rate is decided as the
 * block hash says, and, when unchecked, a challenge draws validators that agree with the executor,
 * so the bond goes to the requester. The auditor recomputes every decision and passes.
 */
@ExtendWith(LocalChainExtension.class)
class SampledTaskIT {
  private static final DigitsWorkload WORKLOAD = DigitsWorkload.train(7);
  private static final BigInteger FEE = BigInteger.TEN.pow(17);

  @Test
  void checkedUncheckedAndChallengedTasksSettleAndAudit(LocalChain chain, @TempDir Path dir)
      throws Exception {
    try (WorkerCluster cluster = new WorkerCluster(chain, dir);
        AutoCloseable blocks = cluster.produceBlocks(Duration.ofMillis(200))) {
      for (int i = 0; i < 4; i++) {
        cluster.addWorker(Map.of());
      }
      ArtifactRef model = cluster.requester.upload(WORKLOAD.model(), cluster.store());
      ArtifactRef inputs = cluster.requester.upload(WORKLOAD.inputs(0, 20), cluster.store());
      TaskSpec spec =
          new TaskSpec("linear", inputs, model, JsonNodeFactory.instance.objectNode(), 7);

      BigInteger full = cluster.requester.submit(spec, cluster.store(), params(10_000)).taskId();
      Task checked = settled(cluster, full);
      Sampling fullSampling = cluster.client.sampling(full);
      assertThat(fullSampling.checked()).isTrue();
      assertThat(fullSampling.stage()).isEqualTo(SamplingStage.CHECKED);
      assertThat(checked.groupSize()).as("executor and both validators paid").isEqualTo(3);
      TaskAudit fullAudit = new Auditor(cluster.client).task(full);
      assertThat(fullAudit.problems()).isEmpty();
      assertThat(fullAudit.sampling().validators()).hasSize(2);
      assertThat(fullAudit.sampling().recomputedChecked()).isTrue();

      int minimum = cluster.client.minSampleRateBps(FEE.divide(BigInteger.valueOf(3)));
      BigInteger low = cluster.requester.submit(spec, cluster.store(), params(minimum)).taskId();
      WorkerCluster.until(
          Duration.ofSeconds(30),
          "the check of task " + low + " decided",
          () -> cluster.client.sampling(low).decisionBlock() > 0);
      Sampling decided = cluster.client.sampling(low);
      SamplingDecision recomputed =
          SamplingDecision.decide(cluster.client.blockHash(decided.decisionBlock()), low, minimum);
      assertThat(decided.checked()).isEqualTo(recomputed.checked());
      if (!decided.checked()) {
        WorkerCluster.until(
            Duration.ofSeconds(20),
            "the executor's reveal",
            () -> (cluster.client.task(low).revealedMask() & 1) != 0);
        Challenge.Posted posted =
            Challenge.post(cluster.client, challenger(cluster, dir), low, line -> {});
        assertThat(posted.bond()).isEqualTo(FEE.divide(BigInteger.valueOf(3)).shiftLeft(1));
      }
      Task lowTask = settled(cluster, low);
      assertThat(lowTask.state()).isEqualTo(TaskState.SETTLED);
      TaskAudit lowAudit = new Auditor(cluster.client).task(low);
      assertThat(lowAudit.problems()).isEmpty();
      if (!decided.checked()) {
        assertThat(lowAudit.sampling().outcome()).isEqualTo("rejected");
        assertThat(lowAudit.sampling().toRequester()).isEqualTo(lowAudit.sampling().bond());
        assertThat(lowAudit.sampling().validators()).hasSize(2);
        assertThat(lowTask.groupSize()).isEqualTo(3);
      }

      // Unchallenged at the minimum rate: an unchecked result settles only after its window.
      BigInteger quiet = cluster.requester.submit(spec, cluster.store(), params(minimum)).taskId();
      WorkerCluster.until(
          Duration.ofSeconds(30),
          "the check of task " + quiet + " decided",
          () -> cluster.client.sampling(quiet).decisionBlock() > 0);
      Sampling quietSampling = cluster.client.sampling(quiet);
      Task quietTask = settled(cluster, quiet);
      TaskAudit quietAudit = new Auditor(cluster.client).task(quiet);
      assertThat(quietAudit.problems()).isEmpty();
      assertThat(quietAudit.sampling().recomputedChecked()).isEqualTo(quietSampling.checked());
      if (!quietSampling.checked()) {
        long settledIn = finalizedBlock(cluster, quiet);
        assertThat(settledIn).isGreaterThan(quietSampling.challengeDeadline());
        assertThat(quietTask.groupSize()).isEqualTo(1);
        assertThat(quietTask.requesterCredit())
            .as("the two undrawn validator shares come back")
            .isEqualTo(FEE.subtract(FEE.divide(BigInteger.valueOf(3))));
      }
    }
  }

  private static long finalizedBlock(WorkerCluster cluster, BigInteger taskId) {
    String topic =
        org.web3j.abi.EventEncoder.encode(
            network.deai.contracts.gen.TaskManager.TASKFINALIZED_EVENT);
    return cluster.client.taskLogs(taskId).stream()
        .filter(log -> log.getTopics().get(0).equals(topic))
        .findFirst()
        .orElseThrow()
        .getBlockNumber()
        .longValueExact();
  }

  private static Task settled(WorkerCluster cluster, BigInteger taskId) {
    WorkerCluster.until(
        Duration.ofSeconds(45),
        "task " + taskId + " final",
        () -> cluster.client.task(taskId).isFinal());
    return cluster.client.task(taskId);
  }

  private static TransactionSender challenger(WorkerCluster cluster, Path dir) {
    return TransactionSender.open(
        cluster.chain.web3j(),
        cluster.chain.account(cluster.chain.accountCount() - 2),
        LocalChain.CHAIN_ID,
        dir.resolve("challenger-outbox"),
        Duration.ofMillis(10));
  }

  private static Requester.Params params(int rateBps) {
    return new Requester.Params(
        0, 3, 3, 0, 20, 20, 1, FEE, 0, 0, TaskManagerDriver.START_WINDOW, rateBps);
  }
}

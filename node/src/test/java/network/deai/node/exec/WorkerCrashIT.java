package network.deai.node.exec;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.math.BigInteger;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import network.deai.contracts.testing.LocalChain;
import network.deai.contracts.testing.LocalChainExtension;
import network.deai.node.audit.Auditor;
import network.deai.node.audit.TaskAudit;
import network.deai.node.chain.Keystore;
import network.deai.node.domain.ArtifactRef;
import network.deai.node.domain.Task;
import network.deai.node.domain.TaskSpec;
import network.deai.node.domain.TaskState;
import network.deai.node.requester.DigitsWorkload;
import network.deai.node.testing.WorkerProcess;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.web3j.crypto.Credentials;

/**
 * A worker in its own JVM is killed with SIGKILL right after it prepared (result and salt
 * journalled), right after it sent its commit, and right after it sent its reveal; each time it is
 * restarted, resumes from its journal, and ends up paid, having committed exactly once.
 */
@ExtendWith(LocalChainExtension.class)
class WorkerCrashIT {
  @TempDir Path dir;

  @Test
  void workerKilledAtEachProtocolStepResumesAndIsPaid(LocalChain chain) throws Exception {
    try (WorkerCluster cluster = new WorkerCluster(chain, dir)) {
      cluster.addWorker(Map.of());
      cluster.addWorker(Map.of());
      Credentials victim = cluster.nextKey();
      cluster.driver.register(victim);
      Keystore.StoredKey key =
          new Keystore(dir.resolve("keys"), true)
              .importKey(victim.getEcKeyPair().getPrivateKey().toString(16), "crash-test");
      Map<String, String> env = new HashMap<>(cluster.env(Map.of()));
      env.put("DEAI_KEYSTORE_FILE", key.file().toString());
      env.put("DEAI_PASSPHRASE", "crash-test");
      Path log = dir.resolve("victim.log");

      DigitsWorkload workload = DigitsWorkload.train(3);
      ArtifactRef model = cluster.requester.upload(workload.model(), cluster.store());
      ArtifactRef inputs = cluster.requester.upload(workload.inputs(0, 10), cluster.store());
      TaskSpec spec =
          new TaskSpec("linear", inputs, model, JsonNodeFactory.instance.objectNode(), 1);

      WorkerProcess first = WorkerProcess.startPausing(env, "prepare", log);
      BigInteger task1 = submit(cluster, spec);
      first.await("paused after prepare for task " + task1, Duration.ofSeconds(60));
      first.kill();

      WorkerProcess second = WorkerProcess.startPausing(env, "commit", log);
      assertPaid(cluster, task1, victim);
      BigInteger task2 = submit(cluster, spec);
      second.await("paused after commit for task " + task2, Duration.ofSeconds(60));
      second.kill();
      assertThat(cluster.client.replica(task2, indexOf(cluster, task2, victim)).committed())
          .isTrue();

      WorkerProcess third = WorkerProcess.startPausing(env, "reveal", log);
      third.await("paused after reveal for task " + task2, Duration.ofSeconds(60));
      third.kill();

      try (WorkerProcess last = WorkerProcess.start(env, log)) {
        assertPaid(cluster, task2, victim);
      }
    }
  }

  /**
   * The unsafe points: killed after signing its commit (in the outbox) but before the broadcast got
   * through, and killed after a broadcast that got through but before the journal recorded it. The
   * restarted worker finds its commit on chain (the outbox re-broadcast the first one), reveals and
   * is paid.
   */
  @Test
  void workerKilledBetweenSigningAndJournallingItsCommitResumesAndIsPaid(LocalChain chain)
      throws Exception {
    try (WorkerCluster cluster = new WorkerCluster(chain, dir);
        RawTransactionGate gate = new RawTransactionGate(chain.rpcUrl());
        AutoCloseable blocks = cluster.produceBlocks(Duration.ofMillis(500))) {
      Victim victim = victim(cluster);
      TaskSpec spec = spec(cluster);

      Map<String, String> gated = new HashMap<>(victim.env());
      gated.put("DEAI_RPC_URL", gate.url());
      WorkerProcess first = WorkerProcess.startPausing(gated, "broadcast", victim.log());
      BigInteger task1 = submit(cluster, spec);
      first.await("paused after broadcast for task " + task1, Duration.ofSeconds(60));
      first.kill();
      assertThat(gate.refused()).isPositive();
      assertThat(cluster.client.replica(task1, indexOf(cluster, task1, victim.key())).committed())
          .isFalse();

      WorkerProcess second = WorkerProcess.startPausing(victim.env(), "broadcast", victim.log());
      assertPaid(cluster, task1, victim.key());
      BigInteger task2 = submit(cluster, spec);
      second.await("paused after broadcast for task " + task2, Duration.ofSeconds(60));
      second.kill();
      int index2 = indexOf(cluster, task2, victim.key());
      WorkerCluster.until(
          Duration.ofSeconds(30),
          "the broadcast commit is mined",
          () -> cluster.client.replica(task2, index2).committed());

      try (WorkerProcess last = WorkerProcess.start(victim.env(), victim.log())) {
        assertPaid(cluster, task2, victim.key());
      }
    }
  }

  /**
   * No kill: the endpoint answers every broadcast with 503 for a while, so the commit is signed and
   * in the outbox but {@code send} throws. Once broadcasts get through, the outbox sends it, and
   * the worker, seeing it on chain, reveals and is paid.
   */
  @Test
  void workerWhoseCommitBroadcastFailsRevealsOnceTheOutboxSendsItAndIsPaid(LocalChain chain)
      throws Exception {
    try (WorkerCluster cluster = new WorkerCluster(chain, dir);
        RawTransactionGate gate = new RawTransactionGate(chain.rpcUrl());
        AutoCloseable blocks = cluster.produceBlocks(Duration.ofMillis(500))) {
      Victim victim = victim(cluster);
      TaskSpec spec = spec(cluster);
      Map<String, String> gated = new HashMap<>(victim.env());
      gated.put("DEAI_RPC_URL", gate.url());
      try (WorkerProcess worker = WorkerProcess.start(gated, victim.log())) {
        BigInteger task = submit(cluster, spec);
        WorkerCluster.until(
            Duration.ofSeconds(60), "a commit broadcast is refused", () -> gate.refused() > 0);
        gate.open();
        assertPaid(cluster, task, victim.key());
      }
    }
  }

  /**
   * The same on a chain that mines only when a transaction arrives (anvil's automine) and nothing
   * else is sent: no new block will come, so the worker must retry on its own clock.
   */
  @Test
  void workerWhoseCommitBroadcastFailsOnAStalledChainRetriesWithoutANewBlock(LocalChain chain)
      throws Exception {
    try (WorkerCluster cluster = new WorkerCluster(chain, dir);
        RawTransactionGate gate = new RawTransactionGate(chain.rpcUrl())) {
      Victim victim = victim(cluster);
      TaskSpec spec = spec(cluster);
      Map<String, String> gated = new HashMap<>(victim.env());
      gated.put("DEAI_RPC_URL", gate.url());
      try (WorkerProcess worker = WorkerProcess.start(gated, victim.log())) {
        BigInteger task = submit(cluster, spec);
        WorkerCluster.until(
            Duration.ofSeconds(60), "a commit broadcast is refused", () -> gate.refused() > 0);
        gate.open();
        assertPaid(cluster, task, victim.key());
      }
    }
  }

  private record Victim(Credentials key, Map<String, String> env, Path log) {}

  /** Two in-process workers and a registered third key whose worker the test runs as a process. */
  private Victim victim(WorkerCluster cluster) {
    cluster.addWorker(Map.of());
    cluster.addWorker(Map.of());
    Credentials victim = cluster.nextKey();
    cluster.driver.register(victim);
    Path home = dir.resolve("victim-" + victim.getAddress());
    Keystore.StoredKey key =
        new Keystore(home.resolve("keys"), true)
            .importKey(victim.getEcKeyPair().getPrivateKey().toString(16), "crash-test");
    Map<String, String> env = new HashMap<>(cluster.env(Map.of()));
    env.put("DEAI_KEYSTORE_FILE", key.file().toString());
    env.put("DEAI_PASSPHRASE", "crash-test");
    return new Victim(victim, env, Path.of("target", "victim-" + victim.getAddress() + ".log"));
  }

  private static TaskSpec spec(WorkerCluster cluster) {
    DigitsWorkload workload = DigitsWorkload.train(3);
    ArtifactRef model = cluster.requester.upload(workload.model(), cluster.store());
    ArtifactRef inputs = cluster.requester.upload(workload.inputs(0, 10), cluster.store());
    return new TaskSpec("linear", inputs, model, JsonNodeFactory.instance.objectNode(), 1);
  }

  private static BigInteger submit(WorkerCluster cluster, TaskSpec spec) {
    return cluster.requester.submit(spec, cluster.store(), WorkerCluster.params(0, 3, 0)).taskId();
  }

  private static int indexOf(WorkerCluster cluster, BigInteger taskId, Credentials who) {
    return cluster.client.replicas(taskId).stream()
        .map(s -> s.toLowerCase(java.util.Locale.ROOT))
        .toList()
        .indexOf(who.getAddress().toLowerCase(java.util.Locale.ROOT));
  }

  private static void assertPaid(WorkerCluster cluster, BigInteger taskId, Credentials who) {
    Task task = cluster.requester.await(taskId, Duration.ofSeconds(90), line -> {});
    assertThat(task.state()).isEqualTo(TaskState.SETTLED);
    TaskAudit audit = new Auditor(cluster.client).task(taskId);
    assertThat(audit.problems()).isEmpty();
    TaskAudit.Replica replica = audit.replicas().get(indexOf(cluster, taskId, who));
    assertThat(replica.outcome()).isEqualTo("Paid");
    assertThat(replica.commitmentChecks()).isTrue();
    assertThat(task.groupSize()).isEqualTo(3);
  }
}

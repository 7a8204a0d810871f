package network.deai.node.exec;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import network.deai.contracts.abi.Bytes32;
import network.deai.contracts.crypto.Hashes;
import network.deai.contracts.testing.LocalChain;
import network.deai.contracts.testing.LocalChainExtension;
import network.deai.node.audit.Auditor;
import network.deai.node.audit.TaskAudit;
import network.deai.node.domain.ArtifactRef;
import network.deai.node.domain.ResultVector;
import network.deai.node.domain.Task;
import network.deai.node.domain.TaskSpec;
import network.deai.node.domain.TaskState;
import network.deai.node.requester.DigitsWorkload;
import network.deai.node.requester.Requester;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** Three in-process workers and a requester on a real anvil chain. */
@ExtendWith(LocalChainExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class WorkerNodeIT {
  private static final DigitsWorkload WORKLOAD = DigitsWorkload.train(7);

  private WorkerCluster cluster;
  private ArtifactRef model;
  private ArtifactRef inputs;

  @BeforeAll
  void startWorkers(LocalChain chain, @TempDir Path dir) {
    cluster = new WorkerCluster(chain, dir);
    for (int i = 0; i < 3; i++) {
      cluster.addWorker(Map.of());
    }
    model = cluster.requester.upload(WORKLOAD.model(), cluster.store());
    inputs = cluster.requester.upload(WORKLOAD.inputs(0, 20), cluster.store());
  }

  @AfterAll
  void stopWorkers() {
    cluster.close();
  }

  private TaskSpec spec(String executor, ArtifactRef in, ArtifactRef m, ObjectNode parameters) {
    return new TaskSpec(executor, in, m, parameters, 7);
  }

  private Task run(TaskSpec spec, Requester.Params params) {
    Requester.Submission submission = cluster.requester.submit(spec, cluster.store(), params);
    return cluster.requester.await(submission.taskId(), Duration.ofSeconds(60), line -> {});
  }

  private BigInteger lastTask() {
    return cluster.client.taskCount();
  }

  @Test
  @Order(1)
  void exactTaskSettlesWithAllThreePaidAndAnAuditThatChecksOut() {
    Task task =
        run(
            spec("linear", inputs, model, JsonNodeFactory.instance.objectNode()),
            WorkerCluster.params(0, 3, 0));

    assertThat(task.state()).isEqualTo(TaskState.SETTLED);
    assertThat(task.groupSize()).isEqualTo(3);
    Requester.Result result = cluster.requester.result(lastTask());
    float[] logits = ResultVector.decode(result.bytes());
    assertThat(logits).hasSize(20 * 10);
    assertThat(DigitsWorkload.accuracy(logits, WORKLOAD.labels(0, 20))).isGreaterThan(0.8);
    TaskAudit audit = new Auditor(cluster.client).task(lastTask());
    assertThat(audit.problems()).isEmpty();
    assertThat(audit.replicas())
        .allSatisfy(
            r -> {
              assertThat(r.outcome()).isEqualTo("Paid");
              assertThat(r.commitmentChecks()).isTrue();
            });
  }

  @Test
  @Order(2)
  void similarTaskWithFloatNoiseSettlesWithinTheDistance() {
    ObjectNode noisy = JsonNodeFactory.instance.objectNode().put("emulatedNoise", 1e-5);
    Task task = run(spec("linear", inputs, model, noisy), WorkerCluster.params(1, 3, 12));

    assertThat(task.state()).isEqualTo(TaskState.SETTLED);
    assertThat(task.groupSize()).isEqualTo(3);
    List<TaskAudit.Replica> replicas = new Auditor(cluster.client).task(lastTask()).replicas();
    assertThat(replicas.stream().map(TaskAudit.Replica::resultDigest).distinct().count())
        .as("noise makes the raw digests differ")
        .isEqualTo(3);
  }

  @Test
  @Order(3)
  void badInputsSettleOnARecordedRejection() {
    ObjectNode none = JsonNodeFactory.instance.objectNode();
    ArtifactRef garbage =
        cluster.requester.upload("not a model".getBytes(StandardCharsets.UTF_8), cluster.store());
    ArtifactRef lying = new ArtifactRef(Hashes.sha256(new byte[] {1}), inputs.size(), inputs.uri());
    ArtifactRef huge = new ArtifactRef(Bytes32.ZERO, 2 << 20, inputs.uri());
    Map<String, TaskSpec> cases =
        Map.of(
            "unknown-executor", spec("gpu-magic", inputs, model, none),
            "model-load-failed", spec("linear", inputs, garbage, none),
            "artifact-digest-mismatch", spec("linear", lying, model, none),
            "artifact-oversized", spec("linear", huge, model, none));
    for (var c : cases.entrySet()) {
      run(c.getValue(), WorkerCluster.params(0, 3, 0));
      assertRejectedWith(c.getKey());
    }
    ArtifactRef malformed =
        cluster.requester.upload(
            "{\"version\":1,".getBytes(StandardCharsets.UTF_8), cluster.store());
    Requester.Submission submission =
        cluster.requester.submitRaw(
            malformed.digest(), malformed.uri(), WorkerCluster.params(0, 3, 0));
    cluster.requester.start(submission.taskId(), line -> {});
    cluster.requester.await(submission.taskId(), Duration.ofSeconds(60), line -> {});
    assertRejectedWith("malformed-spec");
  }

  private void assertRejectedWith(String code) {
    Requester.Result result = cluster.requester.result(lastTask());
    assertThat(new String(result.bytes(), StandardCharsets.UTF_8))
        .isEqualTo("{\"rejected\":\"" + code + "\"}");
    assertThat(new Auditor(cluster.client).task(lastTask()).replicas())
        .allSatisfy(r -> assertThat(r.outcome()).isEqualTo("Paid"));
  }

  @Test
  @Order(4)
  void lazyWorkerIsSlashedAndTheOthersPaid() {
    var lazy = cluster.addWorker(Map.of(), CheatingWorkers.lazy(new SplittableRandom()));
    Task task =
        run(
            spec("linear", inputs, model, JsonNodeFactory.instance.objectNode()),
            WorkerCluster.params(0, 4, 0));

    assertThat(task.state()).isEqualTo(TaskState.SETTLED);
    TaskAudit audit = new Auditor(cluster.client).task(lastTask());
    assertThat(audit.problems()).isEmpty();
    for (TaskAudit.Replica r : audit.replicas()) {
      boolean isLazy = r.worker().equalsIgnoreCase(lazy.worker().snapshot().address());
      assertThat(r.outcome()).isEqualTo(isLazy ? "SlashedWrong" : "Paid");
    }
  }
}

package network.deai.node.exec;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigInteger;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import network.deai.contracts.testing.LocalChain;
import network.deai.contracts.testing.LocalChainExtension;
import network.deai.contracts.testing.TaskManagerDriver;
import network.deai.node.app.NodeConfig;
import network.deai.node.app.NodeRuntime;
import network.deai.node.audit.Auditor;
import network.deai.node.domain.ArtifactRef;
import network.deai.node.domain.ExecutorKinds;
import network.deai.node.domain.Outcome;
import network.deai.node.domain.ResultFingerprint;
import network.deai.node.domain.Safetensors;
import network.deai.node.domain.Task;
import network.deai.node.domain.TaskSpec;
import network.deai.node.domain.TaskState;
import network.deai.node.requester.Requester;
import network.deai.verifier.domain.canonical.CanonicalForm;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.web3j.crypto.Credentials;

/** Three workers run the real PP-OCRv4 recognition model as onnx tasks on anvil. */
@ExtendWith(LocalChainExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class OnnxTaskIT {
  private WorkerCluster cluster;
  private ArtifactRef model;
  private ArtifactRef inputs;

  @BeforeAll
  void startWorkers(LocalChain chain, @TempDir Path dir) throws Exception {
    cluster = new WorkerCluster(chain, dir);
    for (int i = 0; i < 3; i++) {
      addOnnxWorker();
    }
    model = cluster.requester.upload(OcrFixture.recognitionModelBytes(), cluster.store());
    inputs = cluster.requester.upload(OcrFixture.inputs("deai 2026", "verified"), cluster.store());
  }

  @AfterAll
  void stopWorkers() {
    cluster.close();
  }

  /** Registers a node declaring every executor kind, onnx included, and starts its worker. */
  private void addOnnxWorker() throws Exception {
    Credentials key = cluster.nextKey();
    cluster
        .driver
        .as(key)
        .register(
            TaskManagerDriver.GPU_CLASS,
            BigInteger.valueOf(24576),
            BigInteger.valueOf((1L << ExecutorKinds.NAMES.size()) - 1),
            BigInteger.ZERO,
            "http://127.0.0.1:9000",
            TaskManagerDriver.STAKE)
        .send();
    Map<String, String> env = cluster.env(Map.of("DEAI_MAX_ARTIFACT_BYTES", "" + (32 << 20)));
    cluster.workers.add(NodeRuntime.start(NodeConfig.load(null, env), key));
  }

  private BigInteger settle(ObjectNode parameters, Requester.Params params) {
    TaskSpec spec = new TaskSpec(OnnxExecutor.NAME, inputs, model, parameters, 11);
    Requester.Submission submission = cluster.requester.submit(spec, cluster.store(), params);
    Task task = cluster.requester.await(submission.taskId(), Duration.ofSeconds(90), line -> {});
    assertThat(task.state()).isEqualTo(TaskState.SETTLED);
    assertThat(task.groupSize()).isEqualTo(3);
    assertThat(new Auditor(cluster.client).task(submission.taskId()).replicas())
        .allSatisfy(r -> assertThat(r.outcome()).isEqualTo("Paid"));
    return submission.taskId();
  }

  @Test
  void ctcTaskSettlesOnExactlyEqualLabelsAndTheRequesterReadsTheVerifiedText() {
    ObjectNode parameters =
        JsonNodeFactory.instance.objectNode().put("canonical", "ctc").put("threads", 1);
    // EXACT: the fingerprint is SHA-256 of the labels and must match exactly, while the result
    // keeps the raw outputs (so the fingerprint is not the result digest).
    BigInteger taskId = settle(parameters, WorkerCluster.params(0, 3, 0));
    assertThat(cluster.client.task(taskId).mode()).isEqualTo(network.deai.node.domain.Mode.EXACT);

    Requester.Result result = cluster.requester.result(taskId);
    var outputs = ((Outcome.Ok<Map<String, Safetensors.Tensor>>) Safetensors.read(result.bytes()));
    var labels = ResultFingerprint.labels(new CanonicalForm.Ctc(), outputs.value());
    int[][] lines =
        java.util.Objects.requireNonNull(
            ((Outcome.Ok<Map<String, int[][]>>) labels).value().get(OcrFixture.OUTPUT));
    assertThat(OcrFixture.text(lines[0]).strip()).isEqualTo("deai 2026");
    assertThat(OcrFixture.text(lines[1]).strip()).isEqualTo("verified");
  }

  @Test
  void similarRawTaskSettlesOnTheSimHashOfTheProbabilities() {
    ObjectNode parameters = JsonNodeFactory.instance.objectNode().put("canonical", "raw");
    BigInteger taskId = settle(parameters, WorkerCluster.params(1, 3, 12));

    assertThat(cluster.requester.result(taskId).bytes().length)
        .isGreaterThan(2 * 40 * 6625 * Float.BYTES);
  }
}

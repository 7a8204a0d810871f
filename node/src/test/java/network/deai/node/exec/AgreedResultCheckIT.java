package network.deai.node.exec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigInteger;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.SplittableRandom;
import network.deai.contracts.testing.LocalChain;
import network.deai.contracts.testing.LocalChainExtension;
import network.deai.node.domain.ArtifactRef;
import network.deai.node.domain.Task;
import network.deai.node.domain.TaskSpec;
import network.deai.node.domain.TaskState;
import network.deai.node.requester.DigitsWorkload;
import network.deai.node.requester.Requester;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The requester recomputes the fingerprint of the bytes it downloads and refuses bytes that do not
 * match the verdict, even when they match the serving replica's revealed digest.
 */
@ExtendWith(LocalChainExtension.class)
class AgreedResultCheckIT {
  private static final DigitsWorkload WORKLOAD = DigitsWorkload.train(3);

  @TempDir Path dir;

  @Test
  void refusesAGroupThatServesOtherBytesThanItsFingerprintStandsFor(LocalChain chain) {
    try (WorkerCluster cluster = new WorkerCluster(chain, dir)) {
      for (int i = 0; i < 3; i++) {
        cluster.addWorker(Map.of(), CheatingWorkers.decoy(new SplittableRandom(i)));
      }
      ObjectNode noisy = JsonNodeFactory.instance.objectNode().put("emulatedNoise", 1e-5);
      BigInteger taskId = settle(cluster, spec(cluster, noisy), WorkerCluster.params(1, 3, 12));

      assertThatThrownBy(() -> cluster.requester.result(taskId))
          .isInstanceOf(IllegalStateException.class)
          .hasMessage(
              "no agreeing replica of task "
                  + taskId
                  + " served bytes whose fingerprint matches the verdict");
    }
  }

  @Test
  void refusesAnExactGroupThatServesOtherBytesThanItsFingerprintStandsFor(LocalChain chain) {
    try (WorkerCluster cluster = new WorkerCluster(chain, dir)) {
      for (int i = 0; i < 3; i++) {
        cluster.addWorker(Map.of(), CheatingWorkers.decoy(new SplittableRandom(i)));
      }
      ObjectNode exact = JsonNodeFactory.instance.objectNode();
      // The contract takes any EXACT fingerprint now (label forms are not the digest), so the
      // decoys' reveals are accepted and agree: only the requester's recomputation catches them.
      BigInteger taskId = settle(cluster, spec(cluster, exact), WorkerCluster.params(0, 3, 0));

      assertThatThrownBy(() -> cluster.requester.result(taskId))
          .isInstanceOf(IllegalStateException.class)
          .hasMessage(
              "no agreeing replica of task "
                  + taskId
                  + " served bytes whose fingerprint matches the verdict");
    }
  }

  @Test
  void acceptsTheBytesOfAnHonestMemberOfASimilarGroup(LocalChain chain) {
    try (WorkerCluster cluster = new WorkerCluster(chain, dir)) {
      for (int i = 0; i < 3; i++) {
        cluster.addWorker(Map.of());
      }
      ObjectNode noisy = JsonNodeFactory.instance.objectNode().put("emulatedNoise", 1e-5);
      BigInteger taskId = settle(cluster, spec(cluster, noisy), WorkerCluster.params(1, 3, 12));

      Requester.Result result = cluster.requester.result(taskId);
      assertThat(result.bytes()).hasSize(10 * 10 * Float.BYTES);
    }
  }

  private static TaskSpec spec(WorkerCluster cluster, ObjectNode parameters) {
    ArtifactRef model = cluster.requester.upload(WORKLOAD.model(), cluster.store());
    ArtifactRef inputs = cluster.requester.upload(WORKLOAD.inputs(0, 10), cluster.store());
    return new TaskSpec("linear", inputs, model, parameters, 5);
  }

  private static BigInteger settle(WorkerCluster cluster, TaskSpec spec, Requester.Params params) {
    Requester.Submission submission = cluster.requester.submit(spec, cluster.store(), params);
    Task task = cluster.requester.await(submission.taskId(), Duration.ofSeconds(60), line -> {});
    assertThat(task.state()).isEqualTo(TaskState.SETTLED);
    assertThat(task.groupSize()).isEqualTo(3);
    return submission.taskId();
  }
}

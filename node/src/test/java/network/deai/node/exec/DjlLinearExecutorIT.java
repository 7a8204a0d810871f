package network.deai.node.exec;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.util.SplittableRandom;
import network.deai.contracts.abi.Bytes32;
import network.deai.node.domain.ArtifactRef;
import network.deai.node.domain.Outcome;
import network.deai.node.domain.TaskSpec;
import network.deai.node.requester.DigitsWorkload;
import network.deai.verifier.domain.fingerprint.Hamming;
import network.deai.verifier.domain.fingerprint.SimHash;
import org.junit.jupiter.api.Test;

/** PyTorch (through DJL, CPU natives from Maven, offline) against the pure-Java executor. */
class DjlLinearExecutorIT {
  @Test
  void pytorchLogitsMatchThePureJavaOnesWithinSimilarDistance() {
    DigitsWorkload workload = DigitsWorkload.train(7);
    byte[] model = workload.model();
    byte[] inputs = workload.inputs(0, 64);
    TaskSpec spec =
        new TaskSpec(
            "djl-linear",
            new ArtifactRef(Bytes32.ZERO, inputs.length, "http://127.0.0.1:1/artifacts/x"),
            null,
            JsonNodeFactory.instance.objectNode(),
            5);

    Outcome<float[]> torch = new DjlLinearExecutor().execute(spec, model, inputs);
    Outcome<float[]> java =
        new LinearExecutor(0, new SplittableRandom(1)).execute(spec, model, inputs);

    assertThat(torch).isInstanceOf(Outcome.Ok.class);
    float[] a = ((Outcome.Ok<float[]>) torch).value();
    float[] b = ((Outcome.Ok<float[]>) java).value();
    assertThat(a).hasSameSizeAs(b);
    for (int i = 0; i < a.length; i++) {
      assertThat(a[i])
          .isCloseTo(b[i], org.assertj.core.data.Offset.offset(1e-3f * (1 + Math.abs(b[i]))));
    }
    SimHash simHash = new SimHash(spec.seed());
    assertThat(Hamming.distance(simHash.fingerprint(a), simHash.fingerprint(b)))
        .isLessThanOrEqualTo(3);
    assertThat(DigitsWorkload.accuracy(a, workload.labels(0, 64))).isGreaterThan(0.8);
  }
}

package network.deai.node.exec;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import network.deai.contracts.abi.Bytes32;
import network.deai.node.domain.ArtifactRef;
import network.deai.node.domain.Outcome;
import network.deai.node.domain.Rejection;
import network.deai.node.domain.TaskSpec;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

class MappedExecutorTest {
  private static final ArtifactRef INPUTS =
      new ArtifactRef(Bytes32.ZERO, 4, "http://127.0.0.1:1/artifacts/x");
  private static final TaskSpec SPEC =
      new TaskSpec("fixed", INPUTS, null, JsonNodeFactory.instance.objectNode(), 3);

  /** Returns {1, 2} for any input, or rejects when the inputs are empty. */
  private static final TaskExecutor FIXED =
      new TaskExecutor() {
        @Override
        public String name() {
          return "fixed";
        }

        @Override
        public Outcome<float[]> execute(TaskSpec spec, byte @Nullable [] model, byte[] inputs) {
          return inputs.length == 0
              ? Outcome.rejected(Rejection.Code.MALFORMED_SPEC, "no inputs")
              : Outcome.ok(new float[] {1, 2});
        }
      };

  private static final MappedExecutor DOUBLED =
      new MappedExecutor(
          FIXED,
          (spec, v) -> {
            float[] out = new float[v.length];
            for (int i = 0; i < v.length; i++) {
              out[i] = v[i] * 2 + spec.seed();
            }
            return out;
          });

  @Test
  void passesEachOutputThroughTheChangeOfTheSpecAndItsFloats() {
    Outcome<TaskExecutor.Output> out = DOUBLED.run(SPEC, null, new byte[] {1});
    assertThat(out).isInstanceOf(Outcome.Ok.class);
    TaskExecutor.Output output = ((Outcome.Ok<TaskExecutor.Output>) out).value();
    assertThat(((TaskExecutor.Output.Vector) output).values()).containsExactly(5f, 7f);
    Outcome<float[]> floats = DOUBLED.execute(SPEC, null, new byte[] {1});
    assertThat(((Outcome.Ok<float[]>) floats).value()).containsExactly(5f, 7f);
    assertThat(DOUBLED.name()).isEqualTo("fixed");
  }

  @Test
  void passesRejectionsUnchanged() {
    assertThat(DOUBLED.run(SPEC, null, new byte[0]))
        .isEqualTo(
            new Outcome.Rejected<>(new Rejection(Rejection.Code.MALFORMED_SPEC, "no inputs")));
    assertThat(DOUBLED.execute(SPEC, null, new byte[0]))
        .isEqualTo(
            new Outcome.Rejected<>(new Rejection(Rejection.Code.MALFORMED_SPEC, "no inputs")));
  }
}

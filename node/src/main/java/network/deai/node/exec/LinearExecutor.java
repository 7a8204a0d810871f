package network.deai.node.exec;

import java.util.Map;
import java.util.random.RandomGenerator;
import network.deai.node.domain.Outcome;
import network.deai.node.domain.Rejection;
import network.deai.node.domain.Safetensors;
import network.deai.node.domain.TaskSpec;
import org.jspecify.annotations.Nullable;

/**
 * Pure-Java inference of a linear classifier: model tensors {@code weight [classes, features]} and
 * {@code bias [classes]}, input tensor {@code inputs [rows, features]}, output the logits row by
 * row. Sums run in {@code double} in a fixed order, so the output is bit-identical on every JVM. A
 * spec parameter {@code emulatedNoise} (relative, ≤ 0.01) perturbs each logit with this node's own
 * randomness, to emulate the float differences of different GPUs for {@code SIMILAR} tasks on
 * machines without them; the node's {@code relativeNoise} adds to it.
 */
public final class LinearExecutor implements TaskExecutor {
  /** The executor's name in specs. */
  public static final String NAME = "linear";

  private final double relativeNoise;
  private final RandomGenerator random;

  /** An executor adding {@code relativeNoise} (0 for none) drawn from {@code random}. */
  public LinearExecutor(double relativeNoise, RandomGenerator random) {
    if (relativeNoise < 0 || relativeNoise > 1) {
      throw new IllegalArgumentException("relative noise must be in [0, 1]: " + relativeNoise);
    }
    this.relativeNoise = relativeNoise;
    this.random = random;
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public Outcome<float[]> execute(TaskSpec spec, byte @Nullable [] model, byte[] inputs) {
    if (model == null) {
      return Outcome.rejected(Rejection.Code.MALFORMED_SPEC, "the linear executor needs a model");
    }
    Safetensors.Tensor weight;
    Safetensors.Tensor bias;
    switch (Safetensors.read(model)) {
      case Outcome.Rejected<Map<String, Safetensors.Tensor>> r -> {
        return Outcome.rejected(Rejection.Code.MODEL_LOAD_FAILED, r.rejection().detail());
      }
      case Outcome.Ok<Map<String, Safetensors.Tensor>> ok -> {
        weight = ok.value().get("weight");
        bias = ok.value().get("bias");
      }
    }
    if (weight == null
        || bias == null
        || weight.shape().length != 2
        || bias.shape().length != 1
        || bias.shape()[0] != weight.shape()[0]) {
      return Outcome.rejected(
          Rejection.Code.MODEL_LOAD_FAILED,
          "model needs tensors weight [classes, features] and bias [classes]");
    }
    double noise = relativeNoise + spec.parameters().path("emulatedNoise").asDouble(0);
    if (!(noise >= 0 && noise <= 0.01)) {
      return Outcome.rejected(Rejection.Code.MALFORMED_SPEC, "emulatedNoise must be in [0, 0.01]");
    }
    return switch (Safetensors.read(inputs)) {
      case Outcome.Rejected<Map<String, Safetensors.Tensor>> r ->
          new Outcome.Rejected<>(r.rejection());
      case Outcome.Ok<Map<String, Safetensors.Tensor>> ok ->
          logits(weight, bias, ok.value().get("inputs"), noise);
    };
  }

  private Outcome<float[]> logits(
      Safetensors.Tensor weight,
      Safetensors.Tensor bias,
      Safetensors.@Nullable Tensor inputs,
      double noise) {
    int classes = weight.shape()[0];
    int features = weight.shape()[1];
    if (inputs == null || inputs.shape().length != 2 || inputs.shape()[1] != features) {
      return Outcome.rejected(
          Rejection.Code.BAD_INPUT, "inputs need a tensor inputs [rows, " + features + "]");
    }
    int rows = inputs.shape()[0];
    float[] w = weight.data();
    float[] x = inputs.data();
    float[] out = new float[rows * classes];
    for (int r = 0; r < rows; r++) {
      for (int c = 0; c < classes; c++) {
        double sum = bias.data()[c];
        for (int j = 0; j < features; j++) {
          sum += (double) w[c * features + j] * x[r * features + j];
        }
        out[r * classes + c] = (float) sum;
      }
    }
    if (noise > 0) {
      for (int i = 0; i < out.length; i++) {
        out[i] *= (float) (1 + noise * random.nextGaussian());
      }
    }
    return Outcome.ok(out);
  }
}

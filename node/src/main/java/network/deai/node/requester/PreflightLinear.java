package network.deai.node.requester;

import java.util.Arrays;
import java.util.Map;
import java.util.Optional;
import network.deai.node.domain.Outcome;
import network.deai.node.domain.Safetensors;

/**
 * The pre-flight of the {@code linear} and {@code djl-linear} executors: safetensors model tensors
 * {@code weight [classes, features]} and {@code bias [classes]}, inputs tensor {@code inputs [rows,
 * features]}, and linear's {@code emulatedNoise} in [0, {@value Preflight#MAX_EMULATED_NOISE}].
 */
final class PreflightLinear {
  private PreflightLinear() {}

  /** Why replicas would reject {@code r}'s files or parameters, as one line, if they would. */
  static Optional<String> problem(Preflight.Request r) {
    String executor = r.executor();
    byte[] model = r.model();
    if (model == null) {
      return Preflight.refuse(
          "the " + executor + " executor needs a model: pass --model with a safetensors file");
    }
    Map<String, Safetensors.Tensor> weights;
    switch (Safetensors.read(model)) {
      case Outcome.Rejected<Map<String, Safetensors.Tensor>> bad -> {
        return Preflight.refuse(
            "--model is not a float32 safetensors file ("
                + bad.rejection().detail()
                + "); the "
                + executor
                + " executor reads tensors weight [classes, features] and bias [classes]");
      }
      case Outcome.Ok<Map<String, Safetensors.Tensor>> ok -> weights = ok.value();
    }
    Safetensors.Tensor weight = weights.get("weight");
    Safetensors.Tensor bias = weights.get("bias");
    if (weight == null
        || bias == null
        || weight.shape().length != 2
        || bias.shape().length != 1
        || bias.shape()[0] != weight.shape()[0]) {
      return Preflight.refuse(
          "--model must hold tensors weight [classes, features] and bias [classes], got "
              + shapes(weights)
              + "; rename or reshape them");
    }
    Optional<String> noise = noise(r);
    return noise.isPresent() ? noise : inputs(r.inputs(), weight.shape()[1]);
  }

  private static Optional<String> noise(Preflight.Request r) {
    if (!r.executor().equals("linear") || !r.parameters().has("emulatedNoise")) {
      return Optional.empty();
    }
    var value = r.parameters().get("emulatedNoise");
    double noise = value.asDouble(-1);
    if (!value.isNumber() || !(noise >= 0 && noise <= Preflight.MAX_EMULATED_NOISE)) {
      return Preflight.refuse(
          "emulatedNoise must be a number from 0 to "
              + Preflight.MAX_EMULATED_NOISE
              + ", got "
              + value
              + "; fix --parameters");
    }
    return Optional.empty();
  }

  private static Optional<String> inputs(byte[] file, int features) {
    if (!(Safetensors.read(file) instanceof Outcome.Ok<Map<String, Safetensors.Tensor>> ok)) {
      return Preflight.inputsProblem(file);
    }
    Map<String, Safetensors.Tensor> tensors = ok.value();
    Safetensors.Tensor inputs = tensors.get("inputs");
    if (inputs == null || inputs.shape().length != 2 || inputs.shape()[1] != features) {
      return Preflight.refuse(
          "--inputs must hold a tensor inputs [rows, "
              + features
              + "] (the model's features), got "
              + shapes(tensors)
              + "; rename or reshape it");
    }
    return Optional.empty();
  }

  private static String shapes(Map<String, Safetensors.Tensor> tensors) {
    StringBuilder text = new StringBuilder("{");
    new java.util.TreeMap<>(tensors)
        .forEach(
            (name, t) ->
                text.append(text.length() > 1 ? ", " : "")
                    .append(name)
                    .append(' ')
                    .append(Arrays.toString(t.shape())));
    return text.append('}').toString();
  }
}

package network.deai.node.exec;

import ai.onnxruntime.NodeInfo;
import ai.onnxruntime.OnnxJavaType;
import ai.onnxruntime.TensorInfo;
import java.util.Arrays;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeSet;
import network.deai.node.domain.Rejection;
import network.deai.node.domain.Safetensors;

/** Checks input tensors against what an ONNX model declares, before anything runs. */
final class OnnxTensors {
  private OnnxTensors() {}

  /**
   * Why {@code inputs} do not fit the model, if they do not. They fit when their names are exactly
   * the model's inputs, every model input is a float32 tensor, and every input has the model's rank
   * and its fixed dimensions (a dimension the model leaves open, negative in {@link
   * TensorInfo#getShape()}, takes any size).
   */
  static Optional<Rejection> problem(
      Map<String, NodeInfo> model, Map<String, Safetensors.Tensor> inputs) {
    if (!model.keySet().equals(inputs.keySet())) {
      return problem(
          "the inputs must be exactly the model's inputs "
              + new TreeSet<>(model.keySet())
              + ", got "
              + new TreeSet<>(inputs.keySet()));
    }
    for (var entry : model.entrySet()) {
      String name = entry.getKey();
      if (!(entry.getValue().getInfo() instanceof TensorInfo info)
          || info.type != OnnxJavaType.FLOAT) {
        return problem(
            "model input "
                + name
                + " takes "
                + entry.getValue().getInfo()
                + "; only float32 tensors are supported");
      }
      int[] shape = Objects.requireNonNull(inputs.get(name)).shape();
      if (!fits(info.getShape(), shape)) {
        return problem(
            "input "
                + name
                + " has shape "
                + Arrays.toString(shape)
                + ", the model takes "
                + Arrays.toString(info.getShape())
                + " (-1: any size)");
      }
    }
    return Optional.empty();
  }

  private static Optional<Rejection> problem(String detail) {
    return Optional.of(new Rejection(Rejection.Code.BAD_INPUT, detail));
  }

  private static boolean fits(long[] declared, int[] shape) {
    if (declared.length != shape.length) {
      return false;
    }
    for (int i = 0; i < shape.length; i++) {
      if (declared[i] >= 0 && declared[i] != shape[i]) {
        return false;
      }
    }
    return true;
  }
}

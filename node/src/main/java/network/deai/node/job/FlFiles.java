package network.deai.node.job;

import java.util.LinkedHashMap;
import java.util.Map;
import network.deai.learning.CnnModel;
import network.deai.learning.Dataset;
import network.deai.learning.MlpModel;
import network.deai.learning.Model;
import network.deai.learning.SoftmaxModel;
import network.deai.node.domain.Outcome;
import network.deai.node.domain.Safetensors;

/**
 * The files of a federated job, all safetensors so PyTorch users can read them:
 *
 * <ul>
 *   <li>model: for a softmax {@code weight [classes, features]}, {@code bias [classes]} (the {@code
 *       linear} executor's format, so a trained model can serve inference tasks as is); for an MLP
 *       the state dict of PyTorch's {@code Sequential(Linear, ReLU, Linear)}, for a CNN that of
 *       {@code Sequential(Conv2d, ReLU, MaxPool2d, Flatten, Linear)} ({@link #layout});
 *   <li>update: {@code delta [parameters]}, trained minus global in the {@link Model}'s parameter
 *       layout;
 *   <li>dataset: {@code x [rows, features]}, {@code y [rows]} (labels as floats).
 * </ul>
 */
public final class FlFiles {
  private FlFiles() {}

  /**
   * The tensors of {@code model}'s file, in parameter order: a softmax's {@code weight [classes,
   * features]}, {@code bias [classes]}; an MLP's {@code 0.weight [hidden, features]}, {@code 0.bias
   * [hidden]}, {@code 2.weight [classes, hidden]}, {@code 2.bias [classes]} (the state dict of
   * PyTorch's {@code Sequential(Linear, ReLU, Linear)}); a CNN's {@code 0.weight [channels, 1, 5,
   * 5]}, {@code 0.bias [channels]}, {@code 4.weight [classes, channels·p·p]}, {@code 4.bias
   * [classes]} (that of {@code Sequential(Conv2d(1, C, 5), ReLU, MaxPool2d(2), Flatten, Linear)}).
   */
  static Map<String, int[]> layout(Model model) {
    Map<String, int[]> shapes = new LinkedHashMap<>();
    switch (model) {
      case SoftmaxModel s -> {
        shapes.put("weight", new int[] {s.classes(), s.features()});
        shapes.put("bias", new int[] {s.classes()});
      }
      case MlpModel m -> {
        shapes.put("0.weight", new int[] {m.hidden(), m.features()});
        shapes.put("0.bias", new int[] {m.hidden()});
        shapes.put("2.weight", new int[] {m.classes(), m.hidden()});
        shapes.put("2.bias", new int[] {m.classes()});
      }
      case CnnModel c -> {
        shapes.put("0.weight", new int[] {c.channels(), 1, CnnModel.KERNEL, CnnModel.KERNEL});
        shapes.put("0.bias", new int[] {c.channels()});
        shapes.put("4.weight", new int[] {c.classes(), c.flattened()});
        shapes.put("4.bias", new int[] {c.classes()});
      }
    }
    return shapes;
  }

  /** A model file from flat parameters. */
  public static byte[] model(Model model, float[] params) {
    Map<String, Safetensors.Tensor> tensors = new LinkedHashMap<>();
    int from = 0;
    for (Map.Entry<String, int[]> e : layout(model).entrySet()) {
      int to = from + size(e.getValue());
      tensors.put(
          e.getKey(),
          new Safetensors.Tensor(e.getValue(), java.util.Arrays.copyOfRange(params, from, to)));
      from = to;
    }
    return Safetensors.write(tensors);
  }

  /** Flat parameters from a model file, checked against {@code model}'s shape. */
  public static float[] readModel(Model model, byte[] file) {
    Map<String, Safetensors.Tensor> t = tensors(file, "model");
    Map<String, int[]> layout = layout(model);
    float[] params = new float[model.parameterCount()];
    int from = 0;
    for (Map.Entry<String, int[]> e : layout.entrySet()) {
      Safetensors.Tensor tensor = t.get(e.getKey());
      if (tensor == null || !java.util.Arrays.equals(tensor.shape(), e.getValue())) {
        throw new IllegalArgumentException("model file needs " + describe(layout));
      }
      System.arraycopy(tensor.data(), 0, params, from, tensor.data().length);
      from += tensor.data().length;
    }
    return params;
  }

  private static int size(int[] shape) {
    int n = 1;
    for (int d : shape) {
      n *= d;
    }
    return n;
  }

  private static String describe(Map<String, int[]> layout) {
    StringBuilder text = new StringBuilder();
    for (Map.Entry<String, int[]> e : layout.entrySet()) {
      if (text.length() > 0) {
        text.append(" and ");
      }
      text.append(e.getKey()).append(' ').append(java.util.Arrays.toString(e.getValue()));
    }
    return text.toString();
  }

  /** An update file. */
  public static byte[] update(float[] delta) {
    return Safetensors.write(
        Map.of("delta", new Safetensors.Tensor(new int[] {delta.length}, delta)));
  }

  /**
   * The delta of an update file.
   *
   * @throws IllegalArgumentException if it is not a finite vector of {@code parameters} floats
   */
  public static float[] readUpdate(byte[] file, int parameters) {
    Safetensors.Tensor d = tensors(file, "update").get("delta");
    if (d == null || d.shape().length != 1 || d.shape()[0] != parameters) {
      throw new IllegalArgumentException("update file needs delta [" + parameters + "]");
    }
    for (float v : d.data()) {
      if (!Float.isFinite(v)) {
        throw new IllegalArgumentException("update holds a non-finite value");
      }
    }
    return d.data();
  }

  /** A dataset file. */
  public static byte[] dataset(Dataset data) {
    int rows = data.size();
    int features = data.features();
    float[] x = new float[rows * features];
    float[] y = new float[rows];
    for (int i = 0; i < rows; i++) {
      System.arraycopy(data.x()[i], 0, x, i * features, features);
      y[i] = data.y()[i];
    }
    Map<String, Safetensors.Tensor> tensors = new LinkedHashMap<>();
    tensors.put("x", new Safetensors.Tensor(new int[] {rows, features}, x));
    tensors.put("y", new Safetensors.Tensor(new int[] {rows}, y));
    return Safetensors.write(tensors);
  }

  /** A dataset from its file, checked against {@code model}'s shape. */
  public static Dataset readDataset(Model model, byte[] file) {
    Map<String, Safetensors.Tensor> t = tensors(file, "dataset");
    Safetensors.Tensor x = t.get("x");
    Safetensors.Tensor y = t.get("y");
    if (x == null
        || y == null
        || x.shape().length != 2
        || x.shape()[1] != model.features()
        || y.shape().length != 1
        || y.shape()[0] != x.shape()[0]
        || x.shape()[0] == 0) {
      throw new IllegalArgumentException(
          "dataset file needs x [rows, " + model.features() + "] and y [rows], rows > 0");
    }
    int rows = x.shape()[0];
    float[][] features = new float[rows][];
    int[] labels = new int[rows];
    for (int i = 0; i < rows; i++) {
      features[i] =
          java.util.Arrays.copyOfRange(x.data(), i * model.features(), (i + 1) * model.features());
      float label = y.data()[i];
      if (label != Math.rint(label) || label < 0 || label >= model.classes()) {
        throw new IllegalArgumentException("dataset label " + i + " is not a class: " + label);
      }
      labels[i] = (int) label;
    }
    return new Dataset(features, labels, model.classes());
  }

  private static Map<String, Safetensors.Tensor> tensors(byte[] file, String what) {
    return switch (Safetensors.read(file)) {
      case Outcome.Ok<Map<String, Safetensors.Tensor>> ok -> ok.value();
      case Outcome.Rejected<Map<String, Safetensors.Tensor>> r ->
          throw new IllegalArgumentException(what + " file: " + r.rejection().detail());
    };
  }
}

package network.deai.node.job;

import java.util.LinkedHashMap;
import java.util.Map;
import network.deai.learning.Dataset;
import network.deai.learning.SoftmaxModel;
import network.deai.node.domain.Outcome;
import network.deai.node.domain.Safetensors;

/**
 * The files of a federated job, all safetensors so PyTorch users can read them:
 *
 * <ul>
 *   <li>model: {@code weight [classes, features]}, {@code bias [classes]} (the {@code linear}
 *       executor's format, so a trained model can serve inference tasks as is);
 *   <li>update: {@code delta [parameters]}, trained minus global in {@link SoftmaxModel}'s
 *       parameter layout;
 *   <li>dataset: {@code x [rows, features]}, {@code y [rows]} (labels as floats).
 * </ul>
 */
public final class FlFiles {
  private FlFiles() {}

  /** A model file from flat parameters. */
  public static byte[] model(SoftmaxModel model, float[] params) {
    int weights = model.classes() * model.features();
    float[] w = java.util.Arrays.copyOfRange(params, 0, weights);
    float[] b = java.util.Arrays.copyOfRange(params, weights, params.length);
    Map<String, Safetensors.Tensor> tensors = new LinkedHashMap<>();
    tensors.put("weight", new Safetensors.Tensor(new int[] {model.classes(), model.features()}, w));
    tensors.put("bias", new Safetensors.Tensor(new int[] {model.classes()}, b));
    return Safetensors.write(tensors);
  }

  /** Flat parameters from a model file, checked against {@code model}'s shape. */
  public static float[] readModel(SoftmaxModel model, byte[] file) {
    Map<String, Safetensors.Tensor> t = tensors(file, "model");
    Safetensors.Tensor w = t.get("weight");
    Safetensors.Tensor b = t.get("bias");
    if (w == null
        || b == null
        || !java.util.Arrays.equals(w.shape(), new int[] {model.classes(), model.features()})
        || !java.util.Arrays.equals(b.shape(), new int[] {model.classes()})) {
      throw new IllegalArgumentException(
          "model file needs weight ["
              + model.classes()
              + ", "
              + model.features()
              + "] and bias ["
              + model.classes()
              + "]");
    }
    float[] params = new float[model.parameterCount()];
    System.arraycopy(w.data(), 0, params, 0, w.data().length);
    System.arraycopy(b.data(), 0, params, w.data().length, b.data().length);
    return params;
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
  public static Dataset readDataset(SoftmaxModel model, byte[] file) {
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

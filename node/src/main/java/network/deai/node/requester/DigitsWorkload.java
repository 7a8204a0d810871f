package network.deai.node.requester;

import java.util.Arrays;
import java.util.Map;
import network.deai.learning.Dataset;
import network.deai.learning.DigitsDataset;
import network.deai.learning.LocalTrainer;
import network.deai.learning.SoftmaxModel;
import network.deai.learning.TrainingConfig;
import network.deai.node.domain.Safetensors;

/**
 * A small real inference workload: a softmax classifier trained on the bundled digits data (60%
 * train split), exported as safetensors {@code weight [10, 64]} and {@code bias [10]}, and batches
 * of held-out digits rows as {@code inputs [rows, 64]}.
 */
public final class DigitsWorkload {
  private final Dataset test;
  private final byte[] model;

  private DigitsWorkload(Dataset test, byte[] model) {
    this.test = test;
    this.model = model;
  }

  /** Trains the model deterministically from {@code seed}. */
  public static DigitsWorkload train(long seed) {
    var split = DigitsDataset.split(seed);
    SoftmaxModel softmax = SoftmaxModel.digits();
    float[] params =
        new LocalTrainer(softmax)
            .fit(
                softmax.initialParameters(seed), split.train(), TrainingConfig.digitsLocal(), seed);
    int classes = softmax.classes();
    int features = softmax.features();
    float[] weight = Arrays.copyOf(params, classes * features);
    float[] bias = Arrays.copyOfRange(params, classes * features, classes * features + classes);
    byte[] model =
        Safetensors.write(
            Map.of(
                "weight", new Safetensors.Tensor(new int[] {classes, features}, weight),
                "bias", new Safetensors.Tensor(new int[] {classes}, bias)));
    return new DigitsWorkload(split.test(), model);
  }

  /** The model file. */
  public byte[] model() {
    return model.clone();
  }

  /** Held-out rows {@code [from, from + rows)} (wrapping around) as an inputs file. */
  public byte[] inputs(int from, int rows) {
    int features = test.features();
    float[] data = new float[rows * features];
    for (int r = 0; r < rows; r++) {
      System.arraycopy(test.x()[(from + r) % test.size()], 0, data, r * features, features);
    }
    return Safetensors.write(
        Map.of("inputs", new Safetensors.Tensor(new int[] {rows, features}, data)));
  }

  /** The labels of the same rows. */
  public int[] labels(int from, int rows) {
    int[] labels = new int[rows];
    for (int r = 0; r < rows; r++) {
      labels[r] = test.y()[(from + r) % test.size()];
    }
    return labels;
  }

  /** Fraction of rows whose argmax logit is the label. */
  public static double accuracy(float[] logits, int[] labels) {
    int classes = logits.length / labels.length;
    int correct = 0;
    for (int r = 0; r < labels.length; r++) {
      int best = 0;
      for (int c = 1; c < classes; c++) {
        if (logits[r * classes + c] > logits[r * classes + best]) {
          best = c;
        }
      }
      correct += best == labels[r] ? 1 : 0;
    }
    return (double) correct / labels.length;
  }
}

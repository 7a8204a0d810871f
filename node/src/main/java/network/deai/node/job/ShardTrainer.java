package network.deai.node.job;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.SplittableRandom;
import network.deai.learning.CnnModel;
import network.deai.learning.Dataset;
import network.deai.learning.LocalTrainer;
import network.deai.learning.MlpModel;
import network.deai.learning.Model;
import network.deai.learning.Sampler;
import network.deai.learning.SoftmaxModel;
import network.deai.learning.TrainingConfig;
import network.deai.node.exec.Torch;

/**
 * A trainer's local step: mini-batch SGD on its shard from the global model, returning the update
 * (trained − global). Trainers need not agree bit for bit (their updates are committed by digest),
 * so the PyTorch engine may run on a GPU where one is present.
 */
public interface ShardTrainer {
  /** The update after training from {@code global} on {@code shard}. */
  float[] train(float[] global, Dataset shard, TrainingConfig config, long seed);

  /** Short name for logs and metrics. */
  String name();

  /**
   * A trainer by name: {@code djl} (PyTorch through DJL, softmax only) or {@code java} (pure Java,
   * every {@link Model}).
   *
   * @throws IllegalArgumentException for an unknown name, or {@code djl} with a model it cannot
   *     train
   */
  static ShardTrainer named(String name, Model model) {
    return switch (name) {
      case "djl" ->
          switch (model) {
            case SoftmaxModel softmax -> new Djl(softmax);
            case MlpModel mlp ->
                throw new IllegalArgumentException(
                    "trainer djl trains softmax jobs only; run this MLP job's trainer with java");
            case CnnModel cnn ->
                throw new IllegalArgumentException(
                    "trainer djl trains softmax jobs only; run this CNN job's trainer with java");
          };
      case "java" -> new Java(model);
      default ->
          throw new IllegalArgumentException("trainer must be djl or java, got '" + name + "'");
    };
  }

  /** Pure-Java SGD ({@link LocalTrainer}), bitwise reproducible. */
  final class Java implements ShardTrainer {
    private final LocalTrainer trainer;

    /** A trainer for {@code model}. */
    public Java(Model model) {
      this.trainer = new LocalTrainer(model);
    }

    @Override
    public float[] train(float[] global, Dataset shard, TrainingConfig config, long seed) {
      return trainer.train(global, shard, config, seed);
    }

    @Override
    public String name() {
      return "java";
    }
  }

  /**
   * Softmax regression trained with PyTorch tensors through DJL: per batch, logits = X·Wᵀ + b,
   * gradient = (softmax(logits) − onehot(y))ᵀ·X / rows, W ← W − lr·gradient. The batch order is the
   * same seeded permutation as the pure-Java trainer's.
   */
  final class Djl implements ShardTrainer {
    private final SoftmaxModel model;

    /** A trainer for {@code model}. */
    public Djl(SoftmaxModel model) {
      this.model = model;
    }

    @Override
    public float[] train(float[] global, Dataset shard, TrainingConfig config, long seed) {
      int features = model.features();
      int classes = model.classes();
      int rows = shard.size();
      float[] x = new float[rows * features];
      float[] onehot = new float[rows * classes];
      for (int i = 0; i < rows; i++) {
        System.arraycopy(shard.x()[i], 0, x, i * features, features);
        onehot[i * classes + shard.y()[i]] = 1f;
      }
      Engine engine = Torch.engine();
      try (NDManager manager = engine.newBaseManager(Torch.device(engine))) {
        NDArray allX = manager.create(x, new Shape(rows, features));
        NDArray allY = manager.create(onehot, new Shape(rows, classes));
        int weights = classes * features;
        NDArray w =
            manager.create(java.util.Arrays.copyOf(global, weights), new Shape(classes, features));
        NDArray b =
            manager.create(
                java.util.Arrays.copyOfRange(global, weights, global.length), new Shape(classes));
        SplittableRandom rng = new SplittableRandom(seed);
        int[] order = Sampler.permutation(rng, rows);
        float lr = (float) config.learningRate();
        for (int epoch = 0; epoch < config.epochs(); epoch++) {
          if (epoch > 0) {
            Sampler.shuffle(rng, order);
          }
          for (int from = 0; from < rows; from += config.batchSize()) {
            int to = Math.min(rows, from + config.batchSize());
            long[] picks = new long[to - from];
            for (int k = from; k < to; k++) {
              picks[k - from] = order[k];
            }
            try (NDManager step = manager.newSubManager()) {
              NDArray index = step.create(picks);
              NDArray bx = allX.get(index);
              NDArray by = allY.get(index);
              NDArray error = bx.matMul(w.transpose()).add(b).softmax(1).sub(by);
              float scale = lr / (to - from);
              NDArray nextW = w.sub(error.transpose().matMul(bx).mul(scale));
              NDArray nextB = b.sub(error.sum(new int[] {0}).mul(scale));
              nextW.attach(manager);
              nextB.attach(manager);
              w.close();
              b.close();
              w = nextW;
              b = nextB;
            }
          }
        }
        float[] trained = new float[global.length];
        System.arraycopy(w.toFloatArray(), 0, trained, 0, weights);
        System.arraycopy(b.toFloatArray(), 0, trained, weights, classes);
        for (int i = 0; i < trained.length; i++) {
          trained[i] -= global[i];
        }
        return trained;
      }
    }

    @Override
    public String name() {
      return "djl";
    }
  }
}

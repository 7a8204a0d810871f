package network.deai.node.job;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.concurrent.locks.ReentrantLock;
import network.deai.learning.Dataset;
import network.deai.learning.LocalTrainer;
import network.deai.learning.Model;
import network.deai.learning.Sampler;
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
   * A trainer by name, for every {@link Model}: {@code djl} (PyTorch through DJL, on a GPU where
   * one is present) or {@code java} (pure Java, bitwise reproducible).
   *
   * @throws IllegalArgumentException for an unknown name
   */
  static ShardTrainer named(String name, Model model) {
    return switch (name) {
      case "djl" -> new Djl(model);
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
   * Any {@link Model} trained with PyTorch tensors through DJL: per batch, the {@link TorchNetwork}
   * forward pass, mean cross-entropy, autograd's gradient and the plain step {@code p ← p −
   * lr·gradient}, over the same seeded batch order as the pure-Java trainer. The result agrees with
   * {@link Java}'s to float rounding, not bit for bit.
   *
   * <p>DJL's PyTorch engine allows one gradient collector at a time in a JVM, so the steps of
   * trainers that run at once (several in one devnet JVM) take turns on {@link #COLLECTOR}.
   */
  final class Djl implements ShardTrainer {
    private static final ReentrantLock COLLECTOR = new ReentrantLock();

    private final Model model;
    private final TorchNetwork network;

    /** A trainer for {@code model}. */
    public Djl(Model model) {
      this.model = model;
      this.network = TorchNetwork.of(model);
    }

    @Override
    public float[] train(float[] global, Dataset shard, TrainingConfig config, long seed) {
      if (global.length != model.parameterCount()
          || shard.size() == 0
          || shard.features() != model.features()
          || shard.classes() != model.classes()) {
        throw new IllegalArgumentException(
            model + " cannot train " + global.length + " parameters on " + shard);
      }
      Engine engine = Torch.engine();
      try (NDManager manager = engine.newBaseManager(Torch.device(engine))) {
        NDArray allX = manager.create(rows(shard), new Shape(shard.size(), model.features()));
        NDArray allY = manager.create(onehot(shard), new Shape(shard.size(), model.classes()));
        NDList params = slice(manager, global);
        SplittableRandom rng = new SplittableRandom(seed);
        int[] order = Sampler.permutation(rng, shard.size());
        for (int epoch = 0; epoch < config.epochs(); epoch++) {
          if (epoch > 0) {
            Sampler.shuffle(rng, order);
          }
          for (int from = 0; from < order.length; from += config.batchSize()) {
            int to = Math.min(order.length, from + config.batchSize());
            long[] picks = new long[to - from];
            for (int k = from; k < to; k++) {
              picks[k - from] = order[k];
            }
            params = step(engine, manager, params, allX, allY, picks, config.learningRate());
          }
        }
        float[] update = new float[global.length];
        int offset = 0;
        for (NDArray p : params) {
          float[] values = p.toFloatArray();
          for (int i = 0; i < values.length; i++) {
            update[offset + i] = values[i] - global[offset + i];
          }
          offset += values.length;
        }
        return update;
      }
    }

    /**
     * One SGD step on the rows {@code picks}: returns the new parameters in {@code manager} and
     * closes the old ones with every intermediate tensor.
     */
    private NDList step(
        Engine engine,
        NDManager manager,
        NDList params,
        NDArray allX,
        NDArray allY,
        long[] picks,
        double learningRate) {
      try (NDManager step = manager.newSubManager()) {
        params.attach(step);
        NDArray index = step.create(picks);
        NDArray x = allX.get(index);
        NDArray y = allY.get(index);
        x.attach(step);
        y.attach(step);
        COLLECTOR.lock();
        try {
          for (NDArray p : params) {
            p.setRequiresGradient(true);
          }
          try (GradientCollector collector = engine.newGradientCollector()) {
            NDArray logits = network.logits(params, x);
            collector.backward(logits.logSoftmax(1).mul(y).sum().neg().div(picks.length));
          }
        } finally {
          COLLECTOR.unlock();
        }
        NDList next = new NDList(params.size());
        for (NDArray p : params) {
          // Detached: a thread other than the engine's starts with autograd on.
          next.add(p.sub(p.getGradient().mul(learningRate)).stopGradient());
        }
        next.attach(manager);
        return next;
      }
    }

    private NDList slice(NDManager manager, float[] global) {
      NDList params = new NDList();
      int offset = 0;
      for (Shape shape : network.shapes()) {
        int size = Math.toIntExact(shape.size());
        params.add(manager.create(Arrays.copyOfRange(global, offset, offset + size), shape));
        offset += size;
      }
      return params;
    }

    private static float[] rows(Dataset shard) {
      int features = shard.features();
      float[] x = new float[shard.size() * features];
      for (int i = 0; i < shard.size(); i++) {
        System.arraycopy(shard.x()[i], 0, x, i * features, features);
      }
      return x;
    }

    private static float[] onehot(Dataset shard) {
      float[] y = new float[shard.size() * shard.classes()];
      for (int i = 0; i < shard.size(); i++) {
        y[i * shard.classes() + shard.y()[i]] = 1f;
      }
      return y;
    }

    @Override
    public String name() {
      return "djl";
    }
  }
}

package network.deai.node.job;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import network.deai.learning.CnnModel;
import network.deai.learning.Dataset;
import network.deai.learning.DigitsDataset;
import network.deai.learning.MlpModel;
import network.deai.learning.Model;
import network.deai.learning.Partitioner;
import network.deai.learning.SoftmaxModel;
import network.deai.learning.TrainingConfig;
import org.junit.jupiter.api.Test;

/** The PyTorch trainer (DJL autograd, CPU natives from Maven) against the pure-Java trainer. */
class DjlTrainerTest {
  private static final Dataset SHARD =
      Partitioner.dirichlet(DigitsDataset.split(7).train(), 4, 1.0, 20, 7).get(0);

  /** Largest coordinate difference over the largest coordinate of {@code expected}. */
  static double relativeDifference(float[] actual, float[] expected) {
    double diff = 0;
    double scale = 0;
    for (int i = 0; i < expected.length; i++) {
      diff = Math.max(diff, Math.abs(actual[i] - expected[i]));
      scale = Math.max(scale, Math.abs(expected[i]));
    }
    return diff / scale;
  }

  private static double crossCheck(Model model, TrainingConfig config) {
    float[] global = model.initialParameters(7);
    float[] djl = ShardTrainer.named("djl", model).train(global, SHARD, config, 11);
    float[] java = ShardTrainer.named("java", model).train(global, SHARD, config, 11);
    assertThat(djl).hasSameSizeAs(java);
    double relative = relativeDifference(djl, java);
    System.out.printf(
        "djl vs java, %s on %d digits rows: max |diff| / max |update| = %.3g%n",
        model, SHARD.size(), relative);
    return relative;
  }

  @Test
  void anMlpUpdateEqualsThePureJavaOneToFloatRounding() {
    assertThat(crossCheck(MlpModel.digits(), new TrainingConfig(0.1, 2, 16))).isLessThan(1e-4);
  }

  @Test
  void aSoftmaxUpdateEqualsThePureJavaOneToFloatRounding() {
    assertThat(crossCheck(SoftmaxModel.digits(), TrainingConfig.digitsLocal())).isLessThan(1e-4);
  }

  @Test
  void aCnnUpdateEqualsThePureJavaOneToFloatRounding() {
    assertThat(crossCheck(new CnnModel(64, 6, 10), new TrainingConfig(0.1, 2, 16)))
        .isLessThan(1e-4);
  }

  @Test
  void theBatchOrderFollowsTheSeed() {
    Model model = new MlpModel(64, 8, 10);
    float[] global = model.initialParameters(3);
    TrainingConfig config = new TrainingConfig(0.1, 1, 16);
    ShardTrainer djl = ShardTrainer.named("djl", model);

    float[] seven = djl.train(global, SHARD, config, 7);
    float[] eight = ShardTrainer.named("java", model).train(global, SHARD, config, 8);

    assertThat(relativeDifference(seven, eight)).isGreaterThan(1e-2);
    assertThat(relativeDifference(djl.train(global, SHARD, config, 8), eight)).isLessThan(1e-4);
  }

  @Test
  void trainersInOneJvmTrainAtOnce() throws Exception {
    Model model = new MlpModel(64, 16, 10);
    float[] global = model.initialParameters(5);
    TrainingConfig config = new TrainingConfig(0.1, 2, 4);
    float[] alone = ShardTrainer.named("djl", model).train(global, SHARD, config, 1);
    ExecutorService pool = Executors.newFixedThreadPool(3);
    try {
      List<Future<float[]>> runs = new ArrayList<>();
      for (int k = 0; k < 3; k++) {
        runs.add(
            pool.submit(() -> ShardTrainer.named("djl", model).train(global, SHARD, config, 1)));
      }
      for (Future<float[]> run : runs) {
        assertThat(run.get()).isEqualTo(alone);
      }
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void aVectorOrShardThatDoesNotFitTheModelIsRefusedInOneLine() {
    MlpModel model = new MlpModel(64, 8, 10);
    ShardTrainer djl = ShardTrainer.named("djl", model);
    TrainingConfig config = new TrainingConfig(0.1, 1, 16);

    assertThat(djl.name()).isEqualTo("djl");
    assertThatThrownBy(() -> djl.train(new float[3], SHARD, config, 1))
        .hasMessageStartingWith("MlpModel[features=64, hidden=8, classes=10] cannot train 3")
        .hasMessageNotContaining("\n");
    assertThatThrownBy(
            () -> djl.train(model.initialParameters(1), SHARD.subset(new int[0]), config, 1))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> ShardTrainer.named("torch", model))
        .hasMessage("trainer must be djl or java, got 'torch'");
  }
}

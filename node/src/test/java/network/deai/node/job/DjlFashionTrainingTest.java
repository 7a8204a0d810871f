package network.deai.node.job;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import network.deai.learning.CnnModel;
import network.deai.learning.Dataset;
import network.deai.learning.FashionMnist;
import network.deai.learning.MlpModel;
import network.deai.learning.Model;
import network.deai.learning.TrainingConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * One trainer's local step of the devnet's Fashion-MNIST job (2,000 images, {@code mlp:64} or an
 * 8-channel CNN, {@link FashionMnist#local()}'s rate for one epoch of batches of 16, as {@link
 * FlParameters#fashion()}) on both trainers: the updates agree to float rounding, and the test
 * prints each trainer's best time of two after a warm-up. A measurement, so it runs only with
 * {@code -Ddeai.timing=true} (PyTorch's threads: {@code -Dai.djl.pytorch.num_threads=N}), and only
 * where Debian's {@code dataset-fashion-mnist} is installed.
 */
@EnabledIfSystemProperty(named = "deai.timing", matches = "true")
class DjlFashionTrainingTest {
  private static final Path DIRECTORY = Path.of("/usr/share/datasets/fashion-mnist");

  private static long millis(ShardTrainer trainer, float[] global, Dataset shard, float[][] out) {
    long started = System.nanoTime();
    out[0] = trainer.train(global, shard, FlParameters.fashion().training(), 7);
    return (System.nanoTime() - started) / 1_000_000;
  }

  @Test
  void anMlp64RoundOnTwoThousandImagesAgreesWithJavaAndIsTimed() {
    double[] differences = measure(new MlpModel(FashionMnist.FEATURES, 64, FashionMnist.CLASSES));

    assertThat(differences[0]).isLessThan(1e-4);
  }

  @Test
  void aCnn8RoundOnTwoThousandImagesAgreesWithJavaAndIsTimed() {
    double[] differences = measure(new CnnModel(FashionMnist.FEATURES, 8, FashionMnist.CLASSES));

    // A pooling window whose maximum is a near-tie may pick another cell in float32 than in
    // double, sending one row's gradient through another patch: measured once in this epoch, a
    // step of about lr / batch on a hundred coordinates.
    assertThat(differences[1]).isLessThan(1e-2);
  }

  /** Runs both trainers; returns max |diff| / max |update| and ‖diff‖ / ‖update‖. */
  private static double[] measure(Model model) {
    assumeTrue(Files.isRegularFile(DIRECTORY.resolve(FashionMnist.FILES.get(0))));
    Dataset shard =
        FashionMnist.load(file -> Files.newInputStream(DIRECTORY.resolve(file)), 2_000, 1, 1, 7)
            .train();
    float[] global = model.initialParameters(7);
    TrainingConfig config = FlParameters.fashion().training();
    ShardTrainer djl = ShardTrainer.named("djl", model);
    ShardTrainer java = ShardTrainer.named("java", model);
    float[][] a = new float[1][];
    float[][] b = new float[1][];
    millis(djl, global, shard, a);
    millis(java, global, shard, b);
    long djlMillis = Long.MAX_VALUE;
    long javaMillis = Long.MAX_VALUE;
    for (int run = 0; run < 2; run++) {
      djlMillis = Math.min(djlMillis, millis(djl, global, shard, a));
      javaMillis = Math.min(javaMillis, millis(java, global, shard, b));
    }
    double relative = DjlTrainerTest.relativeDifference(a[0], b[0]);
    double squares = 0;
    double norm = 0;
    for (int i = 0; i < b[0].length; i++) {
      squares += (a[0][i] - b[0][i]) * (double) (a[0][i] - b[0][i]);
      norm += b[0][i] * (double) b[0][i];
    }
    double l2 = Math.sqrt(squares / norm);
    System.out.printf(
        "fashion %s, %d rows, lr %s, %d epoch(s), batch %d: djl %d ms, java %d ms;"
            + " max |diff| / max |update| = %.3g, ‖diff‖ / ‖update‖ = %.3g%n",
        model,
        shard.size(),
        config.learningRate(),
        config.epochs(),
        config.batchSize(),
        djlMillis,
        javaMillis,
        relative,
        l2);
    return new double[] {relative, l2};
  }
}

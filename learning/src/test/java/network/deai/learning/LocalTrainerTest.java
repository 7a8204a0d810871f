package network.deai.learning;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class LocalTrainerTest {

  private static final DataSplit SPLIT = DigitsDataset.split(42);
  private static final SoftmaxModel MODEL = SoftmaxModel.digits();
  private static final LocalTrainer TRAINER = new LocalTrainer(MODEL);

  @Test
  void centralisedTrainingReachesNinetyPercentOnValidation() {
    float[] params =
        TRAINER.fit(MODEL.initialParameters(1), SPLIT.train(), new TrainingConfig(0.5, 5, 16), 7);

    assertThat(MODEL.accuracy(params, SPLIT.validation())).isGreaterThanOrEqualTo(0.90);
    assertThat(MODEL.loss(params, SPLIT.validation())).isLessThan(0.5);
  }

  @Test
  void fedAvgOverTenIidShardsReachesEightyEightPercentInTenRounds() {
    List<Dataset> shards = Partitioner.iid(SPLIT.train(), 10, 3);

    float[] global = fedAvg(shards, 10);

    assertThat(MODEL.accuracy(global, SPLIT.validation())).isGreaterThanOrEqualTo(0.88);
  }

  @Test
  void fedAvgStillLearnsOnDirichletShards() {
    List<Dataset> shards = Partitioner.dirichlet(SPLIT.train(), 10, 0.5, 10, 3);

    float[] global = fedAvg(shards, 10);

    assertThat(MODEL.accuracy(global, SPLIT.validation())).isGreaterThanOrEqualTo(0.8);
  }

  @Test
  void trainingTwiceWithTheSameSeedGivesBitIdenticalParameters() {
    TrainingConfig config = new TrainingConfig(0.5, 5, 16);
    float[] start = MODEL.initialParameters(1);

    float[] first = TRAINER.fit(start, SPLIT.train(), config, 7);
    float[] second = TRAINER.fit(start, SPLIT.train(), config, 7);
    float[] otherSeed = TRAINER.fit(start, SPLIT.train(), config, 8);

    assertThat(rawBits(second)).containsExactly(rawBits(first));
    assertThat(rawBits(otherSeed)).isNotEqualTo(rawBits(first));
    // Pinned once; a change means replicas on another build would disagree.
    assertThat(Arrays.hashCode(first)).isEqualTo(-2076546148);
  }

  @Test
  void updateIsTrainedMinusGlobalAndLeavesGlobalAlone() {
    float[] global = MODEL.initialParameters(2);
    float[] copy = global.clone();
    Dataset shard = Partitioner.iid(SPLIT.train(), 10, 3).get(0);
    TrainingConfig config = TrainingConfig.digitsLocal();

    float[] update = TRAINER.train(global, shard, config, 5);
    float[] trained = TRAINER.fit(global, shard, config, 5);

    assertThat(global).containsExactly(copy);
    assertThat(update).containsExactly(ParameterVectors.subtract(trained, global));
  }

  private static float[] fedAvg(List<Dataset> shards, int rounds) {
    float[] global = MODEL.initialParameters(1);
    for (int round = 0; round < rounds; round++) {
      List<float[]> updates = new ArrayList<>();
      for (int s = 0; s < shards.size(); s++) {
        updates.add(
            TRAINER.train(global, shards.get(s), TrainingConfig.digitsLocal(), round * 100L + s));
      }
      global = ParameterVectors.add(global, ParameterVectors.mean(updates));
    }
    return global;
  }

  private static int[] rawBits(float[] values) {
    int[] bits = new int[values.length];
    for (int i = 0; i < values.length; i++) {
      bits[i] = Float.floatToRawIntBits(values[i]);
    }
    return bits;
  }
}

package network.deai.node.job;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import network.deai.learning.CnnModel;
import network.deai.learning.DataSplit;
import network.deai.learning.Dataset;
import network.deai.learning.DigitsDataset;
import network.deai.learning.GaussianNoise;
import network.deai.learning.MlpModel;
import network.deai.learning.Model;
import network.deai.learning.Partitioner;
import network.deai.learning.SignFlip;
import network.deai.learning.SoftmaxModel;
import network.deai.node.domain.Safetensors;
import org.junit.jupiter.api.Test;

/** Rounds of jobs that name their architecture, and of specs written before they could. */
class ArchitectureRoundsTest {
  /** The digits defaults as a job spec carried them before {@code architecture} existed. */
  private static final String OLD_SPEC =
      "{\"rule\":\"multi-krum\",\"byzantine\":2,\"sybilCosine\":0.6,\"learningRate\":0.5,"
          + "\"epochs\":5,\"batchSize\":16,\"exactShapleyMax\":12,\"permutations\":200,"
          + "\"utility\":\"loss\"}";

  /**
   * What {@link #OLD_SPEC} meant when it was written, fixed here: the defaults of new jobs move on
   * ({@link FlParameters#DEFAULT_RULE}), the meaning of a spec on chain does not.
   */
  private static final FlParameters OLD_DEFAULTS =
      new FlParameters("multi-krum", 2, 0.6, 0.5, 5, 16, 12, 200, "loss", "digits", "softmax");

  private static FlParameters parse(String json) throws Exception {
    JsonNode node = new ObjectMapper().readTree(json);
    return FlParameters.parse(node);
  }

  /** The digits defaults of a new job with {@code architecture} and a local rate of 0.1. */
  private static FlParameters newJob(String architecture) {
    return FlParameters.parse(
        FlParameters.digits().toJson().put("architecture", architecture).put("learningRate", 0.1));
  }

  /** Eight trainers: 0-3 honest, 4 sign flip, 5 noise, 6-7 a Sybil pair on one shard. */
  private static List<float[]> round(Model model, FlParameters p, float[] global, DataSplit split) {
    List<Dataset> shards = Partitioner.dirichlet(split.train(), 7, 1.0, 20, 7);
    ShardTrainer trainer = ShardTrainer.named("java", model);
    List<float[]> updates = new ArrayList<>();
    for (int k = 0; k < 8; k++) {
      float[] u = trainer.train(global, shards.get(Math.min(k, 6)), p.training(), k);
      if (k == 4) {
        u = new SignFlip(1).craft(u, List.of(), new SplittableRandom(k));
      } else if (k == 5) {
        u = new GaussianNoise(1).craft(u, List.of(), new SplittableRandom(k));
      }
      updates.add(u);
    }
    return updates;
  }

  private static RoundComputation.Result compute(FlParameters p, DataSplit split) {
    Model model = p.model();
    float[] global = model.initialParameters(7);
    List<float[]> updates = round(model, p, global, split);
    return RoundComputation.compute(
        model, global, List.copyOf(updates), 0, split.validation(), p, 1);
  }

  @Test
  void anOldSpecStillTrainsTheSoftmaxToTheSameBits() throws Exception {
    FlParameters old = parse(OLD_SPEC);
    DataSplit split = DigitsDataset.split(7);
    RoundComputation.Result result = compute(old, split);

    assertThat(old).isEqualTo(OLD_DEFAULTS);
    assertThat(old.toJson().toString()).as("the spec's bytes, so its digest").isEqualTo(OLD_SPEC);
    assertThat(old.model()).isEqualTo(SoftmaxModel.digits());
    assertThat(result.modelDigest(old.model()).toHex())
        .isEqualTo("0xb66f5c83f10299cd8e82f31621f4e8b899149aa3159070e48a710c0732fca37b");
    assertThat(result.scores())
        .containsExactly(555634775, 259017187, 501785937, 663724450, -612998088, -1163041947, 0, 0);
    assertThat(result.scoresDigest().toHex())
        .isEqualTo("0x60768e65e40a20463f94dbcd81cbb63464c62ab5dd73dd44fbc85afcf29ae2f3");
  }

  @Test
  void aSoftmaxModelFileKeepsTheLinearExecutorsWeightAndBias() {
    SoftmaxModel model = SoftmaxModel.digits();
    float[] params = model.initialParameters(3);
    Map<String, Safetensors.Tensor> tensors = new LinkedHashMap<>();
    tensors.put(
        "weight", new Safetensors.Tensor(new int[] {10, 64}, java.util.Arrays.copyOf(params, 640)));
    tensors.put(
        "bias",
        new Safetensors.Tensor(new int[] {10}, java.util.Arrays.copyOfRange(params, 640, 650)));

    assertThat(FlFiles.model(model, params)).isEqualTo(Safetensors.write(tensors));
  }

  @Test
  void anMlpJobLeavesTheByzantineUpdatesUnpaidImprovesTheModelAndIsBitwiseRepeatable() {
    FlParameters p = newJob("mlp:32");
    DataSplit split = DigitsDataset.split(7);
    Model model = p.model();
    RoundComputation.Result first = compute(p, split);
    RoundComputation.Result second = compute(p, split);

    assertThat(model).isEqualTo(new MlpModel(64, 32, 10));
    assertThat(first.flaggedMask()).isZero();
    assertThat(p.rule()).isEqualTo(FlParameters.DEFAULT_RULE);
    assertThat(first.excluded()).as("the trimmed mean excludes nobody").isEmpty();
    assertThat(first.clusters()).contains(List.of(6, 7));
    assertThat(first.againstProgress()).as("the sign flip's history").contains(4);
    assertThat(first.scores()[4]).as("sign flip, unpaid").isNotPositive();
    assertThat(first.scores()[5]).as("noise, valued below 0").isNegative();
    for (int k = 0; k < 4; k++) {
      assertThat(first.scores()[k]).as("honest " + k).isPositive();
    }
    assertThat(model.accuracy(first.model(), split.test()))
        .isGreaterThan(model.accuracy(model.initialParameters(7), split.test()) + 0.3);
    assertThat(second.scores()).isEqualTo(first.scores());
    assertThat(second.modelDigest(model)).isEqualTo(first.modelDigest(model));
    assertThat(second.scoresDigest()).isEqualTo(first.scoresDigest());
  }

  @Test
  void anMlpModelFileIsAPyTorchSequentialStateDict() {
    MlpModel model = new MlpModel(64, 8, 10);
    float[] params = model.initialParameters(3);
    byte[] file = FlFiles.model(model, params);
    var tensors = Safetensors.read(file);

    assertThat(FlFiles.readModel(model, file)).isEqualTo(params);
    assertThat(FlFiles.layout(model).keySet())
        .containsExactly("0.weight", "0.bias", "2.weight", "2.bias");
    assertThat(tensors.toString()).doesNotContain("Rejected");
    assertThatThrownBy(() -> FlFiles.readModel(new MlpModel(64, 16, 10), file))
        .hasMessage(
            "model file needs 0.weight [16, 64] and 0.bias [16] and 2.weight [10, 16] and 2.bias"
                + " [10]");
    assertThatThrownBy(() -> FlFiles.readModel(SoftmaxModel.digits(), file))
        .hasMessage("model file needs weight [10, 64] and bias [10]");
  }

  @Test
  void aCnnJobLeavesTheByzantineUpdatesUnpaidImprovesTheModelAndIsBitwiseRepeatable() {
    FlParameters p = newJob("cnn:4");
    DataSplit split = DigitsDataset.split(7);
    Model model = p.model();
    RoundComputation.Result first = compute(p, split);
    RoundComputation.Result second = compute(p, split);

    assertThat(model).isEqualTo(new CnnModel(64, 4, 10));
    assertThat(first.flaggedMask()).isZero();
    assertThat(p.rule()).isEqualTo(FlParameters.DEFAULT_RULE);
    assertThat(first.excluded()).as("the trimmed mean excludes nobody").isEmpty();
    assertThat(first.clusters()).contains(List.of(6, 7));
    assertThat(first.againstProgress()).as("the sign flip's history").contains(4);
    assertThat(first.scores()[4]).as("sign flip, unpaid").isNotPositive();
    assertThat(first.scores()[5]).as("noise, valued below 0").isNegative();
    for (int k = 0; k < 4; k++) {
      assertThat(first.scores()[k]).as("honest " + k).isPositive();
    }
    // 0.09 → 0.31: 8×8 digits pool to 2×2 per channel, so one round of a CNN learns less than an
    // MLP
    assertThat(model.accuracy(first.model(), split.test()))
        .isGreaterThan(model.accuracy(model.initialParameters(7), split.test()) + 0.2);
    assertThat(second.scores()).isEqualTo(first.scores());
    assertThat(second.modelDigest(model)).isEqualTo(first.modelDigest(model));
    assertThat(second.scoresDigest()).isEqualTo(first.scoresDigest());
  }

  @Test
  void aCnnModelFileIsAPyTorchSequentialStateDict() {
    CnnModel model = new CnnModel(64, 3, 10);
    float[] params = model.initialParameters(3);
    byte[] file = FlFiles.model(model, params);

    assertThat(FlFiles.readModel(model, file)).isEqualTo(params);
    assertThat(FlFiles.layout(model).keySet())
        .containsExactly("0.weight", "0.bias", "4.weight", "4.bias");
    assertThat(FlFiles.layout(model).get("0.weight")).containsExactly(3, 1, 5, 5);
    assertThatThrownBy(() -> FlFiles.readModel(new CnnModel(64, 4, 10), file))
        .hasMessage(
            "model file needs 0.weight [4, 1, 5, 5] and 0.bias [4] and 4.weight [10, 16] and"
                + " 4.bias [10]");
  }

  @Test
  void bothTrainersTrainEveryArchitecture() {
    for (Model model :
        List.of(SoftmaxModel.digits(), new MlpModel(64, 8, 10), new CnnModel(64, 2, 10))) {
      assertThat(ShardTrainer.named("djl", model).name()).isEqualTo("djl");
      assertThat(ShardTrainer.named("java", model).name()).isEqualTo("java");
    }
  }
}

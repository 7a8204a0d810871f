package network.deai.node.job;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import network.deai.learning.DataSplit;
import network.deai.learning.Dataset;
import network.deai.learning.FashionMnist;
import network.deai.learning.GaussianNoise;
import network.deai.learning.Model;
import network.deai.learning.NoisedCopy;
import network.deai.learning.Partitioner;
import network.deai.learning.SignFlip;
import network.deai.verifier.domain.sybil.IdentityHistory;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The devnet's Fashion-MNIST job replayed in pure Java, round by round: seven Dirichlet(1.0) shards
 * of 2,000 images (seed 7, as {@code deai devnet --job fl --data fashion}), trainers 0–3 honest, 4
 * a sign flipper, 5 a noise sender, 6–7 a Sybil pair sending their own noised copy of one update; a
 * flagged trainer is slashed and leaves, as on chain. The job's default rule, {@code
 * nnm+trimmed-mean}; Multi-Krum, the default before it, left honest trainer 0 unpaid in round 10.
 * About 15 seconds. Skipped when Debian's {@code dataset-fashion-mnist} is not installed.
 */
class FashionRoundsTest {
  private static final Path DIRECTORY = Path.of("/usr/share/datasets/fashion-mnist");
  private static final int HONEST = 0b0000_1111;

  /**
   * Twelve rounds, as the devnet runs ten or more: from round 1 on the sign flip's Shapley value is
   * above 0 (its flip damps the honest updates' overshoot on the validation loss), as the devnet's
   * round 9 paid it 0.153 ETH before the history direction rule.
   */
  private static final int ROUNDS = 12;

  private static @Nullable List<RoundComputation.Result> rounds;

  /** The final model's accuracy on the 1,000 test images. */
  private static double accuracy;

  @BeforeAll
  static void replay() {
    if (!Files.isRegularFile(DIRECTORY.resolve(FashionMnist.FILES.get(0)))) {
      return;
    }
    DataSplit split =
        FashionMnist.load(
            file -> Files.newInputStream(DIRECTORY.resolve(file)), 14_000, 1_000, 1_000, 7);
    List<Dataset> shards = Partitioner.dirichlet(split.train(), 7, 1.0, 100, 7);
    FlParameters p = FlParameters.fashion();
    Model model = p.model();
    ShardTrainer trainer = new ShardTrainer.Java(model);
    float[] global = model.initialParameters(7);
    int gone = 0;
    List<@Nullable IdentityHistory> histories = new ArrayList<>();
    for (int k = 0; k < 8; k++) {
      histories.add(null);
    }
    List<RoundComputation.Result> results = new ArrayList<>();
    for (int round = 0; round < ROUNDS; round++) {
      List<float @Nullable []> updates = new ArrayList<>();
      float[] sybil = trainer.train(global, shards.get(6), p.training(), 1_000L * round + 6);
      for (int k = 0; k < 8; k++) {
        SplittableRandom rng = new SplittableRandom(1_000L * round + k);
        if ((gone & (1 << k)) != 0) {
          updates.add(null);
        } else if (k >= 6) {
          updates.add(new NoisedCopy(0.8, 0.95).craft(sybil, List.of(), rng));
        } else {
          float[] u = trainer.train(global, shards.get(k), p.training(), 1_000L * round + k);
          updates.add(
              switch (k) {
                case 4 -> new SignFlip(1.0).craft(u, List.of(), rng);
                case 5 -> new GaussianNoise(1.0).craft(u, List.of(), rng);
                default -> u;
              });
        }
      }
      RoundComputation.Result result =
          RoundComputation.compute(
              model, global, updates, 0, split.validation(), p, 7_000_021L + round, histories);
      results.add(result);
      for (int k = 0; k < 8; k++) {
        IdentityHistory h = result.histories().get(k);
        if (h != null) {
          histories.set(k, h);
        }
      }
      gone |= result.flaggedMask();
      global = result.model();
    }
    rounds = List.copyOf(results);
    accuracy = model.accuracy(global, split.test());
  }

  private static List<RoundComputation.Result> rounds() {
    assumeTrue(
        rounds != null, "Fashion-MNIST is not installed: apt-get install dataset-fashion-mnist");
    return java.util.Objects.requireNonNull(rounds);
  }

  @Test
  void neverFlagsAnHonestTrainerWhoseShardIsMerelySkewed() {
    for (int r = 0; r < ROUNDS; r++) {
      RoundComputation.Result result = rounds().get(r);
      assertThat(result.flaggedMask() & HONEST)
          .as(
              "round %d: excluded %s, values %s",
              r, result.excluded(), java.util.Arrays.toString(result.values()))
          .isZero();
    }
  }

  /** The trimmed mean excludes nobody: what leaves an attacker unpaid is its value and history. */
  @Test
  void neverPaysTheNoiseSender() {
    for (int r = 0; r < ROUNDS; r++) {
      assertThat(rounds().get(r).excluded()).as("round %d", r).isEmpty();
      assertThat(rounds().get(r).scores()[5]).as("round %d", r).isLessThanOrEqualTo(0);
      assertThat(rounds().get(r).values()[5]).as("round %d", r).isNegative();
      assertThat(rounds().get(r).againstProgress())
          .as("round %d: its history points nowhere", r)
          .contains(5);
    }
  }

  /**
   * docs/protocol.md §4: a sign flip is never paid, although the default rule keeps it in every
   * round and its Shapley value is above 0 in 11 of the 12 (+0.05 to +0.45): its history of unit
   * updates points against the summed aggregates of its rounds in every round. The history
   * direction rule, not the robust rule, is what leaves it unpaid.
   */
  @Test
  void neverPaysTheSignFlip() {
    int valuedAboveZero = 0;
    for (int r = 0; r < ROUNDS; r++) {
      RoundComputation.Result result = rounds().get(r);
      assertThat(result.scores()[4])
          .as("round %d: value %s", r, result.values()[4])
          .isLessThanOrEqualTo(0);
      assertThat(result.againstProgress()).as("round %d", r).contains(4);
      assertThat(result.directions()[4]).as("round %d", r).isLessThan(-0.4);
      if (result.values()[4] > 0) {
        valuedAboveZero++;
      }
    }
    assertThat(valuedAboveZero).as("rounds that value the kept flip above 0").isEqualTo(11);
  }

  /** 0.770 after 12 rounds (Multi-Krum, the earlier default: 0.772, two test images more). */
  @Test
  void trainsTheModel() {
    rounds();
    assertThat(accuracy).isGreaterThan(0.76);
  }

  /**
   * No honest trainer is ever against progress and the default rule excludes none, so no honest
   * trainer-round of the 48 is unpaid (Multi-Krum, the earlier default, excluded trainer 0 in round
   * 10 and left it unpaid).
   */
  @Test
  void leavesNoHonestTrainerUnpaid() {
    int unpaid = 0;
    for (int r = 0; r < ROUNDS; r++) {
      RoundComputation.Result result = rounds().get(r);
      for (int k = 0; k < 4; k++) {
        assertThat(result.againstProgress()).as("round %d", r).doesNotContain(k);
        assertThat(result.directions()[k]).as("round %d, trainer %d", r, k).isGreaterThan(0.4);
        if (result.scores()[k] <= 0) {
          unpaid++;
        }
      }
    }
    System.out.printf("honest unpaid trainer-rounds: %d of %d%n", unpaid, 4 * ROUNDS);
    assertThat(unpaid).as("honest unpaid trainer-rounds of %d", 4 * ROUNDS).isZero();
  }
}

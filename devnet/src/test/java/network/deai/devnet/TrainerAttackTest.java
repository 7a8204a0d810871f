package network.deai.devnet;

import static org.assertj.core.api.Assertions.assertThat;

import network.deai.node.job.UpdatePolicy;
import org.junit.jupiter.api.Test;

class TrainerAttackTest {
  private static final UpdatePolicy.Seeds SEEDS = new UpdatePolicy.Seeds(11, 42);
  private static final float[] UPDATE = {0.5f, -1.25f, 3f, 0.75f, -0.125f, 2f, -0.5f, 1f};

  @Test
  void aSignFlipperSendsTheNegatedUpdateOfItsOwnTraining() {
    assertThat(TrainerAttack.SIGN_FLIP.trainingSeed(SEEDS)).isEqualTo(42);
    assertThat(TrainerAttack.SIGN_FLIP.apply(UPDATE.clone(), SEEDS))
        .containsExactly(-0.5f, 1.25f, -3f, -0.75f, 0.125f, -2f, 0.5f, -1f);
  }

  @Test
  void aNoiseSenderSendsNoiseSeededByItsOwnSeed() {
    float[] sent = TrainerAttack.NOISE.apply(UPDATE.clone(), SEEDS);

    assertThat(TrainerAttack.NOISE.trainingSeed(SEEDS)).isEqualTo(42);
    assertThat(sent).isNotEqualTo(UPDATE).hasSameSizeAs(UPDATE);
    assertThat(TrainerAttack.NOISE.apply(UPDATE.clone(), SEEDS)).isEqualTo(sent);
    assertThat(TrainerAttack.NOISE.apply(UPDATE.clone(), new UpdatePolicy.Seeds(11, 43)))
        .isNotEqualTo(sent);
  }

  @Test
  void aSybilTrainsWithItsOwnersSeedAndSendsItsOwnNoisedCopy() {
    float[] mine = TrainerAttack.NOISED_COPY.apply(UPDATE.clone(), SEEDS);
    float[] twin = TrainerAttack.NOISED_COPY.apply(UPDATE.clone(), new UpdatePolicy.Seeds(11, 43));

    assertThat(TrainerAttack.NOISED_COPY.trainingSeed(SEEDS)).isEqualTo(11);
    assertThat(cosine(mine, UPDATE)).isBetween(0.8 - 1e-6, 0.95 + 1e-6);
    assertThat(cosine(twin, UPDATE)).isBetween(0.8 - 1e-6, 0.95 + 1e-6);
    assertThat(mine).isNotEqualTo(twin);
  }

  private static double cosine(float[] a, float[] b) {
    double dot = 0;
    double aa = 0;
    double bb = 0;
    for (int i = 0; i < a.length; i++) {
      dot += (double) a[i] * b[i];
      aa += (double) a[i] * a[i];
      bb += (double) b[i] * b[i];
    }
    return dot / Math.sqrt(aa * bb);
  }
}

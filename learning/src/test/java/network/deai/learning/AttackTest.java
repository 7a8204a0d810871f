package network.deai.learning;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class AttackTest {

  private static final float[] OWN = {1f, -2f, 0.5f};
  private static final List<float[]> BENIGN =
      List.of(new float[] {1f, 2f, 0f}, new float[] {3f, 2f, 4f}, new float[] {5f, 2f, 8f});

  @Test
  void noAttackSendsACopyOfTheHonestUpdate() {
    float[] sent = new NoAttack().craft(OWN, List.of(), new SplittableRandom(1));

    assertThat(sent).containsExactly(OWN).isNotSameAs(OWN);
  }

  @Test
  void gaussianNoiseAddsSeededStandardNormalsTimesSigma() {
    float[] sent = new GaussianNoise(0.5).craft(OWN, List.of(), new SplittableRandom(9));

    SplittableRandom expected = new SplittableRandom(9);
    for (int i = 0; i < OWN.length; i++) {
      assertThat(sent[i]).isEqualTo((float) (OWN[i] + 0.5 * Sampler.gaussian(expected)));
    }
    assertThat(new GaussianNoise(0).craft(OWN, List.of(), new SplittableRandom(9)))
        .containsExactly(OWN);
  }

  @Test
  void noisedCopyKeepsACosineInRangeToTheUpdateAndDiffersPerSeed() {
    float[] update = new float[200];
    for (int i = 0; i < update.length; i++) {
      update[i] = (float) Math.sin(i);
    }
    NoisedCopy disguise = new NoisedCopy(0.8, 0.95);
    float[] one = disguise.craft(update, List.of(), new SplittableRandom(1));
    float[] two = disguise.craft(update, List.of(), new SplittableRandom(2));

    assertThat(cosine(update, one)).isBetween(0.8 - 1e-6, 0.95 + 1e-6);
    assertThat(cosine(update, two)).isBetween(0.8 - 1e-6, 0.95 + 1e-6);
    assertThat(cosine(one, two)).isLessThan(0.99);
    assertThat(disguise.craft(update, List.of(), new SplittableRandom(1))).containsExactly(one);
    assertThat(new NoisedCopy(1, 1).craft(update, List.of(), new SplittableRandom(3)))
        .containsExactly(update);
    assertThatThrownBy(() -> new NoisedCopy(0.9, 0.8)).isInstanceOf(IllegalArgumentException.class);
  }

  private static double cosine(float[] a, float[] b) {
    double ab = 0;
    double aa = 0;
    double bb = 0;
    for (int i = 0; i < a.length; i++) {
      ab += (double) a[i] * b[i];
      aa += (double) a[i] * a[i];
      bb += (double) b[i] * b[i];
    }
    return ab / Math.sqrt(aa * bb);
  }

  @Test
  void signFlipSendsMinusScaleTimesTheHonestUpdate() {
    float[] sent = new SignFlip(2).craft(OWN, List.of(), new SplittableRandom(1));

    assertThat(sent).containsExactly(-2f, 4f, -1f);
  }

  @Test
  void labelFlipTrainsOnNineMinusLabelAndSendsThatUpdate() {
    Dataset shard = new Dataset(new float[][] {{0f}, {0.5f}, {1f}}, new int[] {0, 3, 9}, 10);

    Dataset poisoned = new LabelFlip().poison(shard);

    assertThat(poisoned.y()).containsExactly(9, 6, 0);
    assertThat(poisoned.x()).isSameAs(shard.x());
    assertThat(shard.y()).containsExactly(0, 3, 9);
    assertThat(LabelFlip.flipLabels(shard).y()).containsExactly(9, 6, 0);
    assertThat(new LabelFlip().craft(OWN, List.of(), new SplittableRandom(1))).containsExactly(OWN);
  }

  @Test
  void alieSendsMeanMinusZTimesSampleStandardDeviation() {
    float[] sent = new Alie(1.5).craft(OWN, BENIGN, new SplittableRandom(1));

    // mean (3, 2, 4), sample std (2, 0, 4)
    assertThat(sent).containsExactly(0f, 2f, -2f);
  }

  @Test
  void aliePicksZFromThePapersSupporterCount() {
    // n = 50, m = 12: s = 26 - 12 = 14, z = Φ⁻¹(36 / 50) = Φ⁻¹(0.72)
    assertThat(Alie.forCounts(50, 12).z()).isCloseTo(0.5828415072712162, within(1e-8));
    assertThat(Alie.normalQuantile(0.975)).isCloseTo(1.959963984540054, within(1e-8));
    assertThat(Alie.normalQuantile(0.01)).isCloseTo(-2.3263478740408408, within(1e-8));
    assertThatThrownBy(() -> Alie.forCounts(10, 6)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void ipmSendsMinusEpsilonTimesTheBenignMean() {
    float[] sent = new Ipm(0.5).craft(OWN, BENIGN, new SplittableRandom(1));

    assertThat(sent).containsExactly(-1.5f, -1f, -2f);
  }

  @Test
  void attacksThatNeedBenignUpdatesRefuseToRunWithout() {
    for (Attack attack : List.of(new Alie(1), new Ipm(1))) {
      assertThat(attack.usesBenignUpdates()).isTrue();
      assertThatThrownBy(() -> attack.craft(OWN, List.of(), new SplittableRandom(1)))
          .isInstanceOf(IllegalArgumentException.class);
    }
  }

  @Test
  void craftingNeverWritesToItsInputs() {
    List<Attack> attacks =
        List.of(
            new NoAttack(),
            new GaussianNoise(1),
            new SignFlip(1),
            new LabelFlip(),
            new Alie(1),
            new Ipm(1));
    for (Attack attack : attacks) {
      float[] own = OWN.clone();
      attack.craft(own, BENIGN, new SplittableRandom(1));
      assertThat(own).as(attack.toString()).containsExactly(OWN);
      assertThat(BENIGN.get(0)).containsExactly(1f, 2f, 0f);
    }
  }
}

package network.deai.node.job;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class UpdatePolicyTest {
  private static final String TRAINER = "0x70997970c51812dc3a010c7d01b50e0d17dc79c8";

  @Test
  void anHonestTrainerTrainsWithItsOwnSeedAndSendsTheUpdateAsComputed() {
    UpdatePolicy.Seeds seeds = UpdatePolicy.Seeds.of(7, 2, TRAINER);
    float[] update = {0.5f, -1.25f, 3f};

    assertThat(UpdatePolicy.HONEST.trainingSeed(seeds)).isEqualTo(seeds.own());
    assertThat(UpdatePolicy.HONEST.apply(update, seeds)).isSameAs(update);
    assertThat(update).containsExactly(0.5f, -1.25f, 3f);
  }

  @Test
  void seedsAreSharedByARoundsTrainersAndOwnedByEach() {
    UpdatePolicy.Seeds mine = UpdatePolicy.Seeds.of(7, 2, TRAINER);
    UpdatePolicy.Seeds theirs =
        UpdatePolicy.Seeds.of(7, 2, "0x3c44cdddb6a900fa2b585dd299e03d12fa4293bc");

    // The seeds a trainer has trained with since the job seed first fed local training.
    assertThat(mine.shared()).isEqualTo(7 * 1_000_003L + 2 * 7_919L);
    assertThat(mine.own()).isEqualTo(mine.shared() + TRAINER.hashCode());
    assertThat(theirs.shared()).isEqualTo(mine.shared());
    assertThat(theirs.own()).isNotEqualTo(mine.own());
    assertThat(UpdatePolicy.Seeds.of(7, 3, TRAINER).shared()).isNotEqualTo(mine.shared());
  }
}

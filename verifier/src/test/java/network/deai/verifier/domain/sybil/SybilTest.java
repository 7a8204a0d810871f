package network.deai.verifier.domain.sybil;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import network.deai.verifier.domain.aggregation.ModelUpdate;
import org.junit.jupiter.api.Test;

class SybilTest {
  private static final float[] NORTH = {0f, 1f, 0f};
  private static final float[] EAST = {1f, 0f, 0f};
  private static final float[] UP = {0f, 0f, 1f};

  @Test
  void clustersNearDuplicateUpdates() {
    List<ModelUpdate> updates =
        List.of(
            new ModelUpdate(3, NORTH, 1),
            new ModelUpdate(1, EAST, 1),
            new ModelUpdate(7, new float[] {0.01f, 1f, 0f}, 1),
            new ModelUpdate(2, UP, 1));

    assertThat(DuplicateClusters.cluster(updates, 0.99))
        .containsExactly(List.of(1), List.of(2), List.of(3, 7));
  }

  @Test
  void foolsGoldDownweightsClientsPushingTheSameDirection() {
    double[] w =
        new FoolsGold(1).weights(List.of(NORTH, NORTH.clone(), EAST, UP, new float[] {1f, 0f, 1f}));

    assertThat(w[0]).isLessThan(0.05);
    assertThat(w[1]).isLessThan(0.05);
    assertThat(w[2]).isGreaterThan(0.5);
    assertThat(w[3]).isGreaterThan(0.5);
  }

  @Test
  void duplicatesLinkAtExactlyTheThresholdAndListMembersAscending() {
    List<ModelUpdate> updates =
        List.of(
            new ModelUpdate(9, NORTH, 1),
            new ModelUpdate(5, new float[] {0f, 2f, 0f}, 1),
            new ModelUpdate(1, EAST, 1));

    assertThat(DuplicateClusters.cluster(updates, 1.0)).containsExactly(List.of(1), List.of(5, 9));
    assertThat(DuplicateClusters.cluster(updates, Math.nextUp(1.0)))
        .containsExactly(List.of(1), List.of(5), List.of(9));
  }

  @Test
  void foolsGoldNeedsAPositiveKappa() {
    assertThatThrownBy(() -> new FoolsGold(0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("kappa");
  }
}

package network.deai.verifier.domain.sybil;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.File;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import network.deai.verifier.domain.aggregation.ModelUpdate;
import org.junit.jupiter.api.Test;

/**
 * Pins {@link SybilClusters} bit for bit to the vectors of an independent Python reference ({@code
 * contracts/test/vectors/generate_sybil.py}) and checks the threshold's boundaries.
 */
class SybilClustersTest {
  private static final File VECTORS = new File("../contracts/test/vectors/sybil.json");

  @Test
  void matchesTheReferenceVectorsInAnyInputOrder() throws IOException {
    assertThat(VECTORS).as("golden vectors (run from the verifier module)").isFile();
    JsonNode cases = new ObjectMapper().readTree(VECTORS).get("cases");
    assertThat(cases).hasSizeGreaterThanOrEqualTo(8);
    for (JsonNode c : cases) {
      String name = c.get("name").asText();
      List<ModelUpdate> updates = new ArrayList<>();
      for (JsonNode u : c.get("updates")) {
        updates.add(new ModelUpdate(u.get("worker").asInt(), floats(u.get("delta")), 1));
      }
      double threshold = dbl(c.get("threshold"));
      List<List<Integer>> expected = new ArrayList<>();
      for (JsonNode cluster : c.get("clusters")) {
        List<Integer> members = new ArrayList<>();
        cluster.forEach(m -> members.add(m.asInt()));
        expected.add(members);
      }
      assertThat(SybilClusters.cluster(updates, threshold)).as(name).isEqualTo(expected);
      assertThat(SybilClusters.cluster(updates.reversed(), threshold))
          .as(name + " reversed")
          .isEqualTo(expected);
      double[][] cosines = SybilClusters.residualCosines(updates);
      for (int i = 0; i < cosines.length; i++) {
        for (int j = 0; j < cosines.length; j++) {
          assertThat(Double.doubleToRawLongBits(cosines[i][j]))
              .as(name + " residual cosine " + i + "," + j)
              .isEqualTo(Double.doubleToRawLongBits(dbl(c.get("residualCosines").get(i).get(j))));
        }
      }
    }
  }

  @Test
  void linksAtExactlyTheThresholdAndNotOneUlpAbove() {
    List<ModelUpdate> updates =
        List.of(
            new ModelUpdate(1, new float[] {1f, 0.2f, 0.1f, 0.3f}, 1),
            new ModelUpdate(2, new float[] {0.9f, 0.25f, 0.15f, 0.35f}, 1),
            new ModelUpdate(3, new float[] {0.2f, 1f, 0f, 0.1f}, 1),
            new ModelUpdate(4, new float[] {0.1f, 0.3f, 1f, 0f}, 1),
            new ModelUpdate(5, new float[] {0.3f, 0f, 0.2f, 1f}, 1));
    double[][] cosines = SybilClusters.residualCosines(updates);
    double best = 0;
    int bi = 0;
    int bj = 0;
    for (int i = 0; i < 5; i++) {
      for (int j = i + 1; j < 5; j++) {
        if (cosines[i][j] > best) {
          best = cosines[i][j];
          bi = i;
          bj = j;
        }
      }
    }
    assertThat(best).isBetween(0.0, 0.999);

    List<List<Integer>> at = SybilClusters.cluster(updates, best);
    List<List<Integer>> above = SybilClusters.cluster(updates, Math.nextUp(best));

    assertThat(at).hasSize(4).contains(List.of(bi + 1, bj + 1));
    assertThat(above).hasSize(5);
  }

  @Test
  void parallelUpdatesLinkEvenAtThresholdOne() {
    float[] v = {0.5f, -1f, 2f};
    List<ModelUpdate> updates =
        List.of(
            new ModelUpdate(4, v, 1),
            new ModelUpdate(2, new float[] {1.5f, -3f, 6f}, 1),
            new ModelUpdate(9, new float[] {-1f, 0.2f, 0.3f}, 1),
            new ModelUpdate(3, new float[] {0.1f, 1f, -0.4f}, 1));

    assertThat(SybilClusters.cluster(updates, 1.0))
        .containsExactly(List.of(2, 4), List.of(3), List.of(9));
  }

  @Test
  void oppositeUpdatesAreNotParallel() {
    List<ModelUpdate> updates =
        List.of(
            new ModelUpdate(1, new float[] {1f, 2f}, 1),
            new ModelUpdate(2, new float[] {-1f, -2f}, 1));

    assertThat(SybilClusters.cluster(updates, 1.0)).containsExactly(List.of(1), List.of(2));
  }

  @Test
  void normalisesToUnitLengthAndKeepsZero() {
    assertThat(SybilClusters.normalize(new float[] {3f, 4f})).containsExactly(0.6f, 0.8f);
    float[] zero = {0f, 0f};
    float[] normalized = SybilClusters.normalize(zero);
    assertThat(normalized).containsExactly(0f, 0f).isNotSameAs(zero);
  }

  @Test
  void residualCosineIsZeroForAZeroResidual() {
    assertThat(SybilClusters.cosine(new double[] {0, 0}, new double[] {1, 2})).isZero();
    assertThat(SybilClusters.cosine(new double[] {1, 2}, new double[] {0, 0})).isZero();
    assertThat(SybilClusters.cosine(new double[] {1, 0}, new double[] {1, 1}))
        .isEqualTo(1 / Math.sqrt(2));
  }

  @Test
  void rejectsThresholdsOutsideTheUnitInterval() {
    List<ModelUpdate> one = List.of(new ModelUpdate(1, new float[] {1f}, 1));
    for (double bad : new double[] {0.0, -0.5, Math.nextUp(1.0), Double.NaN}) {
      assertThatThrownBy(() -> SybilClusters.cluster(one, bad))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("threshold");
    }
    assertThat(SybilClusters.cluster(one, Double.MIN_VALUE)).containsExactly(List.of(1));
    assertThat(SybilClusters.cluster(List.of(), 1.0)).isEmpty();
  }

  private static float[] floats(JsonNode hex) {
    float[] out = new float[hex.size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = Float.intBitsToFloat(Integer.parseUnsignedInt(hex.get(i).asText(), 16));
    }
    return out;
  }

  private static double dbl(JsonNode hex) {
    return Double.longBitsToDouble(Long.parseUnsignedLong(hex.asText(), 16));
  }
}

package network.deai.verifier.domain.sybil;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.File;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import network.deai.verifier.domain.aggregation.ModelUpdate;
import org.junit.jupiter.api.Test;

/**
 * Pins {@link HistoryWeights} bit for bit to the vectors of an independent Python reference ({@code
 * contracts/test/vectors/generate_history_weights.py}): histories summed over rounds, and the
 * weights of the last round's identities.
 */
class HistoryWeightsTest {
  private static final File VECTORS = new File("../contracts/test/vectors/history-weights.json");

  @Test
  void matchesTheReferenceVectors() throws IOException {
    assertThat(VECTORS).as("golden vectors (run from the verifier module)").isFile();
    JsonNode cases = new ObjectMapper().readTree(VECTORS).get("cases");
    assertThat(cases).hasSizeGreaterThanOrEqualTo(6);
    for (JsonNode c : cases) {
      String name = c.get("name").asText();
      Map<String, double[]> histories = new TreeMap<>();
      List<String> last = new ArrayList<>();
      for (JsonNode round : c.get("rounds")) {
        List<ModelUpdate> updates = new ArrayList<>();
        last = new ArrayList<>();
        for (JsonNode u : round) {
          updates.add(new ModelUpdate(last.size(), floats(u.get("delta")), 1));
          last.add(u.get("identity").asText());
        }
        double[][] residuals = HistoryWeights.residuals(updates);
        for (int k = 0; k < residuals.length; k++) {
          histories.put(
              last.get(k), HistoryWeights.accumulate(histories.get(last.get(k)), residuals[k]));
        }
      }
      assertThat(histories.keySet()).as(name).containsExactlyElementsOf(names(c.get("histories")));
      for (Map.Entry<String, double[]> h : histories.entrySet()) {
        assertThat(bits(h.getValue()))
            .as(name + " history of " + h.getKey())
            .containsExactly(hexBits(c.get("histories").get(h.getKey())));
      }
      List<double[]> ordered = new ArrayList<>();
      for (String identity : last) {
        ordered.add(histories.get(identity));
      }
      assertThat(bits(HistoryWeights.weights(ordered)))
          .as(name + " weights")
          .containsExactly(hexBits(c.get("weights")));
    }
  }

  @Test
  void weighsAConsistentlyAlignedPairZeroAndIndependentHistoriesOne() {
    List<double[]> histories =
        List.of(
            new double[] {1, 0, 0, 0},
            new double[] {0, 1, 0, 0},
            new double[] {0, 0, 1, 0.1},
            new double[] {0, 0, 0.95, 0.12});
    double[] w = HistoryWeights.weights(histories);

    assertThat(w[0]).isEqualTo(1.0);
    assertThat(w[1]).isEqualTo(1.0);
    assertThat(w[2]).isZero();
    assertThat(w[3]).isZero();
    assertThat(HistoryWeights.weights(List.of(new double[] {3, 4}))).containsExactly(1.0);
    assertThat(HistoryWeights.weights(List.of())).isEmpty();
  }

  @Test
  void refusesAHistoryOfAnotherSize() {
    assertThatThrownBy(() -> HistoryWeights.accumulate(new double[2], new double[3]))
        .isInstanceOf(IllegalArgumentException.class);
    assertThat(HistoryWeights.accumulate(null, new double[] {1, 2})).containsExactly(1, 2);
    assertThat(HistoryWeights.accumulate(new double[] {0.5, 1}, new double[] {1, 2}))
        .containsExactly(1.5, 3);
  }

  private static List<String> names(JsonNode object) {
    List<String> out = new ArrayList<>();
    object.fieldNames().forEachRemaining(out::add);
    return out;
  }

  private static long[] bits(double[] values) {
    long[] out = new long[values.length];
    for (int i = 0; i < out.length; i++) {
      out[i] = Double.doubleToRawLongBits(values[i]);
    }
    return out;
  }

  private static long[] hexBits(JsonNode hex) {
    long[] out = new long[hex.size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = Long.parseUnsignedLong(hex.get(i).asText(), 16);
    }
    return out;
  }

  private static float[] floats(JsonNode hex) {
    float[] out = new float[hex.size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = Float.intBitsToFloat(Integer.parseUnsignedInt(hex.get(i).asText(), 16));
    }
    return out;
  }
}

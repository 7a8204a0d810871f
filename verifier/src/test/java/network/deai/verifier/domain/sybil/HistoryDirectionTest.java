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
 * Pins {@link IdentityHistory} and {@link HistoryDirection} bit for bit to the vectors of an
 * independent Python reference ({@code contracts/test/vectors/generate_history_direction.py}):
 * residual, unit-update and step sums over each identity's rounds, its cosine and whether it is
 * opposed.
 */
class HistoryDirectionTest {
  private static final File VECTORS = new File("../contracts/test/vectors/history-direction.json");

  @Test
  void matchesTheReferenceVectors() throws IOException {
    assertThat(VECTORS).as("golden vectors (run from the verifier module)").isFile();
    JsonNode cases = new ObjectMapper().readTree(VECTORS).get("cases");
    assertThat(cases).hasSizeGreaterThanOrEqualTo(7);
    int opposed = 0;
    for (JsonNode c : cases) {
      String name = c.get("name").asText();
      Map<String, IdentityHistory> histories = new TreeMap<>();
      for (JsonNode round : c.get("rounds")) {
        List<ModelUpdate> updates = new ArrayList<>();
        List<String> identities = new ArrayList<>();
        for (JsonNode u : round.get("updates")) {
          updates.add(new ModelUpdate(identities.size(), floats(u.get("delta")), 1));
          identities.add(u.get("identity").asText());
        }
        List<IdentityHistory> thisRound =
            IdentityHistory.ofRound(updates, floats(round.get("step")));
        for (int k = 0; k < thisRound.size(); k++) {
          String id = identities.get(k);
          histories.put(id, IdentityHistory.accumulate(histories.get(id), thisRound.get(k)));
        }
      }
      JsonNode expected = c.get("histories");
      assertThat(histories.keySet()).as(name).containsExactlyElementsOf(names(expected));
      for (Map.Entry<String, IdentityHistory> e : histories.entrySet()) {
        JsonNode x = expected.get(e.getKey());
        IdentityHistory h = e.getValue();
        String who = name + ", " + e.getKey();
        assertThat(bits(h.residuals())).as(who).containsExactly(hexBits(x.get("residuals")));
        assertThat(bits(h.units())).as(who).containsExactly(hexBits(x.get("units")));
        assertThat(bits(h.steps())).as(who).containsExactly(hexBits(x.get("steps")));
        assertThat(h.rounds()).as(who).isEqualTo(x.get("rounds").asInt());
        assertThat(Double.doubleToRawLongBits(HistoryDirection.cosine(h)))
            .as(who + " cosine")
            .isEqualTo(Long.parseUnsignedLong(x.get("cosine").asText(), 16));
        assertThat(HistoryDirection.opposed(h)).as(who).isEqualTo(x.get("opposed").asBoolean());
        opposed += HistoryDirection.opposed(h) ? 1 : 0;
      }
    }
    assertThat(opposed).as("the vectors hold opposed and aligned identities").isBetween(5, 30);
  }

  @Test
  void aCosineEqualToTheThresholdIsNotOpposed() {
    // u = (1, 7, 7, 1), |u| = 10, s = (1, 0, 0, 0): cosine exactly 1 / 10
    double[] none = new double[4];
    double[] step = {1, 0, 0, 0};
    IdentityHistory atThreshold = new IdentityHistory(none, new double[] {1, 7, 7, 1}, step, 1);
    IdentityHistory below = new IdentityHistory(none, new double[] {1, 7, 7, 1.0001}, step, 1);

    assertThat(HistoryDirection.cosine(atThreshold)).isEqualTo(HistoryDirection.THRESHOLD);
    assertThat(HistoryDirection.opposed(atThreshold)).isFalse();
    assertThat(HistoryDirection.cosine(below)).isLessThan(HistoryDirection.THRESHOLD);
    assertThat(HistoryDirection.opposed(below)).isTrue();
  }

  @Test
  void measuresTheSummedUnitUpdatesAgainstTheSummedSteps() {
    double[] none = new double[2];
    IdentityHistory flipped =
        new IdentityHistory(none, new double[] {-1, 1}, new double[] {2, 0}, 3);
    IdentityHistory aligned =
        new IdentityHistory(new double[] {-9, 9}, new double[] {1, 3}, new double[] {3, 1}, 2);

    assertThat(HistoryDirection.cosine(flipped)).isCloseTo(-Math.sqrt(0.5), within());
    assertThat(HistoryDirection.opposed(flipped)).isTrue();
    assertThat(HistoryDirection.cosine(aligned))
        .as("residuals play no part")
        .isEqualTo(6 / Math.sqrt(10 * 10.0));
    assertThat(HistoryDirection.opposed(aligned)).isFalse();
    assertThat(HistoryDirection.cosine(new IdentityHistory(none, none, new double[] {1, 0}, 1)))
        .as("no direction")
        .isZero();
    assertThat(HistoryDirection.cosine(new IdentityHistory(none, new double[] {0, 3}, none, 1)))
        .as("no step")
        .isZero();
  }

  @Test
  void accumulatesEverySumAndTheRoundCount() {
    IdentityHistory first =
        new IdentityHistory(new double[] {1, 2}, new double[] {0.5, 0}, new double[] {4, 4}, 1);
    IdentityHistory second =
        new IdentityHistory(new double[] {0.25, -2}, new double[] {1, 3}, new double[] {1, -8}, 2);

    IdentityHistory both = IdentityHistory.accumulate(first, second);

    assertThat(both.residuals()).containsExactly(1.25, 0);
    assertThat(both.units()).containsExactly(1.5, 3);
    assertThat(both.steps()).containsExactly(5, -4);
    assertThat(both.rounds()).isEqualTo(3);
    assertThat(IdentityHistory.accumulate(null, second)).isSameAs(second);
    assertThat(IdentityHistory.ofRound(List.of(), new float[0])).isEmpty();
  }

  @Test
  void refusesInconsistentHistories() {
    double[] two = new double[2];
    double[] three = new double[3];
    assertThatThrownBy(() -> new IdentityHistory(two, three, three, 1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("sums of 2, 3 and 3 coordinates");
    assertThatThrownBy(() -> new IdentityHistory(two, two, three, 1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("sums of 2, 2 and 3 coordinates");
    assertThatThrownBy(() -> new IdentityHistory(two, two, two, 0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("at least 1");
    assertThat(new IdentityHistory(two, two, two, 1).rounds()).isEqualTo(1);
    IdentityHistory wide = new IdentityHistory(three, three, three, 1);
    IdentityHistory narrow = new IdentityHistory(two, two, two, 1);
    assertThatThrownBy(() -> IdentityHistory.accumulate(wide, narrow))
        .isInstanceOf(IllegalArgumentException.class);
  }

  private static org.assertj.core.data.Offset<Double> within() {
    return org.assertj.core.data.Offset.offset(1e-15);
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

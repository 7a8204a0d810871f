package network.deai.verifier.domain.aggregation;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.File;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Pins every aggregation rule bit for bit to the vectors of an independent Python reference ({@code
 * contracts/test/vectors/generate_aggregation.py}), on one thread and on three, so a committee and
 * its auditors agree on every aggregate whatever their release or thread count.
 */
class AggregationGoldenTest {
  private static final File VECTORS = new File("../contracts/test/vectors/aggregation.json");

  @Test
  void everyRuleMatchesTheReferenceOnOneAndThreeThreads() throws IOException {
    assertThat(VECTORS).as("golden vectors (run from the verifier module)").isFile();
    JsonNode cases = new ObjectMapper().readTree(VECTORS).get("cases");
    assertThat(cases).hasSizeGreaterThanOrEqualTo(33);
    for (JsonNode c : cases) {
      List<ModelUpdate> updates = new ArrayList<>();
      for (JsonNode u : c.get("updates")) {
        updates.add(
            new ModelUpdate(
                u.get("worker").asInt(),
                floats(u.get("delta")),
                Long.parseLong(u.get("samples").asText())));
      }
      for (int threads : new int[] {1, 3}) {
        AggregationRule rule = rule(c, threads);
        assertThat(rule.name()).isEqualTo(c.get("rule").asText());
        AggregationResult result = rule.aggregate(updates);
        String name = c.get("name").asText() + " on " + threads + " threads";
        assertThat(hex(result.aggregate())).as(name).isEqualTo(strings(c.get("aggregate")));
        assertThat(result.kept()).as(name + ": kept").isEqualTo(ints(c.get("kept")));
        assertThat(result.excluded()).as(name + ": excluded").isEqualTo(ints(c.get("excluded")));
      }
    }
  }

  private static AggregationRule rule(JsonNode c, int threads) {
    String[] parts = c.get("rule").asText().split("\\+");
    if (parts.length == 1) {
      return base(parts[0], c, threads);
    }
    JsonNode p = c.get("params");
    List<PreAggregation> steps = new ArrayList<>();
    for (int k = 0; k < parts.length - 1; k++) {
      steps.add(
          switch (parts[k]) {
            case "nnm" -> new NearestNeighbourMixing(p.get("f").asInt(), threads);
            case "bucketing" ->
                new Bucketing(p.get("s").asInt(), Long.parseLong(p.get("seed").asText()), threads);
            default -> throw new IllegalArgumentException("unknown step " + parts[k]);
          });
    }
    return new ComposedRule(steps, base(parts[parts.length - 1], c, threads));
  }

  private static AggregationRule base(String name, JsonNode c, int threads) {
    JsonNode p = c.get("params");
    return switch (name) {
      case "cc" -> new CenteredClipping(p.get("tau").asDouble(), p.get("iterations").asInt());
      case "fedavg" -> new FedAvg(threads);
      case "median" -> new CoordinateMedian(threads);
      case "trimmed-mean" -> new TrimmedMean(p.get("b").asInt(), threads);
      case "krum" -> new Krum(p.get("f").asInt(), threads);
      case "multi-krum" -> new MultiKrum(p.get("f").asInt(), p.get("m").asInt(), threads);
      case "bulyan" -> new Bulyan(p.get("f").asInt(), threads);
      case "ubar" -> {
        float[] target = floats(c.get("target"));
        yield new Ubar(
            p.get("rho").asDouble(),
            floats(c.get("own")),
            v -> Vectors.squared(v, target),
            threads);
      }
      default -> throw new IllegalArgumentException("unknown rule " + c.get("rule"));
    };
  }

  private static float[] floats(JsonNode hex) {
    float[] out = new float[hex.size()];
    for (int j = 0; j < out.length; j++) {
      out[j] = Float.intBitsToFloat(Integer.parseUnsignedInt(hex.get(j).asText(), 16));
    }
    return out;
  }

  private static List<String> hex(float[] values) {
    List<String> out = new ArrayList<>();
    for (float v : values) {
      out.add(String.format("%08x", Float.floatToRawIntBits(v)));
    }
    return out;
  }

  private static List<String> strings(JsonNode array) {
    List<String> out = new ArrayList<>();
    array.forEach(n -> out.add(n.asText()));
    return out;
  }

  private static List<Integer> ints(JsonNode array) {
    List<Integer> out = new ArrayList<>();
    array.forEach(n -> out.add(n.asInt()));
    return out;
  }
}

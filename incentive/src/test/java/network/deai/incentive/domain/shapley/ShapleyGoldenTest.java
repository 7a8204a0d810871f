package network.deai.incentive.domain.shapley;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.File;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * Pins the Shapley estimators a committee and its auditors run, and the random draws they take from
 * {@link SplittableRandom}, bit for bit to the vectors of an independent Python reference ({@code
 * contracts/test/vectors/generate_shapley.py}).
 */
class ShapleyGoldenTest {
  private static final File VECTORS = new File("../contracts/test/vectors/shapley.json");

  @Test
  void splittableRandomDrawsMatchTheReference() throws IOException {
    for (JsonNode w : read().get("splittableRandom")) {
      SplittableRandom rng = new SplittableRandom(Long.parseLong(w.get("seed").asText()));
      for (JsonNode x : w.get("nextInt")) {
        assertThat(rng.nextInt()).isEqualTo(x.asInt());
      }
      for (JsonNode b : w.get("bounded")) {
        assertThat(rng.nextInt(b.get("bound").asInt())).isEqualTo(b.get("value").asInt());
      }
    }
  }

  @Test
  void estimatorsMatchTheReference() throws IOException {
    JsonNode cases = read().get("cases");
    assertThat(cases).hasSizeGreaterThanOrEqualTo(14);
    for (JsonNode c : cases) {
      JsonNode utility = c.get("utility");
      CoalitionUtility v = mask -> bits(utility.get((int) mask));
      int players = c.get("players").asInt();
      JsonNode p = c.get("params");
      String estimator = c.get("estimator").asText();
      ShapleyResult result =
          estimator.startsWith("cluster-")
              ? new ClusterShapley(estimator(estimator.substring(8), p))
                  .estimate(clusters(c.get("clusters")), players, v)
              : estimator(estimator, p).estimate(players, v);
      List<String> values = new ArrayList<>();
      for (double x : result.values()) {
        values.add(String.format("%016x", Double.doubleToRawLongBits(x)));
      }
      List<String> expected = new ArrayList<>();
      c.get("values").forEach(x -> expected.add(x.asText()));
      String name = c.get("name").asText();
      assertThat(values).as(name).isEqualTo(expected);
      assertThat(result.utilityEvaluations()).as(name).isEqualTo(c.get("evaluations").asLong());
    }
  }

  private static ShapleyEstimator estimator(String name, JsonNode p) {
    return switch (name) {
      case "exact" -> new ExactShapley();
      case "truncated-mc" ->
          new TruncatedMonteCarlo(
              p.get("permutations").asInt(), p.get("tolerance").asDouble(), rng(p));
      case "monte-carlo" -> new PermutationMonteCarlo(p.get("permutations").asInt(), rng(p));
      case "gtg" ->
          new GtgShapley(
              p.get("maxPermutations").asInt(),
              p.get("tolerance").asDouble(),
              p.get("roundTolerance").asDouble(),
              p.get("convergence").asDouble(),
              rng(p));
      default -> throw new IllegalArgumentException("unknown estimator " + name);
    };
  }

  private static SplittableRandom rng(JsonNode p) {
    return new SplittableRandom(Long.parseLong(p.get("seed").asText()));
  }

  private static List<List<Integer>> clusters(JsonNode json) {
    List<List<Integer>> out = new ArrayList<>();
    for (JsonNode cluster : json) {
      List<Integer> members = new ArrayList<>();
      cluster.forEach(m -> members.add(m.asInt()));
      out.add(members);
    }
    return out;
  }

  private static double bits(JsonNode hex) {
    return Double.longBitsToDouble(Long.parseUnsignedLong(hex.asText(), 16));
  }

  private static JsonNode read() throws IOException {
    assertThat(VECTORS).as("golden vectors (run from the incentive module)").isFile();
    return new ObjectMapper().readTree(VECTORS);
  }
}

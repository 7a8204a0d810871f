package network.deai.learning;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.File;
import java.io.IOException;
import org.junit.jupiter.api.Test;

/**
 * Pins {@link CnnModel} to the vectors of an independent numpy reference ({@code
 * contracts/test/vectors/generate_cnn.py}): logits, predictions and accuracy bit for bit, the loss
 * within a few ulps (it goes through exp and log, whose last bit libm and StrictMath may round
 * differently), and the gradient within 2 float ulps plus 1e-12: the reference backpropagates with
 * whole arrays, so it goes through exp and sums rows and positions in another order, and its
 * doubles differ in the last bits before rounding to float (by cancellation near 0, hence the
 * absolute term). A gradient sent to the wrong pool position or through a dead ReLU misses by far
 * more.
 */
class CnnGoldenTest {
  private static final File VECTORS = new File("../contracts/test/vectors/cnn.json");

  @Test
  void matchesTheReference() throws IOException {
    assertThat(VECTORS).as("golden vectors (run from the learning module)").isFile();
    JsonNode cases = new ObjectMapper().readTree(VECTORS).get("cases");
    assertThat(cases).hasSizeGreaterThanOrEqualTo(7);
    for (JsonNode c : cases) {
      String name = c.get("name").asText();
      CnnModel model =
          new CnnModel(
              c.get("features").asInt(), c.get("channels").asInt(), c.get("classes").asInt());
      float[] params = floats(c.get("params"));
      Dataset data = GoldenForwardPass.check(c, model, model::logits, params);
      float[] expected = floats(c.get("gradient"));
      float[] gradient = model.gradient(params, data);
      assertThat(gradient).as(name + ": gradient").hasSize(expected.length);
      for (int k = 0; k < expected.length; k++) {
        assertThat(gradient[k])
            .as(name + ": gradient " + k)
            .isCloseTo(expected[k], within(2 * Math.ulp(expected[k]) + 1e-12f));
      }
    }
  }

  private static float[] floats(JsonNode hex) {
    return GoldenForwardPass.floats(hex);
  }
}

package network.deai.learning;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.File;
import java.io.IOException;

/**
 * Pins {@link MlpModel}'s forward pass bit for bit to the vectors of an independent Python
 * reference ({@code contracts/test/vectors/generate_mlp.py}): logits, predictions and accuracy
 * exactly, the loss within a few ulps (it goes through exp and log, whose last bit libm and
 * StrictMath may round differently), so auditors recompute a committee's MLP scores from the
 * definition.
 */
class MlpGoldenTest {
  private static final File VECTORS = new File("../contracts/test/vectors/mlp.json");

  @org.junit.jupiter.api.Test
  void forwardPassMatchesTheReference() throws IOException {
    assertThat(VECTORS).as("golden vectors (run from the learning module)").isFile();
    JsonNode cases = new ObjectMapper().readTree(VECTORS).get("cases");
    assertThat(cases).hasSizeGreaterThanOrEqualTo(4);
    for (JsonNode c : cases) {
      String name = c.get("name").asText();
      MlpModel model =
          new MlpModel(
              c.get("features").asInt(), c.get("hidden").asInt(), c.get("classes").asInt());
      float[] params = floats(c.get("params"));
      int rows = c.get("x").size();
      float[][] x = new float[rows][];
      int[] y = new int[rows];
      for (int i = 0; i < rows; i++) {
        x[i] = floats(c.get("x").get(i));
        y[i] = c.get("y").get(i).asInt();
        double[] logits = model.logits(params, x[i]);
        for (int k = 0; k < logits.length; k++) {
          assertThat(Long.toHexString(Double.doubleToRawLongBits(logits[k])))
              .as(name + ": row " + i + " logit " + k)
              .isEqualTo(
                  Long.toHexString(
                      Long.parseUnsignedLong(c.get("logits").get(i).get(k).asText(), 16)));
        }
        assertThat(model.predict(params, x[i]))
            .as(name + ": row " + i)
            .isEqualTo(c.get("predictions").get(i).asInt());
      }
      Dataset data = new Dataset(x, y, model.classes());
      assertThat(Double.doubleToRawLongBits(model.accuracy(params, data)))
          .as(name + ": accuracy")
          .isEqualTo(Long.parseUnsignedLong(c.get("accuracy").asText(), 16));
      double loss = c.get("loss").asDouble();
      assertThat(model.loss(params, data))
          .as(name + ": loss")
          .isCloseTo(loss, within(4 * Math.ulp(loss)));
    }
  }

  private static float[] floats(JsonNode hex) {
    float[] values = new float[hex.size()];
    for (int i = 0; i < values.length; i++) {
      values[i] = Float.intBitsToFloat((int) Long.parseLong(hex.get(i).asText(), 16));
    }
    return values;
  }
}

package network.deai.learning;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.function.BiFunction;

/**
 * Checks one golden case of a model's forward pass against an independent reference: logits,
 * predictions and accuracy bit for bit, the loss within 4 ulps (it goes through exp and log, whose
 * last bit libm and StrictMath may round differently). Returns the case's rows as a data set.
 */
final class GoldenForwardPass {
  private GoldenForwardPass() {}

  /**
   * Checks case {@code c} ({@code name}, {@code params}, {@code x}, {@code y}, {@code logits},
   * {@code predictions}, {@code accuracy}, {@code loss}, floats and doubles as hex bits) against
   * {@code model}, whose logits of one row under the parameters are {@code logits}.
   */
  static Dataset check(
      JsonNode c, Model model, BiFunction<float[], float[], double[]> logits, float[] params) {
    String name = c.get("name").asText();
    int rows = c.get("x").size();
    float[][] x = new float[rows][];
    int[] y = new int[rows];
    for (int i = 0; i < rows; i++) {
      x[i] = floats(c.get("x").get(i));
      y[i] = c.get("y").get(i).asInt();
      double[] row = logits.apply(params, x[i]);
      assertThat(row).as(name + ": row " + i).hasSize(model.classes());
      for (int k = 0; k < row.length; k++) {
        assertThat(Long.toHexString(Double.doubleToRawLongBits(row[k])))
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
    return data;
  }

  /** Floats written as the hex of their bits. */
  static float[] floats(JsonNode hex) {
    float[] values = new float[hex.size()];
    for (int i = 0; i < values.length; i++) {
      values[i] = Float.intBitsToFloat((int) Long.parseLong(hex.get(i).asText(), 16));
    }
    return values;
  }
}

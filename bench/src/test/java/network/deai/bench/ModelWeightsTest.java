package network.deai.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The protobuf walker on a model written here byte by byte: z = x·W + c with W [2, 2] a graph
 * initializer and c [2] a Constant node's tensor.
 */
class ModelWeightsTest {
  private static final float[] W = {0.1234567f, -2.5f, 3.1415927f, 1e-3f};
  private static final float[] C = {0.5f, -0.333333f};

  @Test
  void anUnchangedRewriteGivesTheSameBytesAndVisitsInitializersAndConstants() {
    byte[] model = model();
    List<String> seen = new ArrayList<>();

    ModelWeights.Rewritten same =
        ModelWeights.rewrite(model, (name, dims, values) -> seen.add(name + Arrays.toString(dims)));

    assertThat(same.bytes()).isEqualTo(model).isNotSameAs(model);
    assertThat(seen).containsExactlyInAnyOrder("c[2]", "w[2, 2]");
    assertThat(same.tensors()).isEqualTo(2);
    assertThat(same.values()).isEqualTo(6);
  }

  @Test
  void roundedWeightsLoadInOnnxRuntimeAndMoveTheOutputsByABoundedAmount() throws OrtException {
    byte[] model = model();
    byte[] original = model.clone();

    byte[] rounded = ModelWeights.rewrite(model, (n, d, v) -> ModelCheat.roundToFp16(v)).bytes();

    assertThat(model).isEqualTo(original);
    assertThat(rounded).hasSameSizeAs(model).isNotEqualTo(model);
    float[] x = {1.5f, -0.75f};
    float[] before = run(model, x);
    float[] after = run(rounded, x);
    assertThat(before).containsExactly(expected(x), org.assertj.core.data.Offset.offset(1e-5f));
    for (int i = 0; i < 2; i++) {
      // fp16 keeps 11 significant bits: each weight moves by at most 2^-11 of itself.
      double bound =
          Math.pow(2, -11) * (Math.abs(x[0] * W[i]) + Math.abs(x[1] * W[2 + i]) + Math.abs(C[i]));
      assertThat((double) Math.abs(after[i] - before[i])).isPositive().isLessThanOrEqualTo(bound);
    }
  }

  @Test
  void onlyTheTensorsValuesChange() {
    byte[] model = model();

    byte[] zeroed =
        ModelWeights.rewrite(
                model,
                (name, dims, values) -> Arrays.fill(values, name.equals("w") ? 0f : values[0]))
            .bytes();

    int changed = 0;
    for (int i = 0; i < model.length; i++) {
      changed += model[i] != zeroed[i] ? 1 : 0;
    }
    assertThat(changed).isPositive().isLessThanOrEqualTo(4 * (W.length + C.length));
    assertThat(ModelWeights.rewrite(zeroed, (n, d, v) -> {}).bytes()).isEqualTo(zeroed);
  }

  @Test
  void rejectsBytesThatAreNotAModel() {
    byte[] model = model();
    byte[] truncated = Arrays.copyOf(model, model.length - 7);

    assertThatThrownBy(() -> ModelWeights.rewrite(truncated, (n, d, v) -> {}))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("not an ONNX model");
    assertThatThrownBy(() -> ModelWeights.rewrite(new byte[] {0x3f, 1}, (n, d, v) -> {}))
        .isInstanceOf(IllegalArgumentException.class);
  }

  private static float[] expected(float[] x) {
    return new float[] {x[0] * W[0] + x[1] * W[2] + C[0], x[0] * W[1] + x[1] * W[3] + C[1]};
  }

  private static float[] run(byte[] model, float[] x) throws OrtException {
    OrtEnvironment env = OrtEnvironment.getEnvironment();
    try (OrtSession session = env.createSession(model, new OrtSession.SessionOptions());
        OnnxTensor input = OnnxTensor.createTensor(env, FloatBuffer.wrap(x), new long[] {1, 2});
        OrtSession.Result result = session.run(Map.of("x", input))) {
      float[][] z = (float[][]) result.get(0).getValue();
      return z[0];
    }
  }

  /** ModelProto{ir_version 8, opset 13, graph{Constant→c, MatMul(x, w), Add(·, c)→z}}. */
  static byte[] model() {
    byte[] constant =
        message(
            bytes(2, "c"),
            bytes(4, "Constant"),
            bytes(
                5,
                message(
                    bytes(1, "value"), bytes(5, tensor("", new long[] {2}, C)), varint(20, 4))));
    byte[] matmul = message(bytes(1, "x"), bytes(1, "w"), bytes(2, "y"), bytes(4, "MatMul"));
    byte[] add = message(bytes(1, "y"), bytes(1, "c"), bytes(2, "z"), bytes(4, "Add"));
    byte[] graph =
        message(
            bytes(1, constant),
            bytes(1, matmul),
            bytes(1, add),
            bytes(2, "g"),
            bytes(5, tensor("w", new long[] {2, 2}, W)),
            bytes(11, valueInfo("x")),
            bytes(12, valueInfo("z")));
    return message(varint(1, 8), bytes(7, graph), bytes(8, message(bytes(1, ""), varint(2, 13))));
  }

  private static byte[] tensor(String name, long[] dims, float[] values) {
    ByteBuffer raw = ByteBuffer.allocate(4 * values.length).order(ByteOrder.LITTLE_ENDIAN);
    for (float v : values) {
      raw.putFloat(v);
    }
    byte[][] fields = new byte[dims.length + 3][];
    for (int i = 0; i < dims.length; i++) {
      fields[i] = varint(1, dims[i]);
    }
    fields[dims.length] = varint(2, 1);
    fields[dims.length + 1] = name.isEmpty() ? new byte[0] : bytes(8, name);
    fields[dims.length + 2] = bytes(9, raw.array());
    return message(fields);
  }

  /** ValueInfoProto{name, type{tensor_type{elem_type FLOAT, shape [1, 2]}}}. */
  private static byte[] valueInfo(String name) {
    byte[] shape = message(bytes(1, message(varint(1, 1))), bytes(1, message(varint(1, 2))));
    byte[] tensorType = message(varint(1, 1), bytes(2, shape));
    return message(bytes(1, name), bytes(2, message(bytes(1, tensorType))));
  }

  private static byte[] message(byte[]... fields) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (byte[] field : fields) {
      out.writeBytes(field);
    }
    return out.toByteArray();
  }

  private static byte[] bytes(int field, String value) {
    return bytes(field, value.getBytes(StandardCharsets.UTF_8));
  }

  private static byte[] bytes(int field, byte[] value) {
    return message(key(field, 2), raw(value.length), value);
  }

  private static byte[] varint(int field, long value) {
    return message(key(field, 0), raw(value));
  }

  private static byte[] key(int field, int wire) {
    return raw(((long) field << 3) | wire);
  }

  private static byte[] raw(long value) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    long v = value;
    while ((v & ~0x7fL) != 0) {
      out.write((int) ((v & 0x7f) | 0x80));
      v >>>= 7;
    }
    out.write((int) v);
    return out.toByteArray();
  }
}

package network.deai.node.domain;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * The safetensors layout (an 8-byte little-endian header length, a JSON header naming each tensor's
 * dtype, shape and byte range, then little-endian data), for {@code F32} tensors. Reading treats
 * the file as hostile: every length, offset and shape is checked before any allocation.
 */
public final class Safetensors {
  /** Largest JSON header accepted. */
  public static final int MAX_HEADER = 1 << 20;

  private static final ObjectMapper MAPPER = new ObjectMapper();

  private Safetensors() {}

  /** A float tensor; its arrays are shared, not copied, so treat them as read-only. */
  public static final class Tensor {
    private final int[] shape;
    private final float[] data;

    /** Checks that the shape covers the data exactly. */
    public Tensor(int[] shape, float[] data) {
      long count = 1;
      for (int dim : shape) {
        if (dim < 0) {
          throw new IllegalArgumentException("negative dimension in " + Arrays.toString(shape));
        }
        count *= dim;
      }
      if (count != data.length) {
        throw new IllegalArgumentException(
            "shape " + Arrays.toString(shape) + " does not hold " + data.length + " values");
      }
      this.shape = shape.clone();
      this.data = data;
    }

    /** The dimensions. */
    public int[] shape() {
      return shape.clone();
    }

    /** The values, row-major. */
    public float[] data() {
      return data;
    }
  }

  /** Writes tensors in name order, data packed back to back. */
  public static byte[] write(Map<String, Tensor> tensors) {
    ObjectNode header = JsonNodeFactory.instance.objectNode();
    long offset = 0;
    Map<String, Tensor> sorted = new TreeMap<>(tensors);
    for (var entry : sorted.entrySet()) {
      ObjectNode info = header.putObject(entry.getKey());
      info.put("dtype", "F32");
      ArrayNode shape = info.putArray("shape");
      Arrays.stream(entry.getValue().shape()).forEach(shape::add);
      long end = offset + (long) entry.getValue().data().length * Float.BYTES;
      info.putArray("data_offsets").add(offset).add(end);
      offset = end;
    }
    byte[] json = CanonicalJson.canonicalize(header);
    ByteBuffer out = ByteBuffer.allocate(Math.toIntExact(8 + json.length + offset));
    out.order(ByteOrder.LITTLE_ENDIAN).putLong(json.length).put(json);
    for (Tensor tensor : sorted.values()) {
      for (float value : tensor.data()) {
        out.putFloat(value);
      }
    }
    return out.array();
  }

  /** Reads every tensor, or says precisely what is wrong with the file. */
  public static Outcome<Map<String, Tensor>> read(byte[] file) {
    try {
      return Outcome.ok(readChecked(file));
    } catch (IllegalArgumentException e) {
      return Outcome.rejected(Rejection.Code.BAD_INPUT, "safetensors: " + e.getMessage());
    }
  }

  private static Map<String, Tensor> readChecked(byte[] file) {
    if (file.length < 8) {
      throw new IllegalArgumentException("file is " + file.length + " bytes, shorter than 8");
    }
    ByteBuffer buffer = ByteBuffer.wrap(file).order(ByteOrder.LITTLE_ENDIAN);
    long headerLength = buffer.getLong();
    if (headerLength < 2 || headerLength > MAX_HEADER || headerLength > file.length - 8) {
      throw new IllegalArgumentException("header length " + headerLength + " is out of range");
    }
    JsonNode header = parse(new String(file, 8, (int) headerLength, StandardCharsets.UTF_8));
    int dataStart = 8 + (int) headerLength;
    Map<String, Tensor> tensors = new LinkedHashMap<>();
    for (Map.Entry<String, JsonNode> field : header.properties()) {
      if (!field.getKey().equals("__metadata__")) {
        tensors.put(field.getKey(), tensor(field.getKey(), field.getValue(), buffer, dataStart));
      }
    }
    return tensors;
  }

  private static JsonNode parse(String json) {
    try {
      JsonNode header = MAPPER.readTree(json);
      if (header == null || !header.isObject()) {
        throw new IllegalArgumentException("header is not a JSON object");
      }
      return header;
    } catch (java.io.IOException e) {
      throw new IllegalArgumentException("header is not valid JSON", e);
    }
  }

  private static Tensor tensor(String name, JsonNode info, ByteBuffer buffer, int dataStart) {
    if (!"F32".equals(info.path("dtype").asText())) {
      throw new IllegalArgumentException(
          name + ": dtype " + info.path("dtype") + " is not supported (F32 only)");
    }
    JsonNode shapeNode = info.path("shape");
    JsonNode offsets = info.path("data_offsets");
    if (!shapeNode.isArray() || shapeNode.size() > 8 || !offsets.isArray() || offsets.size() != 2) {
      throw new IllegalArgumentException(name + ": needs shape (≤ 8 dims) and data_offsets [a, b]");
    }
    int[] shape = new int[shapeNode.size()];
    long count = 1;
    for (int i = 0; i < shape.length; i++) {
      long dim = shapeNode.get(i).asLong(-1);
      if (!shapeNode.get(i).isIntegralNumber() || dim < 0 || dim > Integer.MAX_VALUE) {
        throw new IllegalArgumentException(name + ": bad dimension " + shapeNode.get(i));
      }
      shape[i] = (int) dim;
      count = Math.multiplyExact(count, dim);
    }
    long begin = offsets.get(0).asLong(-1);
    long end = offsets.get(1).asLong(-1);
    long available = buffer.capacity() - (long) dataStart;
    if (begin < 0 || end < begin || end > available || end - begin != count * Float.BYTES) {
      throw new IllegalArgumentException(
          name + ": data_offsets [" + begin + ", " + end + "] do not match shape or file size");
    }
    float[] data = new float[(int) count];
    ByteBuffer slice = buffer.slice(dataStart + (int) begin, (int) (end - begin));
    slice.order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(data);
    return new Tensor(shape, data);
  }
}

package network.deai.bench;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Rewrites the float32 weights of an ONNX model in place, without an ONNX library: a small walker
 * over the protobuf wire format finds every float tensor of the main graph and of its subgraphs,
 * hands its values to a {@link Rewrite} and writes them back into the same bytes. The model keeps
 * its length and every byte outside the tensors' values, so a rewritten model is the same graph
 * with other weights (a cheater's model, for the benches).
 *
 * <p>Fields walked ({@code onnx.proto}): {@code ModelProto.graph = 7}; {@code GraphProto.node = 1,
 * initializer = 5}; {@code NodeProto.output = 2, attribute = 5}; {@code AttributeProto.t = 5, g =
 * 6, tensors = 10, graphs = 11}; {@code TensorProto.dims = 1, data_type = 2 (FLOAT = 1), float_data
 * = 4, name = 8, raw_data = 9}. A tensor of a {@code Constant} node is named by the node's first
 * output when it has no name of its own. Externally stored tensors have neither {@code float_data}
 * nor {@code raw_data} here and are left alone.
 */
public final class ModelWeights {
  private static final int FLOAT = 1;

  /** Changes one tensor's values in place. */
  @FunctionalInterface
  public interface Rewrite {
    /**
     * Changes {@code values} in place.
     *
     * @param name the tensor's name (its Constant node's output for a node attribute)
     * @param dims the tensor's dimensions
     * @param values its values, to change in place
     */
    void apply(String name, long[] dims, float[] values);
  }

  /**
   * A rewritten model.
   *
   * @param bytes the model, as long as the original
   * @param tensors the float tensors handed to the rewrite
   * @param values the floats in them
   */
  @SuppressWarnings("ArrayRecordComponent") // a fresh copy owned by the caller
  public record Rewritten(byte[] bytes, int tensors, long values) {}

  private final byte[] bytes;
  private int tensors;
  private long values;

  private ModelWeights(byte[] bytes) {
    this.bytes = bytes;
  }

  /**
   * A copy of {@code model} whose float tensors went through {@code rewrite}.
   *
   * @throws IllegalArgumentException if the bytes are not a protobuf ModelProto
   */
  public static Rewritten rewrite(byte[] model, Rewrite rewrite) {
    ModelWeights walker = new ModelWeights(model.clone());
    try {
      walker.model(rewrite);
    } catch (IndexOutOfBoundsException e) {
      throw new IllegalArgumentException("not an ONNX model: truncated protobuf", e);
    }
    return new Rewritten(walker.bytes, walker.tensors, walker.values);
  }

  private void model(Rewrite rewrite) {
    for (@Nullable Field f = first(0, bytes.length); f != null; f = next(f)) {
      if (f.number == 7 && f.wire == 2) {
        graph(f.start, f.end, rewrite);
      }
    }
  }

  private void graph(int start, int end, Rewrite rewrite) {
    for (@Nullable Field f = first(start, end); f != null; f = next(f)) {
      if (f.wire == 2 && f.number == 1) {
        node(f.start, f.end, rewrite);
      } else if (f.wire == 2 && f.number == 5) {
        tensor(f.start, f.end, "", rewrite);
      }
    }
  }

  private void node(int start, int end, Rewrite rewrite) {
    String output = "";
    for (@Nullable Field f = first(start, end); f != null; f = next(f)) {
      if (f.wire == 2 && f.number == 2 && output.isEmpty()) {
        output = string(f);
      }
    }
    for (@Nullable Field f = first(start, end); f != null; f = next(f)) {
      if (f.wire == 2 && f.number == 5) {
        attribute(f.start, f.end, output, rewrite);
      }
    }
  }

  private void attribute(int start, int end, String output, Rewrite rewrite) {
    for (@Nullable Field f = first(start, end); f != null; f = next(f)) {
      if (f.wire != 2) {
        continue;
      }
      switch (f.number) {
        case 5, 10 -> tensor(f.start, f.end, output, rewrite);
        case 6, 11 -> graph(f.start, f.end, rewrite);
        default -> {}
      }
    }
  }

  private void tensor(int start, int end, String fallbackName, Rewrite rewrite) {
    long type = 0;
    String name = fallbackName;
    List<Long> dims = new ArrayList<>();
    List<int[]> data = new ArrayList<>();
    for (@Nullable Field f = first(start, end); f != null; f = next(f)) {
      switch (f.number) {
        case 1 -> dims(f, dims);
        case 2 -> type = f.wire == 0 ? f.value : type;
        case 4 -> data.add(f.wire == 5 ? new int[] {f.start, f.start + 4} : range(f));
        case 8 -> name = f.wire == 2 ? string(f) : name;
        case 9 -> data.add(f.wire == 2 ? range(f) : new int[] {0, 0});
        default -> {}
      }
    }
    int count = data.stream().mapToInt(r -> (r[1] - r[0]) / Float.BYTES).sum();
    if (type != FLOAT || count == 0) {
      return;
    }
    ByteBuffer buffer = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
    float[] floats = new float[count];
    int at = 0;
    for (int[] r : data) {
      for (int p = r[0]; p + Float.BYTES <= r[1]; p += Float.BYTES) {
        floats[at++] = buffer.getFloat(p);
      }
    }
    rewrite.apply(name, dims.stream().mapToLong(Long::longValue).toArray(), floats);
    at = 0;
    for (int[] r : data) {
      for (int p = r[0]; p + Float.BYTES <= r[1]; p += Float.BYTES) {
        buffer.putFloat(p, floats[at++]);
      }
    }
    tensors++;
    values += count;
  }

  private void dims(Field f, List<Long> dims) {
    if (f.wire == 0) {
      dims.add(f.value);
      return;
    }
    int[] at = {f.start};
    while (at[0] < f.end) {
      dims.add(varint(at));
    }
  }

  private static int[] range(Field f) {
    if (f.wire != 2) {
      throw new IllegalArgumentException("not an ONNX model: tensor data is not length-delimited");
    }
    return new int[] {f.start, f.end};
  }

  private String string(Field f) {
    return new String(bytes, f.start, f.end - f.start, StandardCharsets.UTF_8);
  }

  /** One field of a message: number, wire type, and its varint value or its payload bounds. */
  private record Field(int number, int wire, long value, int start, int end, int limit) {}

  private @Nullable Field first(int start, int limit) {
    return start < limit ? read(start, limit) : null;
  }

  private @Nullable Field next(Field f) {
    return f.end < f.limit ? read(f.end, f.limit) : null;
  }

  private Field read(int start, int limit) {
    int[] at = {start};
    long key = varint(at);
    int number = (int) (key >>> 3);
    int wire = (int) (key & 7);
    return switch (wire) {
      case 0 -> {
        long value = varint(at);
        yield new Field(number, wire, value, at[0], at[0], limit);
      }
      case 1 -> new Field(number, wire, 0, at[0], bounded(at[0] + 8L, limit), limit);
      case 5 -> new Field(number, wire, 0, at[0], bounded(at[0] + 4L, limit), limit);
      case 2 -> {
        long length = varint(at);
        yield new Field(number, wire, 0, at[0], bounded(at[0] + length, limit), limit);
      }
      default ->
          throw new IllegalArgumentException(
              "not an ONNX model: wire type " + wire + " at byte " + start);
    };
  }

  private static int bounded(long end, int limit) {
    if (end > limit) {
      throw new IllegalArgumentException("not an ONNX model: a field runs past its message");
    }
    return (int) end;
  }

  private long varint(int[] at) {
    long value = 0;
    for (int shift = 0; shift < 64; shift += 7) {
      byte b = bytes[at[0]++];
      value |= (long) (b & 0x7f) << shift;
      if (b >= 0) {
        return value;
      }
    }
    throw new IllegalArgumentException("not an ONNX model: varint longer than 10 bytes");
  }
}

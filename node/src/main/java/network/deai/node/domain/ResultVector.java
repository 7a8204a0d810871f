package network.deai.node.domain;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/** Canonical result bytes of a float output: IEEE 754 binary32, little-endian, in order. */
public final class ResultVector {
  private ResultVector() {}

  /** Encodes {@code values}. */
  public static byte[] encode(float[] values) {
    ByteBuffer buffer = ByteBuffer.allocate(values.length * Float.BYTES);
    buffer.order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().put(values);
    return buffer.array();
  }

  /** Decodes bytes made by {@link #encode}. */
  public static float[] decode(byte[] bytes) {
    if (bytes.length % Float.BYTES != 0) {
      throw new IllegalArgumentException(
          "a result vector has a multiple of 4 bytes, got " + bytes.length);
    }
    float[] values = new float[bytes.length / Float.BYTES];
    ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(values);
    return values;
  }
}

package network.deai.verifier.domain.canonical;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * The byte encoding of labelled outputs whose SHA-256 replicas commit to as their fingerprint.
 * Every integer is a little-endian int32. Outputs appear in ascending order of their names' UTF-8
 * bytes (compared as unsigned bytes); each is written as:
 *
 * <pre>
 *   nameLength, the name's UTF-8 bytes,
 *   itemCount,
 *   for each item: labelCount, then its labels in order
 * </pre>
 *
 * No header, padding or trailer: no outputs encode to zero bytes. Example: one output {@code "y"}
 * with items {@code [3]} and {@code []} is {@code 01000000 79 02000000 01000000 03000000 00000000}.
 */
public final class LabelEncoding {
  private LabelEncoding() {}

  /** Encodes the items of labels of each named output. */
  public static byte[] encode(Map<String, int[][]> outputs) {
    List<Map.Entry<byte[], int[][]>> sorted =
        outputs.entrySet().stream()
            .map(e -> Map.entry(e.getKey().getBytes(StandardCharsets.UTF_8), e.getValue()))
            .sorted((a, b) -> Arrays.compareUnsigned(a.getKey(), b.getKey()))
            .toList();
    long size = 0;
    for (var output : sorted) {
      size += 8L + output.getKey().length;
      for (int[] item : output.getValue()) {
        size += 4L + 4L * item.length;
      }
    }
    ByteBuffer out = ByteBuffer.allocate(Math.toIntExact(size)).order(ByteOrder.LITTLE_ENDIAN);
    for (var output : sorted) {
      out.putInt(output.getKey().length).put(output.getKey()).putInt(output.getValue().length);
      for (int[] item : output.getValue()) {
        out.putInt(item.length);
        for (int label : item) {
          out.putInt(label);
        }
      }
    }
    return out.array();
  }
}

package network.deai.node.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SafetensorsTest {
  private static String rejection(byte[] file) {
    return switch (Safetensors.read(file)) {
      case Outcome.Rejected<Map<String, Safetensors.Tensor>> r -> r.rejection().detail();
      case Outcome.Ok<Map<String, Safetensors.Tensor>> ok -> "accepted";
    };
  }

  private static byte[] file(String header, int dataBytes) {
    byte[] json = header.getBytes(StandardCharsets.UTF_8);
    return ByteBuffer.allocate(8 + json.length + dataBytes)
        .order(ByteOrder.LITTLE_ENDIAN)
        .putLong(json.length)
        .put(json)
        .array();
  }

  @Test
  void writesTheSafetensorsLayoutAndReadsItBack() {
    byte[] bytes =
        Safetensors.write(
            Map.of("w", new Safetensors.Tensor(new int[] {2, 2}, new float[] {1, 2, 3, 4})));
    long headerLength = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).getLong();
    assertThat(new String(bytes, 8, (int) headerLength, StandardCharsets.UTF_8))
        .isEqualTo("{\"w\":{\"data_offsets\":[0,16],\"dtype\":\"F32\",\"shape\":[2,2]}}");
    Outcome<Map<String, Safetensors.Tensor>> read = Safetensors.read(bytes);
    assertThat(
            java.util.Objects.requireNonNull(
                    ((Outcome.Ok<Map<String, Safetensors.Tensor>>) read).value().get("w"))
                .data())
        .containsExactly(1, 2, 3, 4);
  }

  @Test
  void refusesHostileFilesBeforeAllocating() {
    assertThat(rejection(new byte[3])).contains("shorter than 8");
    byte[] huge = ByteBuffer.allocate(16).order(ByteOrder.LITTLE_ENDIAN).putLong(1L << 40).array();
    assertThat(rejection(huge)).contains("header length 1099511627776 is out of range");
    assertThat(
            rejection(
                file(
                    "{\"w\":{\"dtype\":\"F32\",\"shape\":[1000000,1000000],\"data_offsets\":[0,16]}}",
                    16)))
        .contains("do not match shape or file size");
    assertThat(
            rejection(
                file("{\"w\":{\"dtype\":\"F32\",\"shape\":[4],\"data_offsets\":[0,64]}}", 16)))
        .contains("do not match shape or file size");
    assertThat(
            rejection(
                file("{\"w\":{\"dtype\":\"F64\",\"shape\":[2],\"data_offsets\":[0,16]}}", 16)))
        .contains("not supported");
    assertThat(
            rejection(
                file("{\"w\":{\"dtype\":\"F32\",\"shape\":[4],\"data_offsets\":[0,16]}}", 16)))
        .isEqualTo("accepted");
  }
}

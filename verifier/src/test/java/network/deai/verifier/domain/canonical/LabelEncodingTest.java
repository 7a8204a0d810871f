package network.deai.verifier.domain.canonical;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class LabelEncodingTest {
  @Test
  void writesLittleEndianLengthsAndLabels() {
    byte[] bytes = LabelEncoding.encode(Map.of("y", new int[][] {{3}, {}}));
    assertThat(HexFormat.of().formatHex(bytes))
        .isEqualTo("01000000" + "79" + "02000000" + "01000000" + "03000000" + "00000000");
  }

  @Test
  void ordersOutputsByTheirUtf8NamesWhateverTheMapOrder() {
    Map<String, int[][]> one = new LinkedHashMap<>();
    one.put("b", new int[][] {{-1}});
    one.put("a", new int[][] {{258}});
    one.put("é", new int[0][]);
    byte[] bytes = LabelEncoding.encode(one);
    assertThat(HexFormat.of().formatHex(bytes))
        .isEqualTo(
            "01000000610100000001000000"
                + "02010000"
                + "01000000620100000001000000"
                + "ffffffff"
                + "02000000c3a900000000");
  }

  @Test
  void noOutputsEncodeToNothingAndAnEmptyItemDiffersFromNoItem() {
    assertThat(LabelEncoding.encode(Map.of())).isEmpty();
    assertThat(LabelEncoding.encode(Map.of("y", new int[][] {{}})))
        .isNotEqualTo(LabelEncoding.encode(Map.of("y", new int[0][])));
  }
}

package network.deai.devnet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;

class ReportPageTest {
  private static final String OCR =
      """
      {"settled": 2, "tasks": 2, "ocr": {"tasksRead": 1, "charAccuracy": 0.9, "tasks": [
        {"id": 6, "canonical": "ctc", "mode": "EXACT", "charAccuracy": 0.9,
         "truth": ["deai 2026", "a<b"], "read": ["deai 2026", "a<6"]},
        {"id": 12, "canonical": "raw", "mode": "SIMILAR", "error": "no agreeing replica"}]}}
      """;

  @Test
  void showsWhatEachOcrLineReadNextToItsTruthAndHowAccurately() throws Exception {
    String html = ReportPage.render(new ObjectMapper().readTree(OCR));

    assertThat(html)
        .contains("<h2>OCR (PaddleOCR PP-OCRv4 on ONNX Runtime)</h2>")
        .contains("1 of 2 OCR tasks read, mean character accuracy 0.9000")
        .contains(
            "<tr><td>6</td><td>ctc, EXACT</td><td class=\"text\">deai 2026</td>"
                + "<td class=\"text\">deai 2026</td><td>1.0000</td></tr>")
        .contains(
            "<tr><td>6</td><td>ctc, EXACT</td><td class=\"text\">a&lt;b</td>"
                + "<td class=\"text misread\">a&lt;6</td><td>0.6667</td></tr>")
        .contains(
            "<tr><td>12</td><td>raw, SIMILAR</td><td class=\"text\" colspan=\"3\">"
                + "not read: no agreeing replica</td></tr>")
        .doesNotContain("a<b");
  }

  @Test
  void showsTheOcrTasksOfEveryModeAndNothingWithoutThem() throws Exception {
    ObjectMapper mapper = new ObjectMapper();
    ObjectNode both = mapper.createObjectNode();
    both.putArray("modes")
        .add(((ObjectNode) mapper.readTree(OCR)).put("mode", "replicated"))
        .add(((ObjectNode) mapper.readTree(OCR)).put("mode", "sampled"));

    String html = ReportPage.render(both);
    assertThat(html.split("<h2>OCR ", -1)).hasSize(3);
    assertThat(ReportPage.render(mapper.readTree("{\"settled\": 1}"))).doesNotContain("OCR");
  }

  @Test
  void aLegendNamesEveryColourOfItsChart() {
    String legend = ReportPage.legend("#48c", "settled", "#c44", "not settled");
    assertThat(legend)
        .contains("background:#48c\"></span> settled")
        .contains("background:#c44\"></span> not settled");
  }

  @Test
  void aLegendEscapesItsLabels() {
    assertThat(ReportPage.legend("#000", "<b>")).contains("&lt;b&gt;").doesNotContain("<b>");
  }

  @Test
  void aLegendNeedsColourAndLabelPairs() {
    assertThatThrownBy(() -> ReportPage.legend("#000"))
        .isInstanceOf(IllegalArgumentException.class);
  }
}

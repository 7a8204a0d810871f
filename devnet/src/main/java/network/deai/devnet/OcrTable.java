package network.deai.devnet;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Locale;
import network.deai.node.ocr.CharAccuracy;

/**
 * The report page's OCR section: per rendered line of every OCR task, what the verified result read
 * next to the truth and its character accuracy, as the terminal report prints them.
 */
final class OcrTable {
  private OcrTable() {}

  /** The section for a phase's {@code ocr} node; empty when the phase ran no OCR task. */
  static String render(JsonNode ocr) {
    if (ocr.path("tasks").isEmpty()) {
      return "";
    }
    StringBuilder html =
        new StringBuilder("<h2>OCR (PaddleOCR PP-OCRv4 on ONNX Runtime)</h2><p>")
            .append(ocr.path("tasksRead").asInt())
            .append(" of ")
            .append(ocr.path("tasks").size())
            .append(
                String.format(
                    Locale.ROOT,
                    " OCR tasks read, mean character accuracy %.4f.</p>",
                    ocr.path("charAccuracy").asDouble()))
            .append("<table><tr><th>task</th><th>compared</th><th>rendered</th><th>read</th>")
            .append("<th>character accuracy</th></tr>");
    for (JsonNode task : ocr.path("tasks")) {
      rows(task, html);
    }
    return html.append("</table>").toString();
  }

  private static void rows(JsonNode task, StringBuilder html) {
    String head =
        "<tr><td>"
            + task.path("id").asLong()
            + "</td><td>"
            + ReportPage.escape(task.path("canonical").asText())
            + ", "
            + ReportPage.escape(task.path("mode").asText())
            + "</td>";
    if (task.has("error")) {
      html.append(head)
          .append("<td class=\"text\" colspan=\"3\">not read: ")
          .append(ReportPage.escape(task.path("error").asText()))
          .append("</td></tr>");
      return;
    }
    for (int k = 0; k < task.path("truth").size(); k++) {
      String truth = task.path("truth").get(k).asText();
      String read = task.path("read").path(k).asText();
      double accuracy = CharAccuracy.of(read, truth);
      html.append(head)
          .append("<td class=\"text\">")
          .append(ReportPage.escape(truth))
          .append(accuracy < 1 ? "</td><td class=\"text misread\">" : "</td><td class=\"text\">")
          .append(ReportPage.escape(read))
          .append(String.format(Locale.ROOT, "</td><td>%.4f</td></tr>", accuracy));
    }
  }
}

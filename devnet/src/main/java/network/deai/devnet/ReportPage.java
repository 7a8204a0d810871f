package network.deai.devnet;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** The devnet report as one self-contained HTML page with inline SVG charts (no scripts). */
final class ReportPage {
  private ReportPage() {}

  record Bar(String label, double value, String color) {}

  static String render(JsonNode json) {
    StringBuilder html = new StringBuilder();
    html.append(
            "<!doctype html><html><head><meta charset=\"utf-8\"><title>deai devnet report</title>")
        .append("<style>body{font-family:sans-serif;margin:2em;max-width:1000px}")
        .append("table{border-collapse:collapse}td,th{border:1px solid #ccc;padding:3px 8px;")
        .append("text-align:right}th{background:#eee}td:first-child{text-align:left}")
        .append("td.text{text-align:left;font-family:monospace}td.misread{color:#c44}</style>")
        .append("</head><body><h1>deai devnet report</h1>");
    List<JsonNode> phases = ModeComparison.phases(json);
    html.append("<h2>Verification</h2>").append(measures(phases));
    for (JsonNode phase : phases) {
      if (phases.size() > 1) {
        html.append("<h2>Mode: ").append(escape(phase.path("mode").asText())).append("</h2>");
      }
      phase(phase, html);
    }
    return html.append("</body></html>\n").toString();
  }

  /** The compared measures, one column per mode. */
  private static String measures(List<JsonNode> phases) {
    StringBuilder table = new StringBuilder("<table><tr><th>measure</th>");
    phases.forEach(
        p -> table.append("<th>").append(escape(p.path("mode").asText())).append("</th>"));
    table.append("</tr>");
    for (String measure : ModeComparison.MEASURES) {
      table.append("<tr><td>").append(measure).append("</td>");
      phases.forEach(
          p ->
              table
                  .append("<td>")
                  .append(escape(ModeComparison.value(p, measure)))
                  .append("</td>"));
      table.append("</tr>");
    }
    return table.append("</table>").toString();
  }

  private static void phase(JsonNode json, StringBuilder html) {
    html.append("<p>")
        .append(json.path("settled").asInt())
        .append(" of ")
        .append(json.path("tasks").asInt())
        .append(" tasks settled, ")
        .append(json.path("noConsensus").asInt())
        .append(" without consensus; honest identities slashed: ")
        .append(json.path("honestSlashed").asInt())
        .append("; cheaters slashed or unpaid: ")
        .append(json.path("cheatersSlashedOrUnpaid").asInt())
        .append("/")
        .append(json.path("cheaters").asInt())
        .append("; books checked ")
        .append(json.path("booksChecks").asInt())
        .append(" times, violations: ")
        .append(json.path("booksViolations").asInt())
        .append(
            String.format(
                Locale.ROOT, "; mean gas per task %.0f.</p>", json.path("gasPerTask").asDouble()));
    List<Bar> owners = new ArrayList<>();
    json.path("payoutsPerOwnerWei")
        .properties()
        .forEach(
            e ->
                owners.add(
                    new Bar(
                        e.getKey(),
                        new BigDecimal(new BigInteger(e.getValue().asText()), 18).doubleValue(),
                        e.getKey().startsWith("honest")
                            ? "#4a8"
                            : e.getKey().startsWith("sybil") ? "#c93" : "#c44")));
    html.append("<h2>Payouts per owner (ETH)</h2>")
        .append(bars(owners))
        .append(legend("#4a8", "honest owner", "#c93", "Sybil owner", "#c44", "adversary"));
    List<Bar> gas = new ArrayList<>();
    for (JsonNode t : json.path("taskDetails")) {
      gas.add(
          new Bar(
              "task " + t.path("id").asText() + " " + t.path("mode").asText(),
              t.path("gas").asDouble(),
              t.path("state").asText().equals("Settled") ? "#48c" : "#999"));
    }
    html.append("<h2>Gas per task</h2>")
        .append(bars(gas))
        .append(legend("#48c", "settled", "#999", "not settled (no consensus, expired)"));
    html.append("<h2>Timeline (blocks, start to final)</h2>")
        .append(timeline(json.path("taskDetails")))
        .append(legend("#48c", "settled", "#c44", "not settled"));
    html.append("<h2>Identities</h2><table><tr><th>identity</th><th>owner</th><th>behaviour</th>")
        .append(
            "<th>tasks</th><th>paid (ETH)</th><th>slashed (ETH)</th><th>wrong</th><th>no-show</th></tr>");
    for (JsonNode i : json.path("identities")) {
      html.append("<tr><td>")
          .append(escape(i.path("label").asText()))
          .append("</td><td>")
          .append(escape(i.path("owner").asText()))
          .append("</td><td>")
          .append(escape(i.path("behaviour").asText()))
          .append("</td><td>")
          .append(i.path("tasks").asInt())
          .append("</td><td>")
          .append(DevnetReport.ether(i.path("paidWei").asText()))
          .append("</td><td>")
          .append(DevnetReport.ether(i.path("slashedWei").asText()))
          .append("</td><td>")
          .append(i.path("slashedWrongResult").asInt())
          .append("</td><td>")
          .append(i.path("slashedNoShow").asInt())
          .append("</td></tr>");
    }
    html.append("</table>").append(OcrTable.render(json.path("ocr")));
  }

  /**
   * A chart's legend: pairs of a colour and what it means, as coloured squares with their labels.
   */
  static String legend(String... colorsAndLabels) {
    if (colorsAndLabels.length % 2 != 0) {
      throw new IllegalArgumentException("legend needs colour and label pairs");
    }
    StringBuilder p = new StringBuilder("<p class=\"legend\">");
    for (int i = 0; i < colorsAndLabels.length; i += 2) {
      p.append("<span style=\"display:inline-block;width:10px;height:10px;background:")
          .append(escape(colorsAndLabels[i]))
          .append("\"></span> ")
          .append(escape(colorsAndLabels[i + 1]))
          .append(i + 2 < colorsAndLabels.length ? " &nbsp; " : "");
    }
    return p.append("</p>").toString();
  }

  static String bars(List<Bar> bars) {
    double max = bars.stream().mapToDouble(Bar::value).max().orElse(1);
    int row = 18;
    StringBuilder svg = new StringBuilder();
    svg.append(
        String.format(Locale.ROOT, "<svg width=\"900\" height=\"%d\">", bars.size() * row + 4));
    for (int i = 0; i < bars.size(); i++) {
      Bar b = bars.get(i);
      double width = max <= 0 ? 0 : 600 * b.value() / max;
      svg.append(
          String.format(
              Locale.ROOT,
              "<text x=\"0\" y=\"%d\" font-size=\"12\">%s</text>"
                  + "<rect x=\"170\" y=\"%d\" width=\"%.1f\" height=\"%d\" fill=\"%s\"/>"
                  + "<text x=\"%.1f\" y=\"%d\" font-size=\"11\">%s</text>",
              i * row + 13,
              escape(b.label()),
              i * row + 2,
              width,
              row - 4,
              b.color(),
              175 + width,
              i * row + 13,
              String.format(Locale.ROOT, b.value() >= 1000 ? "%.0f" : "%.4f", b.value())));
    }
    return svg.append("</svg>").toString();
  }

  private static String timeline(JsonNode tasks) {
    long first = Long.MAX_VALUE;
    long last = 0;
    for (JsonNode t : tasks) {
      first = Math.min(first, t.path("startBlock").asLong());
      last = Math.max(last, t.path("endBlock").asLong());
    }
    double span = Math.max(1, last - first);
    int row = 12;
    StringBuilder svg = new StringBuilder();
    svg.append(
        String.format(Locale.ROOT, "<svg width=\"900\" height=\"%d\">", tasks.size() * row + 20));
    int i = 0;
    for (JsonNode t : tasks) {
      double x = 60 + 800 * (t.path("startBlock").asLong() - first) / span;
      double w =
          Math.max(2, 800 * (t.path("endBlock").asLong() - t.path("startBlock").asLong()) / span);
      svg.append(
          String.format(
              Locale.ROOT,
              "<text x=\"0\" y=\"%d\" font-size=\"10\">task %s</text>"
                  + "<rect x=\"%.1f\" y=\"%d\" width=\"%.1f\" height=\"%d\" fill=\"%s\"/>",
              i * row + 10,
              t.path("id").asText(),
              x,
              i * row + 2,
              w,
              row - 3,
              t.path("state").asText().equals("Settled") ? "#48c" : "#c44"));
      i++;
    }
    svg.append(
        String.format(
            Locale.ROOT,
            "<text x=\"60\" y=\"%d\" font-size=\"10\">block %d</text>"
                + "<text x=\"800\" y=\"%d\" font-size=\"10\">block %d</text>",
            tasks.size() * row + 16,
            first == Long.MAX_VALUE ? 0 : first,
            tasks.size() * row + 16,
            last));
    return svg.append("</svg>").toString();
  }

  static String escape(String text) {
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
  }
}

package network.deai.devnet;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** The federated devnet report as one self-contained HTML page with inline SVG (no scripts). */
final class FlReportPage {
  private FlReportPage() {}

  static String render(JsonNode json) {
    StringBuilder html = new StringBuilder();
    html.append("<!doctype html><html><head><meta charset=\"utf-8\">")
        .append("<title>deai federated job report</title><style>body{font-family:sans-serif;")
        .append("margin:2em;max-width:1000px}table{border-collapse:collapse}td,th{border:1px ")
        .append("solid #ccc;padding:3px 8px;text-align:right}th{background:#eee}")
        .append("td:first-child{text-align:left}</style></head><body>")
        .append("<h1>deai federated training job</h1>");
    html.append(
        String.format(
            Locale.ROOT,
            "<p>%d trainers (Dirichlet(%.1f) digits shards, 2 Byzantine, a Sybil pair), %d"
                + " aggregators, rule %s, %d/%d rounds agreed; final test accuracy %.3f;"
                + " Byzantine paid %s wei; Sybil pair payout ratio %.3f; books violations %d;"
                + " audit failures %d.</p>",
            json.path("trainers").asInt(),
            json.path("dirichletAlpha").asDouble(),
            json.path("aggregators").asInt(),
            ReportPage.escape(json.path("rule").asText()),
            json.path("committeeAgreedRounds").asInt(),
            json.path("rounds").asInt(),
            json.path("finalAccuracy").asDouble(),
            json.path("byzantinePaid").asText(),
            json.path("sybilPairPayoutRatio").asDouble(),
            json.path("booksViolations").asInt(),
            json.path("auditFailures").asInt()));
    html.append("<h2>Test accuracy per round</h2>")
        .append(accuracyChart(json))
        .append(
            ReportPage.legend(
                "#48c",
                "test accuracy after each round (round 0: the initial model)",
                "#c44",
                "0.90 goal (dashed)"))
        .append(
            "<p>Held-out test accuracy of the global model after each round (round 0: the initial"
                + " model); the dashed line is the 0.90 goal.</p>");
    List<ReportPage.Bar> bars = new ArrayList<>();
    for (JsonNode i : json.path("identities")) {
      String kind = i.path("kind").asText();
      bars.add(
          new ReportPage.Bar(
              i.path("label").asText(),
              new BigDecimal(new BigInteger(i.path("paidWei").asText()), 18).doubleValue(),
              switch (kind) {
                case "honest" -> "#4a8";
                case "sybil" -> "#c93";
                case "aggregator" -> "#48c";
                default -> "#c44";
              }));
    }
    html.append("<h2>Payouts per identity (ETH)</h2>")
        .append(ReportPage.bars(bars))
        .append(
            ReportPage.legend(
                "#4a8",
                "honest trainer",
                "#c93",
                "Sybil",
                "#48c",
                "aggregator",
                "#c44",
                "Byzantine trainer"));
    html.append("<h2>Shapley scores per round</h2><table><tr><th>round</th><th>accuracy</th>");
    List<String> labels = new ArrayList<>();
    for (JsonNode i : json.path("identities")) {
      if (!i.path("kind").asText().equals("aggregator")) {
        labels.add(i.path("label").asText());
        html.append("<th>").append(ReportPage.escape(i.path("label").asText())).append("</th>");
      }
    }
    html.append("</tr>");
    for (JsonNode r : json.path("roundDetails")) {
      html.append("<tr><td>")
          .append(r.path("round").asInt() + 1)
          .append("</td><td>")
          .append(String.format(Locale.ROOT, "%.3f", r.path("testAccuracy").asDouble()))
          .append("</td>");
      List<String> flagged = new ArrayList<>();
      r.path("flagged").forEach(f -> flagged.add(f.asText()));
      for (String label : labels) {
        JsonNode s = r.path("scores").path(label);
        html.append("<td>")
            .append(s.isMissingNode() ? "-" : String.format(Locale.ROOT, "%.4f", s.asDouble()))
            .append(flagged.contains(label) ? " &#9873;" : "")
            .append("</td>");
      }
      html.append("</tr>");
    }
    html.append("</table><p>&#9873; flagged by the committee (penalised).</p></body></html>\n");
    return html.toString();
  }

  private static String accuracyChart(JsonNode json) {
    JsonNode values = json.path("accuracyPerRound");
    int width = 600;
    int height = 220;
    StringBuilder points = new StringBuilder();
    int n = values.size();
    StringBuilder svg =
        new StringBuilder(
            String.format(
                Locale.ROOT, "<svg width=\"%d\" height=\"%d\">", width + 60, height + 40));
    for (int k = 0; k <= 10; k++) {
      double y = height - k * height / 10.0 + 10;
      svg.append(
          String.format(
              Locale.ROOT,
              "<line x1=\"40\" x2=\"%d\" y1=\"%.1f\" y2=\"%.1f\" stroke=\"#eee\"/>"
                  + "<text x=\"0\" y=\"%.1f\" font-size=\"10\">%.1f</text>",
              width + 40,
              y,
              y,
              y + 3,
              k / 10.0));
    }
    double previous = json.path("initialAccuracy").asDouble();
    points.append(String.format(Locale.ROOT, "%.1f,%.1f ", 40.0, height - previous * height + 10));
    for (int i = 0; i < n; i++) {
      double x = 40 + (i + 1) * (double) width / Math.max(1, n);
      double y = height - values.get(i).asDouble() * height + 10;
      points.append(String.format(Locale.ROOT, "%.1f,%.1f ", x, y));
      svg.append(
          String.format(
              Locale.ROOT,
              "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"3\" fill=\"#48c\"/>"
                  + "<text x=\"%.1f\" y=\"%d\" font-size=\"10\">%d</text>",
              x,
              y,
              x - 3,
              height + 30,
              i + 1));
    }
    double goal = height - 0.9 * height + 10;
    svg.append(
        String.format(
            Locale.ROOT,
            "<line x1=\"40\" x2=\"%d\" y1=\"%.1f\" y2=\"%.1f\" stroke=\"#c44\""
                + " stroke-dasharray=\"4\"/>",
            width + 40,
            goal,
            goal));
    svg.append("<polyline fill=\"none\" stroke=\"#48c\" stroke-width=\"2\" points=\"")
        .append(points.toString().strip())
        .append("\"/></svg>");
    return svg.toString();
  }
}

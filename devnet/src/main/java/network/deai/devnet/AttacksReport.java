package network.deai.devnet;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * What {@code deai devnet --attacks} measured: per attack the attacker's gain and the honest
 * identities' stake loss in wei plus its own details, and the books checks over all of them.
 *
 * @param results one per attack, in the order they ran
 * @param booksChecks blocks on which the contract's books were checked
 * @param booksViolations checks where balance != stakes + escrow + owed (treasury included)
 * @param seconds wall time of the whole scenario
 */
record AttacksReport(
    List<AttackResult> results, int booksChecks, int booksViolations, double seconds) {
  private static final ObjectMapper MAPPER =
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  AttacksReport {
    results = List.copyOf(results);
  }

  /** Whether no attack gained or cost honest stake and the books always balanced. */
  boolean defended() {
    return booksViolations == 0 && results.stream().noneMatch(AttackResult::succeeded);
  }

  /** The JSON report: {@code attacks[]} with gains and losses as decimal strings of wei. */
  ObjectNode json() {
    ObjectNode json = MAPPER.createObjectNode();
    ArrayNode attacks = json.putArray("attacks");
    for (AttackResult r : results) {
      ObjectNode a = attacks.addObject();
      a.put("name", r.name());
      a.put("attackerGainWei", r.attackerGainWei().toString());
      a.put("honestLossWei", r.honestLossWei().toString());
      a.put("defended", !r.succeeded());
      a.setAll(r.details());
    }
    json.put("booksChecks", booksChecks);
    json.put("booksViolations", booksViolations);
    json.put("defended", defended());
    json.put("seconds", Math.round(seconds * 10) / 10.0);
    return json;
  }

  /** Prints one line per attack and the verdict. */
  void print(PrintStream out) {
    out.printf(
        "%-20s %26s %22s  %s%n", "attack", "attacker gain (wei)", "honest loss (wei)", "details");
    for (JsonNode a : json().path("attacks")) {
      ObjectNode details = a.deepCopy();
      details.remove(List.of("name", "attackerGainWei", "honestLossWei", "defended"));
      out.printf(
          "%-20s %26s %22s  %s%n",
          a.path("name").asText(),
          a.path("attackerGainWei").asText(),
          a.path("honestLossWei").asText(),
          details);
    }
    out.printf(
        Locale.ROOT,
        "books checked %d times, %d violations; %.1f s; %s%n",
        booksChecks,
        booksViolations,
        seconds,
        defended() ? "every attack failed" : "AN ATTACK PAID OFF OR THE BOOKS BROKE");
  }

  /** Writes the JSON report. */
  void writeJson(Path file) throws IOException {
    Files.writeString(file, MAPPER.writeValueAsString(json()), StandardCharsets.UTF_8);
  }

  /** Writes a self-contained HTML page with one table row per attack. */
  void writeHtml(Path file) throws IOException {
    StringBuilder rows = new StringBuilder();
    for (JsonNode a : json().path("attacks")) {
      ObjectNode details = a.deepCopy();
      details.remove(List.of("name", "attackerGainWei", "honestLossWei", "defended"));
      rows.append(
          String.format(
              "<tr class=\"%s\"><td>%s</td><td>%s</td><td>%s</td><td><code>%s</code></td></tr>%n",
              a.path("defended").asBoolean() ? "ok" : "bad",
              escape(a.path("name").asText()),
              a.path("attackerGainWei").asText(),
              a.path("honestLossWei").asText(),
              escape(details.toString())));
    }
    String page =
        "<!doctype html><html><head><meta charset=\"utf-8\"><title>deai devnet attacks</title>"
            + "<style>body{font-family:sans-serif}td,th{padding:4px 8px;border-bottom:1px solid"
            + " #ccc;text-align:left}.bad{background:#fdd}</style></head><body>"
            + "<h1>Attacks on protocol v2</h1><table><tr><th>attack</th><th>attacker gain"
            + " (wei)</th><th>honest loss (wei)</th><th>details</th></tr>"
            + rows
            + "</table><p>"
            + String.format(
                Locale.ROOT,
                "Books checked %d times, %d violations; %.1f s.",
                booksChecks,
                booksViolations,
                seconds)
            + "</p></body></html>";
    Files.writeString(file, page, StandardCharsets.UTF_8);
  }

  private static String escape(String text) {
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
  }
}

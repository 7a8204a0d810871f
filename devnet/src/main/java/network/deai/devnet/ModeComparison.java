package network.deai.devnet;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The measures that compare validation modes, as {@code <mode>.<name> <value>} lines and a table
 * with one column per mode, and the combined JSON of a run of several modes.
 */
final class ModeComparison {
  /** The compared measures: JSON paths (dots descend) in the phase reports. */
  static final List<String> MEASURES =
      List.of(
          "tasks",
          "settled",
          "sampleRateBps",
          "computeFactor",
          "gasPerTask",
          "baselineGasPerTask",
          "verificationOverhead.computePerTask",
          "verificationOverhead.gasPerTask",
          "verificationOverhead.gasRatio",
          "checked",
          "escalations",
          "challenges",
          "cheats",
          "naiveCheats",
          "rationalCheats",
          "checkedCheatsPaid",
          "cheaterProfitWei",
          "honestSlashed",
          "booksOk");

  private ModeComparison() {}

  /**
   * One report of the phases run in order: {@code modes} holds each phase's report under its mode,
   * and the top level sums what every phase must get right (honest slashes, books, audits), so a
   * check of the top level covers them all.
   */
  static ObjectNode combine(List<DevnetReport> phases, double seconds) {
    ObjectNode json = JsonNodeFactory.instance.objectNode();
    json.put("mode", "both");
    ObjectNode modes = json.putObject("modes");
    int tasks = 0;
    int honestSlashed = 0;
    int booksChecks = 0;
    int booksViolations = 0;
    int auditFailures = 0;
    long blocks = 0;
    boolean booksOk = true;
    for (DevnetReport phase : phases) {
      JsonNode p = phase.json();
      modes.set(p.path("mode").asText("phase" + modes.size()), p);
      tasks += p.path("tasks").asInt();
      honestSlashed += p.path("honestSlashed").asInt();
      booksChecks += p.path("booksChecks").asInt();
      booksViolations += p.path("booksViolations").asInt();
      auditFailures += p.path("auditFailures").asInt();
      blocks += p.path("blocks").asLong();
      booksOk &= p.path("booksOk").asBoolean();
    }
    json.put("tasks", tasks);
    json.put("honestSlashed", honestSlashed);
    json.put("booksChecks", booksChecks);
    json.put("booksViolations", booksViolations);
    json.put("booksOk", booksOk);
    json.put("auditFailures", auditFailures);
    json.put("blocks", blocks);
    json.put("seconds", seconds);
    return json;
  }

  /** The phase reports of {@code json}: its {@code modes}, or {@code json} itself. */
  static List<JsonNode> phases(JsonNode json) {
    List<JsonNode> phases = new ArrayList<>();
    if (json.has("modes")) {
      json.path("modes").forEach(phases::add);
    } else {
      phases.add(json);
    }
    return phases;
  }

  /** Prints the table (for several modes) and the {@code <mode>.<name> <value>} lines. */
  static void print(JsonNode json, PrintStream out) {
    List<JsonNode> phases = phases(json);
    if (phases.size() > 1) {
      StringBuilder header = new StringBuilder(String.format(Locale.ROOT, "%-36s", "measure"));
      phases.forEach(p -> header.append(String.format(Locale.ROOT, " %22s", mode(p))));
      out.println(header);
      for (String measure : MEASURES) {
        StringBuilder row = new StringBuilder(String.format(Locale.ROOT, "%-36s", measure));
        phases.forEach(p -> row.append(String.format(Locale.ROOT, " %22s", value(p, measure))));
        out.println(row);
      }
    }
    for (JsonNode p : phases) {
      for (String measure : MEASURES) {
        out.println(mode(p) + "." + measure + " " + value(p, measure));
      }
    }
  }

  private static String mode(JsonNode phase) {
    return phase.path("mode").asText("replicated");
  }

  /** The measure as text, "-" when the phase does not have it. */
  static String value(JsonNode phase, String path) {
    JsonNode node = phase;
    for (String part : java.util.regex.Pattern.compile("\\.").splitAsStream(path).toList()) {
      node = node.path(part);
    }
    if (node.isMissingNode()) {
      return "-";
    }
    return node.isFloatingPointNumber()
        ? java.math.BigDecimal.valueOf(node.asDouble())
            .setScale(3, java.math.RoundingMode.HALF_EVEN)
            .stripTrailingZeros()
            .toPlainString()
        : node.asText();
  }
}

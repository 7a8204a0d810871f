package network.deai.devnet;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.PrintStream;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import network.deai.node.audit.Auditor;
import network.deai.node.audit.TaskAudit;
import network.deai.node.chain.TaskManagerClient;
import network.deai.node.domain.TaskState;
import org.jspecify.annotations.Nullable;

/** What the devnet measured, as a terminal table, JSON and a self-contained HTML page. */
public record DevnetReport(ObjectNode json) {
  private static final ObjectMapper MAPPER =
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  /** Per identity: label, owner, honesty, paid, slashed by reason, tasks served. */
  private static final class Account {
    final Population.Member member;
    BigInteger paid = BigInteger.ZERO;
    BigInteger slashed = BigInteger.ZERO;
    int tasks;
    int settledTasks;
    int slashedWrong;
    int slashedNoShow;

    Account(Population.Member member) {
      this.member = member;
    }
  }

  static DevnetReport collect(
      TaskManagerClient client,
      List<BigInteger> ids,
      Map<String, Population.Member> byAddress,
      Monitor monitor,
      Devnet.Options options,
      double seconds,
      @Nullable PhaseLedger ledger) {
    VerificationTally tally = new VerificationTally(ledger, byAddress);
    Map<String, Account> accounts = new TreeMap<>();
    byAddress.forEach((address, member) -> accounts.put(address, new Account(member)));
    Auditor auditor = new Auditor(client);
    ArrayNode tasks = MAPPER.createArrayNode();
    List<Long> gas = new ArrayList<>();
    List<Long> latency = new ArrayList<>();
    int settled = 0;
    int noConsensus = 0;
    int auditFailures = 0;
    for (BigInteger id : ids) {
      AuditedTask audit = AuditedTask.of(auditor, client, id);
      auditFailures += audit.consistent() ? 0 : 1;
      settled += audit.state().equals(TaskState.SETTLED.solidityName()) ? 1 : 0;
      noConsensus += audit.state().equals(TaskState.NO_CONSENSUS.solidityName()) ? 1 : 0;
      for (TaskAudit.Replica r : audit.replicas()) {
        Account a = accounts.get(r.worker().toLowerCase(Locale.ROOT));
        if (a != null) {
          a.tasks++;
          a.settledTasks += audit.state().equals(TaskState.SETTLED.solidityName()) ? 1 : 0;
          a.paid = a.paid.add(r.paid());
          a.slashed = a.slashed.add(r.slashed());
          a.slashedWrong += r.slashReason().equals("WrongResult") ? 1 : 0;
          a.slashedNoShow += r.slashReason().equals("NoShow") ? 1 : 0;
        }
      }
      TaskCosts costs =
          TaskCosts.of(
              client, id, audit.replicas().isEmpty() ? null : audit.replicas().get(0).worker());
      gas.add(costs.gas());
      latency.add(costs.latencyBlocks());
      ObjectNode t = tasks.addObject();
      t.put("id", id.longValue());
      t.put("mode", audit.mode());
      t.put("state", audit.state());
      t.put("groupSize", audit.groupSize());
      t.put("gas", costs.gas());
      t.put("latencyBlocks", costs.latencyBlocks());
      t.put("startBlock", costs.startBlock());
      t.put("endBlock", costs.endBlock());
      tally.add(id, audit.replicas(), costs, t);
      if (!audit.state().equals(TaskState.SETTLED.solidityName())) {
        seats(t, audit.replicas(), accounts);
      }
      if (!audit.consistent()) {
        audit.problems().forEach(t.putArray("auditProblems")::add);
      }
      t.put("auditOk", audit.consistent());
    }
    DevnetReport report =
        new DevnetReport(
            summary(
                accounts,
                tasks,
                gas,
                latency,
                settled,
                noConsensus,
                auditFailures,
                monitor,
                options,
                seconds));
    tally.write(report.json());
    report.json().put("booksOk", report.booksOk());
    return report;
  }

  /**
   * Lists the seats of a task that did not settle, so that its round split can be traced: who held
   * each seat, what it did, and the fingerprint it revealed (empty if none).
   */
  private static void seats(
      ObjectNode task, List<TaskAudit.Replica> replicas, Map<String, Account> accounts) {
    ArrayNode seats = task.putArray("seats");
    for (TaskAudit.Replica r : replicas) {
      Account a = accounts.get(r.worker().toLowerCase(Locale.ROOT));
      ObjectNode seat = seats.addObject();
      seat.put("index", r.index());
      seat.put("label", a == null ? r.worker() : a.member.label());
      seat.put("outcome", r.outcome());
      seat.put("fingerprint", r.fingerprint());
    }
  }

  /** Whether the books were checked and every check balanced. */
  boolean booksOk() {
    return json.path("booksViolations").asInt() == 0 && booksUnchecked().isEmpty();
  }

  private static ObjectNode summary(
      Map<String, Account> accounts,
      ArrayNode tasks,
      List<Long> gas,
      List<Long> latency,
      int settled,
      int noConsensus,
      int auditFailures,
      Monitor monitor,
      Devnet.Options options,
      double seconds) {
    ObjectNode json = MAPPER.createObjectNode();
    int honestSlashed = 0;
    int cheaters = 0;
    int cheatersSlashedOrUnpaid = 0;
    Map<String, BigInteger> perOwner = new TreeMap<>();
    ArrayNode identities = MAPPER.createArrayNode();
    for (var entry : accounts.entrySet()) {
      Account a = entry.getValue();
      boolean honest = a.member.honest();
      honestSlashed += honest && a.slashed.signum() > 0 ? 1 : 0;
      cheaters += honest ? 0 : 1;
      cheatersSlashedOrUnpaid +=
          !honest && (a.slashed.signum() > 0 || a.paid.signum() == 0) ? 1 : 0;
      perOwner.merge(a.member.owner(), a.paid, BigInteger::add);
      ObjectNode i = identities.addObject();
      i.put("label", a.member.label());
      i.put("address", entry.getKey());
      i.put("owner", a.member.owner());
      i.put("behaviour", a.member.kind());
      i.put("tasks", a.tasks);
      i.put("settledTasks", a.settledTasks);
      i.put("paidWei", a.paid.toString());
      i.put("slashedWei", a.slashed.toString());
      i.put("slashedWrongResult", a.slashedWrong);
      i.put("slashedNoShow", a.slashedNoShow);
    }
    json.put("tasks", tasks.size());
    json.put("settled", settled);
    json.put("noConsensus", noConsensus);
    json.put("expired", tasks.size() - settled - noConsensus);
    json.put("honestSlashed", honestSlashed);
    json.put("cheaters", cheaters);
    json.put("cheatersSlashedOrUnpaid", cheatersSlashedOrUnpaid);
    json.put("slashedWrongResult", accounts.values().stream().mapToInt(a -> a.slashedWrong).sum());
    json.put("slashedNoShow", accounts.values().stream().mapToInt(a -> a.slashedNoShow).sum());
    json.put("gasPerTask", gas.stream().mapToLong(Long::longValue).average().orElse(0));
    json.put("latencyBlocksP50", percentile(latency, 0.5));
    json.put("latencyBlocksP95", percentile(latency, 0.95));
    json.put("booksChecks", monitor.booksChecks());
    json.put("booksViolations", monitor.booksViolations().size());
    json.put("booksRereads", monitor.booksRereads());
    json.put("blocks", monitor.blocks());
    com.fasterxml.jackson.databind.node.ArrayNode lines = json.putArray("booksViolationLines");
    monitor.booksViolations().stream().limit(10).forEach(lines::add);
    String booksError = monitor.booksError();
    if (booksError != null) {
      json.put("booksError", booksError);
    }
    json.put("auditFailures", auditFailures);
    json.put("seconds", Math.round(seconds * 10) / 10.0);
    json.put("seed", options.seed());
    json.put("replicas", options.replicas());
    json.put("quorum", options.quorum());
    json.put("blockTimeSeconds", options.blockTime());
    ObjectNode owners = json.putObject("payoutsPerOwnerWei");
    perOwner.forEach((owner, paid) -> owners.put(owner, paid.toString()));
    json.set("identities", identities);
    json.set("taskDetails", tasks);
    return json;
  }

  private static long percentile(List<Long> values, double q) {
    if (values.isEmpty()) {
      return 0;
    }
    List<Long> sorted = new ArrayList<>(values);
    sorted.sort(Long::compare);
    return sorted.get(Math.max(0, (int) Math.ceil(q * sorted.size()) - 1));
  }

  /**
   * Empty when the books were checked at least once, or no block passed; else the line that says
   * the run cannot vouch for the contract's balance.
   */
  public java.util.Optional<String> booksUnchecked() {
    if (json.path("booksChecks").asInt() > 0 || json.path("blocks").asLong() == 0) {
      return java.util.Optional.empty();
    }
    return java.util.Optional.of(
        String.format(
            Locale.ROOT,
            "BOOKS NOT CHECKED: not one books check completed in %d blocks (last error: %s), so"
                + " this run cannot vouch for the contract's balance; check that the RPC endpoint"
                + " serves eth_call at recent blocks and rerun",
            json.path("blocks").asLong(),
            json.path("booksError").asText("none")));
  }

  /** One report of several phases run in order, side by side (see {@link ModeComparison}). */
  static DevnetReport sideBySide(List<DevnetReport> phases, double seconds) {
    return new DevnetReport(ModeComparison.combine(phases, seconds));
  }

  /** Prints the terminal tables: each phase's, then the comparison of the modes. */
  public void print(PrintStream out) {
    if (json.has("modes")) {
      json.path("modes")
          .properties()
          .forEach(
              e -> {
                out.println("== " + e.getKey());
                new DevnetReport((ObjectNode) e.getValue()).printPhase(out);
              });
      out.println("== side by side");
    } else {
      printPhase(out);
    }
    ModeComparison.print(json, out);
  }

  private void printPhase(PrintStream out) {
    out.printf(
        "tasks %d: settled %d, no consensus %d, expired %d%n",
        json.path("tasks").asInt(),
        json.path("settled").asInt(),
        json.path("noConsensus").asInt(),
        json.path("expired").asInt());
    out.printf(
        "slashes: wrong result %d, no-show %d; honest identities slashed %d; cheaters slashed or"
            + " unpaid %d/%d%n",
        json.path("slashedWrongResult").asInt(),
        json.path("slashedNoShow").asInt(),
        json.path("honestSlashed").asInt(),
        json.path("cheatersSlashedOrUnpaid").asInt(),
        json.path("cheaters").asInt());
    out.printf(
        Locale.ROOT,
        "gas per task %.0f; latency (result ready -> settled) p50 %d, p95 %d blocks; books checked %d"
            + " times, %d violations; audit failures %d; %.1f s%n",
        json.path("gasPerTask").asDouble(),
        json.path("latencyBlocksP50").asLong(),
        json.path("latencyBlocksP95").asLong(),
        json.path("booksChecks").asInt(),
        json.path("booksViolations").asInt(),
        json.path("auditFailures").asInt(),
        json.path("seconds").asDouble());
    booksUnchecked().ifPresent(out::println);
    json.path("booksViolationLines").forEach(v -> out.println("BOOKS VIOLATION " + v.asText()));
    out.printf(
        "%-12s %-12s %-9s %5s %14s %14s %6s %7s%n",
        "identity",
        "owner",
        "behaviour",
        "tasks",
        "paid (ETH)",
        "slashed (ETH)",
        "wrong",
        "no-show");
    for (var i : json.path("identities")) {
      out.printf(
          "%-12s %-12s %-9s %5d %14s %14s %6d %7d%n",
          i.path("label").asText(),
          i.path("owner").asText(),
          i.path("behaviour").asText(),
          i.path("tasks").asInt(),
          ether(i.path("paidWei").asText()),
          ether(i.path("slashedWei").asText()),
          i.path("slashedWrongResult").asInt(),
          i.path("slashedNoShow").asInt());
    }
    JsonNode ocr = json.path("ocr");
    if (ocr.path("tasks").size() > 0) {
      out.printf(
          Locale.ROOT,
          "OCR (PaddleOCR PP-OCRv4 on ONNX Runtime): %d/%d tasks read, character accuracy %.4f%n",
          ocr.path("tasksRead").asInt(),
          ocr.path("tasks").size(),
          ocr.path("charAccuracy").asDouble());
      for (JsonNode t : ocr.path("tasks")) {
        if (t.has("error")) {
          out.printf(
              "  task %d (%s): %s%n",
              t.path("id").asLong(), t.path("canonical").asText(), t.path("error").asText());
          continue;
        }
        for (int k = 0; k < t.path("truth").size(); k++) {
          out.printf(
              "  task %d (%s): %-27s -> %s%n",
              t.path("id").asLong(),
              t.path("canonical").asText(),
              "\"" + t.path("truth").get(k).asText() + "\"",
              "\"" + t.path("read").path(k).asText() + "\"");
        }
      }
    }
    out.println("payouts per owner (ETH):");
    json.path("payoutsPerOwnerWei")
        .properties()
        .forEach(e -> out.printf("  %-12s %s%n", e.getKey(), ether(e.getValue().asText())));
  }

  static String ether(String wei) {
    return new BigDecimal(new BigInteger(wei), 18)
        .setScale(4, java.math.RoundingMode.HALF_EVEN)
        .toPlainString();
  }

  /** Writes the JSON report. */
  public void writeJson(Path file) throws IOException {
    Files.writeString(file, MAPPER.writeValueAsString(json), StandardCharsets.UTF_8);
  }

  /** Writes the self-contained HTML page. */
  public void writeHtml(Path file) throws IOException {
    Files.writeString(file, ReportPage.render(json), StandardCharsets.UTF_8);
  }
}

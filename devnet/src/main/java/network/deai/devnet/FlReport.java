package network.deai.devnet;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.PrintStream;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import network.deai.incentive.domain.reward.ScoreEncoding;
import network.deai.learning.Dataset;
import network.deai.node.audit.JobAudit;
import network.deai.node.chain.TrainingJobsClient;
import network.deai.node.job.JobContext;

/** The report of a federated devnet run: JSON, terminal summary and an HTML page with charts. */
final class FlReport {
  private final ObjectNode json;

  private FlReport(ObjectNode json) {
    this.json = json;
  }

  ObjectNode json() {
    return json;
  }

  static FlReport collect(
      TrainingJobsClient client,
      JobContext context,
      Dataset test,
      int trainingRows,
      List<FlDevnet.Member> members,
      FlMonitor monitor,
      FlDevnet.Options options,
      double seconds) {
    JobAudit audit = JobAudit.audit(client, context);
    Map<String, FlDevnet.Member> byAddress = new HashMap<>();
    for (FlDevnet.Member m : members) {
      byAddress.put(m.key().getAddress().toLowerCase(Locale.ROOT), m);
    }
    ObjectNode json = JsonNodeFactory.instance.objectNode();
    json.put("job", context.jobId().toString());
    json.put("rounds", options.rounds());
    json.put("trainers", options.trainers());
    json.put("aggregators", options.aggregators());
    json.put("seed", options.seed());
    json.put("data", context.parameters().data());
    json.put("architecture", context.parameters().architecture());
    json.put("trainingRows", trainingRows);
    json.put("testRows", test.size());
    json.put("dirichletAlpha", FlDevnet.ALPHA);
    json.put("engine", options.engine());
    json.put("rule", context.parameters().rule());
    double initial = context.classifier().accuracy(context.model(context.initialModel()), test);
    json.put("initialAccuracy", initial);
    ArrayNode accuracy = json.putArray("accuracyPerRound");
    ArrayNode rounds = json.putArray("roundDetails");
    int agreed = 0;
    int sybilClustered = 0;
    double last = initial;
    for (JobAudit.Round r : audit.rounds()) {
      ObjectNode node = rounds.addObject();
      node.put("round", r.round());
      node.put("outcome", r.agreed() ? "Agreed" : "NoConsensus");
      if (r.agreed()) {
        agreed++;
        last = context.classifier().accuracy(context.model(r.modelDigest()), test);
      }
      node.put("testAccuracy", last);
      accuracy.add(last);
      ObjectNode scores = node.putObject("scores");
      ArrayNode flagged = node.putArray("flagged");
      for (int i = 0; i < r.trainers().size(); i++) {
        String label = label(byAddress, r.trainers().get(i));
        if (i < r.scores().size()) {
          scores.put(label, ScoreEncoding.toDouble(r.scores().get(i)));
        }
        if ((r.flaggedMask() & (1L << i)) != 0) {
          flagged.add(label);
        }
      }
      node.put("audit", r.ok() ? "ok" : r.detail());
      if (r.agreed() && sybilsShareOneValue(members, r, byAddress)) {
        sybilClustered++;
      }
    }
    json.put("committeeAgreedRounds", agreed);
    json.put("sybilPairClusteredRounds", sybilClustered);
    double finalAccuracy =
        context
            .classifier()
            .accuracy(context.model(client.job(context.jobId()).modelDigest()), test);
    json.put("finalAccuracy", finalAccuracy);
    BigInteger byzantinePaid = BigInteger.ZERO;
    BigInteger sybilPaid = BigInteger.ZERO;
    BigInteger honestPaid = BigInteger.ZERO;
    int honest = 0;
    int honestPenalised = 0;
    ArrayNode identities = json.putArray("identities");
    for (FlDevnet.Member m : members) {
      String address = m.key().getAddress().toLowerCase(Locale.ROOT);
      BigInteger paid = audit.payouts().getOrDefault(address, BigInteger.ZERO);
      BigInteger taken = audit.penalties().getOrDefault(address, BigInteger.ZERO);
      ObjectNode node = identities.addObject();
      node.put("label", m.label());
      node.put("kind", m.kind());
      node.put("address", m.key().getAddress());
      node.put("paidWei", paid.toString());
      node.put("penalisedWei", taken.toString());
      node.put("status", client.node(m.key().getAddress()).status().value());
      switch (m.kind()) {
        case "byzantine" -> byzantinePaid = byzantinePaid.add(paid);
        case "sybil" -> sybilPaid = sybilPaid.add(paid);
        case "honest" -> {
          honest++;
          honestPaid = honestPaid.add(paid);
          if (taken.signum() > 0) {
            honestPenalised++;
          }
        }
        case "aggregator" -> {
          if (taken.signum() > 0) {
            honestPenalised++;
          }
        }
        default -> {}
      }
    }
    json.set("byzantinePaid", JsonNodeFactory.instance.numberNode(byzantinePaid));
    double meanHonest = honest == 0 ? 0 : honestPaid.doubleValue() / honest;
    json.put("sybilPairPayoutRatio", meanHonest == 0 ? 0 : sybilPaid.doubleValue() / meanHonest);
    json.put("honestPenalised", honestPenalised);
    json.put("booksChecks", monitor.booksChecks());
    json.put("booksViolations", monitor.booksViolations());
    json.put("auditFailures", (int) audit.rounds().stream().filter(r -> !r.ok()).count());
    long gas = jobGas(client, context);
    json.put("gasTotal", gas);
    json.put("gasPerRound", audit.rounds().isEmpty() ? 0 : gas / audit.rounds().size());
    json.put("seconds", Math.round(seconds * 10) / 10.0);
    return new FlReport(json);
  }

  /**
   * Gas of every transaction that emitted an event of the job (create, commits, reveals, settles).
   */
  private static long jobGas(TrainingJobsClient client, JobContext context) {
    java.util.Set<String> hashes = new java.util.LinkedHashSet<>();
    for (org.web3j.protocol.core.methods.response.Log log :
        client.jobLogs(context.jobId(), context.createdBlock())) {
      hashes.add(log.getTransactionHash());
    }
    long total = 0;
    for (String hash : hashes) {
      try {
        total +=
            client
                .web3j()
                .ethGetTransactionReceipt(hash)
                .send()
                .getTransactionReceipt()
                .map(r -> r.getGasUsed().longValueExact())
                .orElse(0L);
      } catch (IOException e) {
        throw new java.io.UncheckedIOException(e);
      }
    }
    return total;
  }

  /**
   * Whether the round gave both Sybil identities the same nonzero score: cluster Shapley shares a
   * cluster's value equally, so that is the pair clustered as one (a coincidence otherwise).
   */
  private static boolean sybilsShareOneValue(
      List<FlDevnet.Member> members, JobAudit.Round r, Map<String, FlDevnet.Member> byAddress) {
    List<Long> scores = new java.util.ArrayList<>();
    for (int i = 0; i < r.trainers().size() && i < r.scores().size(); i++) {
      FlDevnet.Member m = byAddress.get(r.trainers().get(i).toLowerCase(Locale.ROOT));
      if (m != null && m.kind().equals("sybil")) {
        scores.add(r.scores().get(i));
      }
    }
    long sybils = members.stream().filter(m -> m.kind().equals("sybil")).count();
    return scores.size() == sybils
        && scores.size() >= 2
        && scores.stream().distinct().count() == 1
        && scores.get(0) != 0;
  }

  private static String label(Map<String, FlDevnet.Member> byAddress, String address) {
    FlDevnet.Member m = byAddress.get(address.toLowerCase(Locale.ROOT));
    return m == null ? address : m.label();
  }

  /** Whether the run met the scenario's goals. */
  boolean goalsMet() {
    return json.path("finalAccuracy").asDouble() >= 0.90
        && json.path("byzantinePaid").bigIntegerValue().signum() == 0
        && json.path("sybilPairPayoutRatio").asDouble() <= 1.1
        && json.path("committeeAgreedRounds").asInt() == json.path("rounds").asInt()
        && json.path("booksViolations").asInt() == 0
        && json.path("auditFailures").asInt() == 0
        && json.path("honestPenalised").asInt() == 0;
  }

  void print(PrintStream out) {
    out.printf(
        Locale.ROOT,
        "%nfederated job on %s (%s): %d/%d rounds agreed by the committee; test accuracy %.3f ->"
            + " %.3f%n",
        json.path("data").asText(),
        json.path("architecture").asText(),
        json.path("committeeAgreedRounds").asInt(),
        json.path("rounds").asInt(),
        json.path("initialAccuracy").asDouble(),
        json.path("finalAccuracy").asDouble());
    StringBuilder perRound = new StringBuilder();
    for (JsonNode a : json.path("accuracyPerRound")) {
      perRound.append(String.format(Locale.ROOT, " %.3f", a.asDouble()));
    }
    out.println("accuracy per round:" + perRound);
    out.printf("%-16s %-11s %14s %14s%n", "trainer", "kind", "paid (ETH)", "penalised (ETH)");
    for (JsonNode i : json.path("identities")) {
      out.printf(
          "%-16s %-11s %14s %14s%n",
          i.path("label").asText(),
          i.path("kind").asText(),
          DevnetReport.ether(i.path("paidWei").asText()),
          DevnetReport.ether(i.path("penalisedWei").asText()));
    }
    out.printf(
        Locale.ROOT,
        "byzantinePaid %s wei; sybilPairPayoutRatio %.3f (pair clustered in %d rounds); honest"
            + " penalised %d; books checked %d times, %d violations; audit failures %d; gas per"
            + " round %d; %.1f s%n",
        json.path("byzantinePaid").asText(),
        json.path("sybilPairPayoutRatio").asDouble(),
        json.path("sybilPairClusteredRounds").asInt(),
        json.path("honestPenalised").asInt(),
        json.path("booksChecks").asInt(),
        json.path("booksViolations").asInt(),
        json.path("auditFailures").asInt(),
        json.path("gasPerRound").asLong(),
        json.path("seconds").asDouble());
    out.printf(Locale.ROOT, "fl_final_accuracy %.4f%n", json.path("finalAccuracy").asDouble());
    out.println("fl_byzantine_paid_wei " + json.path("byzantinePaid").asText());
    out.printf(Locale.ROOT, "fl_sybil_gain %.3f%n", json.path("sybilPairPayoutRatio").asDouble());
    out.println("fl_gas_per_round " + json.path("gasPerRound").asLong());
    out.printf(Locale.ROOT, "fl_wall_seconds %.1f%n", json.path("seconds").asDouble());
  }

  void writeJson(Path path) throws IOException {
    Files.writeString(
        path,
        new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(json)
            + "\n");
  }

  void writeHtml(Path path) throws IOException {
    Files.writeString(path, FlReportPage.render(json));
  }
}

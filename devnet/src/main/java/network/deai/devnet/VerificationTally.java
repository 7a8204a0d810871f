package network.deai.devnet;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigInteger;
import java.util.List;
import java.util.Map;
import network.deai.contracts.abi.SamplingRules;
import network.deai.node.audit.TaskAudit;
import org.jspecify.annotations.Nullable;

/**
 * What verification cost and caught in one phase: real executions per task against one, gas against
 * the executor-only transactions, how many tasks were checked, escalated or challenged, and what
 * the cheats earned (payouts minus penalties of a cheating identity on the tasks it cheated on; a
 * rational cheater counts only where it cheated).
 */
final class VerificationTally {
  private final @Nullable PhaseLedger ledger;
  private final Map<String, Population.Member> byAddress;
  private int tasks;
  private long gas;
  private long baselineGas;
  private int checked;
  private int escalations;
  private int challenges;
  private int cheats;
  private int naiveCheats;
  private int rationalCheats;
  private int checkedCheats;
  private int checkedCheatsPaid;
  private BigInteger cheaterProfit = BigInteger.ZERO;

  /** A tally over {@code ledger}'s phase (null when executions were not metered). */
  VerificationTally(@Nullable PhaseLedger ledger, Map<String, Population.Member> byAddress) {
    this.ledger = ledger;
    this.byAddress = byAddress;
  }

  /** Adds task {@code id}; returns the cheaters on it (lower-case addresses). */
  List<String> add(
      BigInteger id, List<TaskAudit.Replica> replicas, TaskCosts costs, ObjectNode detail) {
    tasks++;
    gas += costs.gas();
    baselineGas += costs.baselineGas();
    boolean sampled = ledger != null && ledger.terms().sampled();
    boolean wasChecked =
        sampled ? Boolean.TRUE.equals(costs.checked()) || costs.challenged() : !replicas.isEmpty();
    checked += wasChecked ? 1 : 0;
    escalations += costs.escalated() ? 1 : 0;
    challenges += costs.challenged() ? 1 : 0;
    List<String> cheaters = ledger == null ? List.of() : ledger.cheaters(id);
    for (String cheater : cheaters) {
      cheats++;
      Population.Member member = byAddress.get(cheater);
      Population.Strategy strategy = member == null ? Population.Strategy.NAIVE : member.strategy();
      naiveCheats += strategy == Population.Strategy.NAIVE ? 1 : 0;
      rationalCheats += strategy == Population.Strategy.RATIONAL ? 1 : 0;
      BigInteger net = BigInteger.ZERO;
      for (TaskAudit.Replica r : replicas) {
        if (r.worker().equalsIgnoreCase(cheater)) {
          net = net.add(r.paid()).subtract(r.slashed());
          checkedCheatsPaid += wasChecked && r.paid().signum() > 0 ? 1 : 0;
        }
      }
      checkedCheats += wasChecked ? 1 : 0;
      cheaterProfit = cheaterProfit.add(net);
    }
    detail.put("baselineGas", costs.baselineGas());
    detail.put("escalated", costs.escalated());
    detail.put("challenged", costs.challenged());
    if (sampled) {
      detail.put("checked", wasChecked);
    }
    if (ledger != null) {
      detail.put("executions", ledger.executions(id));
      cheaters.forEach(detail.putArray("cheaters")::add);
    }
    return cheaters;
  }

  /** Writes the phase's measures into {@code json}. */
  void write(ObjectNode json) {
    double gasPerTask = tasks == 0 ? 0 : (double) gas / tasks;
    double baselinePerTask = tasks == 0 ? 0 : (double) baselineGas / tasks;
    ObjectNode overhead = json.putObject("verificationOverhead");
    if (ledger != null) {
      PhaseLedger.Terms terms = ledger.terms();
      json.put("mode", terms.mode());
      json.put("sampleRateBps", terms.sampleRateBps());
      if (terms.sampled()) {
        json.put("validators", terms.replicas() - 1);
        json.put("minSampleRateBps", SamplingRules.minRateBps(terms.feeShare(), terms.slash()));
      }
      json.put("executions", ledger.executions());
      double factor = tasks == 0 ? 0 : (double) ledger.executions() / tasks;
      json.put("computeFactor", round(factor));
      overhead.put("computePerTask", round(factor - 1));
    }
    json.put("baselineGasPerTask", Math.round(baselinePerTask));
    overhead.put("gasPerTask", Math.round(gasPerTask - baselinePerTask));
    overhead.put("gasRatio", baselinePerTask == 0 ? 0 : round(gasPerTask / baselinePerTask));
    json.put("checked", checked);
    json.put("escalations", escalations);
    json.put("challenges", challenges);
    json.put("cheats", cheats);
    json.put("naiveCheats", naiveCheats);
    json.put("rationalCheats", rationalCheats);
    json.put("checkedCheats", checkedCheats);
    json.put("checkedCheatsPaid", checkedCheatsPaid);
    json.put("cheaterProfitWei", cheaterProfit.toString());
  }

  private static double round(double value) {
    return Math.round(value * 1000) / 1000.0;
  }
}

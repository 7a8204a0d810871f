package network.deai.node.bench;

import java.io.PrintStream;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.IntFunction;
import network.deai.node.learning.Alie;
import network.deai.node.learning.Attack;
import network.deai.node.learning.GaussianNoise;
import network.deai.node.learning.Ipm;
import network.deai.node.learning.LabelFlip;
import network.deai.node.learning.NoAttack;
import network.deai.node.learning.SignFlip;
import network.deai.verifier.domain.aggregation.AggregationRule;
import network.deai.verifier.domain.aggregation.Bulyan;
import network.deai.verifier.domain.aggregation.CoordinateMedian;
import network.deai.verifier.domain.aggregation.FedAvg;
import network.deai.verifier.domain.aggregation.Krum;
import network.deai.verifier.domain.aggregation.MultiKrum;
import network.deai.verifier.domain.aggregation.TrimmedMean;

/**
 * Worst benign accuracy for every rule × attack, IID and Dirichlet(0.5), on digits with 15 trainers
 * of which 3 are Byzantine. Prints a table, then {@code <rule>_<attack> <accuracy>} (worst over
 * both distributions) and {@code min_robust_accuracy} over median, multi-krum, bulyan and ubar.
 */
public final class RobustnessBench {
  private static final int TRAINERS = 15;
  private static final int BYZANTINE = 3;
  private static final List<String> ROBUST = List.of("median", "multi_krum", "bulyan", "ubar");

  private final int rounds;
  private final long seed;
  private final PrintStream out;

  /** A bench of {@code rounds} rounds per run, seeded by {@code seed}, printing to {@code out}. */
  public RobustnessBench(int rounds, long seed, PrintStream out) {
    this.rounds = rounds;
    this.seed = seed;
    this.out = out;
  }

  static Map<String, Attack> attacks() {
    Map<String, Attack> attacks = new LinkedHashMap<>();
    attacks.put("none", new NoAttack());
    attacks.put("gaussian", new GaussianNoise(1.0));
    attacks.put("signflip", new SignFlip(10.0));
    attacks.put("labelflip", new LabelFlip());
    attacks.put("alie", Alie.forCounts(TRAINERS, BYZANTINE));
    attacks.put("ipm", new Ipm(0.5));
    return attacks;
  }

  static Map<String, IntFunction<AggregationRule>> serverRules() {
    Map<String, IntFunction<AggregationRule>> rules = new LinkedHashMap<>();
    rules.put("fedavg", r -> new FedAvg());
    rules.put("krum", r -> new Krum(BYZANTINE));
    rules.put("multi-krum", r -> new MultiKrum(BYZANTINE, TRAINERS - BYZANTINE));
    rules.put("median", r -> new CoordinateMedian());
    rules.put("trimmed-mean", r -> new TrimmedMean(BYZANTINE));
    rules.put("bulyan", r -> new Bulyan(BYZANTINE));
    return rules;
  }

  /** Runs every combination and prints the table and the summary lines. */
  public void run() {
    Map<String, Double> worst = new LinkedHashMap<>();
    out.printf(
        Locale.ROOT, "%-10s %-13s %-10s %s%n", "split", "rule", "attack", "worst_benign_acc");
    for (boolean dirichlet : new boolean[] {false, true}) {
      Federation federation = new Federation(TRAINERS, BYZANTINE, dirichlet, seed);
      RobustnessExperiment experiment = new RobustnessExperiment(federation, rounds, seed);
      String split = dirichlet ? "dir0.5" : "iid";
      for (Map.Entry<String, Attack> attack : attacks().entrySet()) {
        for (Map.Entry<String, IntFunction<AggregationRule>> rule : serverRules().entrySet()) {
          double acc = experiment.serverRule(rule.getValue(), attack.getValue());
          record(worst, split, rule.getKey(), attack.getKey(), acc);
        }
        record(worst, split, "ubar", attack.getKey(), experiment.ubar(attack.getValue()));
      }
    }
    double minRobust = 1;
    for (Map.Entry<String, Double> e : worst.entrySet()) {
      out.printf(Locale.ROOT, "%s %.4f%n", e.getKey(), e.getValue());
      if (ROBUST.contains(e.getKey().substring(0, e.getKey().lastIndexOf('_')))) {
        minRobust = Math.min(minRobust, e.getValue());
      }
    }
    out.printf(Locale.ROOT, "min_robust_accuracy %.4f%n", minRobust);
  }

  private void record(
      Map<String, Double> worst, String split, String rule, String attack, double acc) {
    out.printf(Locale.ROOT, "%-10s %-13s %-10s %.4f%n", split, rule, attack, acc);
    worst.merge(rule.replace('-', '_') + "_" + attack, acc, Math::min);
  }
}

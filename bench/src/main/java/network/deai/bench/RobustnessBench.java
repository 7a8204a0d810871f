package network.deai.bench;

import java.io.PrintStream;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import network.deai.learning.Alie;
import network.deai.learning.Attack;
import network.deai.learning.GaussianNoise;
import network.deai.learning.Ipm;
import network.deai.learning.LabelFlip;
import network.deai.learning.NoAttack;
import network.deai.learning.SignFlip;

/**
 * Test accuracy of every job rule × attack on Dirichlet(α) label-skewed shards (α = 0.5 and 1.0),
 * 15 trainers of which 3 are Byzantine, each rule run as a job's committee runs it ({@link
 * RobustnessExperiment}). Prints one progress line per run on {@code progress}, then {@code <name>
 * <value>} lines on {@code out}: per rule its worst accuracy over attacks and both α ({@code
 * <rule>_min_accuracy}) and its heterogeneity gap (FedAvg's accuracy without attack minus the
 * rule's, worst α; {@code <rule>_heterogeneity_gap}), then {@code fedavg_no_attack_accuracy} (worst
 * α), {@code min_robust_accuracy} (worst over the robust rules behind NNM) and {@code
 * max_gap_to_fedavg} (largest drop of those below FedAvg without attack, at the same α). Rule names
 * are printed with {@code _} for {@code +} and {@code -}.
 */
public final class RobustnessBench {
  private static final int TRAINERS = 15;
  private static final int BYZANTINE = 3;
  private static final double[] ALPHAS = {0.5, 1.0};

  private static final List<String> RULES =
      List.of(
          "fedavg",
          "median",
          "krum",
          "multi-krum",
          "bulyan",
          "ubar",
          "cc",
          "nnm+median",
          "nnm+krum",
          "nnm+multi-krum",
          "nnm+cc",
          "nnm+ubar",
          "bucketing+median",
          "bucketing+krum",
          "bucketing+multi-krum",
          "bucketing+cc");

  private static final List<String> ROBUST =
      List.of("nnm+median", "nnm+krum", "nnm+multi-krum", "nnm+cc", "nnm+ubar");

  private final BenchData data;
  private final List<String> rules;
  private final int rounds;
  private final long seed;
  private final PrintStream out;
  private final PrintStream progress;

  /**
   * A bench of {@code rules} on {@code data}, {@code rounds} rounds per run, seeded by {@code
   * seed}, printing results to {@code out} and progress to {@code progress}.
   */
  public RobustnessBench(
      BenchData data,
      List<String> rules,
      int rounds,
      long seed,
      PrintStream out,
      PrintStream progress) {
    this.data = data;
    this.rules = rules;
    this.rounds = rounds;
    this.seed = seed;
    this.out = out;
    this.progress = progress;
  }

  /** Every rule the bench runs by default, as a job names it. */
  public static List<String> rules() {
    return RULES;
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

  /** Runs every combination and prints the summary lines; returns the accuracies. */
  public RobustnessResults run() {
    RobustnessResults results = new RobustnessResults();
    int total = ALPHAS.length * attacks().size() * rules.size();
    long start = System.nanoTime();
    for (double alpha : ALPHAS) {
      Federation federation = new Federation(data, TRAINERS, BYZANTINE, alpha, seed);
      RobustnessExperiment experiment = new RobustnessExperiment(federation, rounds, seed);
      for (Map.Entry<String, Attack> attack : attacks().entrySet()) {
        for (String rule : rules) {
          double accuracy = experiment.run(rule, attack.getValue());
          results.put(alpha, rule, attack.getKey(), accuracy);
          progress.printf(
              Locale.ROOT,
              "%s dir%.1f %-20s %-9s %.4f  (%d/%d, %.0f s)%n",
              data.name(),
              alpha,
              rule,
              attack.getKey(),
              accuracy,
              results.size(),
              total,
              (System.nanoTime() - start) / 1e9);
        }
      }
    }
    print(results);
    return results;
  }

  private void print(RobustnessResults results) {
    for (String rule : rules) {
      line(name(rule) + "_min_accuracy", results.minAccuracy(rule));
      if (rules.contains("fedavg")) {
        line(name(rule) + "_heterogeneity_gap", results.heterogeneityGap(rule));
      }
    }
    if (rules.contains("fedavg")) {
      line("fedavg_no_attack_accuracy", results.fedAvgNoAttack());
    }
    List<String> robust = ROBUST.stream().filter(rules::contains).toList();
    if (!robust.isEmpty()) {
      line(
          "min_robust_accuracy", robust.stream().mapToDouble(results::minAccuracy).min().orElse(0));
      if (rules.contains("fedavg")) {
        line(
            "max_gap_to_fedavg",
            robust.stream().mapToDouble(results::maxGapToFedAvg).max().orElse(0));
      }
    }
  }

  private void line(String name, double value) {
    out.printf(Locale.ROOT, "%s %.4f%n", name, value);
  }

  private static String name(String rule) {
    return rule.replace('+', '_').replace('-', '_');
  }
}

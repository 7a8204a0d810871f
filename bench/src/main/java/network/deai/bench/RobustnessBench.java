package network.deai.bench;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.DoublePredicate;
import network.deai.learning.Alie;
import network.deai.learning.Attack;
import network.deai.learning.GaussianNoise;
import network.deai.learning.Ipm;
import network.deai.learning.LabelFlip;
import network.deai.learning.NoAttack;
import network.deai.learning.SignFlip;

/**
 * Test accuracy of every job rule × attack on IID and Dirichlet(α) label-skewed shards, 15 trainers
 * of which 3 are Byzantine, each rule run as a job's committee runs it ({@link
 * RobustnessExperiment}). Prints one progress line per run on {@code progress}, then {@code <name>
 * <value>} lines on {@code out}. The headline set is α ≥ 0.5 (IID included): per rule its worst
 * accuracy ({@code <rule>_min_accuracy}) and its largest drop below FedAvg without attack at the
 * same α, any attack ({@code <rule>_max_gap}); per α FedAvg's accuracy without attack and FedAvg's
 * over the 12 honest trainers alone, the best any rule can do once it drops the attackers' shards;
 * per robust rule (the last part of a rule name) the pre-aggregation (none, nnm, bucketing) with
 * the smallest max gap ({@code <base>_best}); then {@code min_robust_accuracy} (worst accuracy of
 * the robust rules, each at its best pre-aggregation) and {@code max_gap_to_fedavg} (largest max
 * gap of those). Each α below 0.5 gets the same two lines with a {@code _dir<α>} suffix. Rule names
 * are printed with {@code _} for {@code +} and {@code -}.
 */
public final class RobustnessBench {
  private static final int TRAINERS = 15;
  private static final int BYZANTINE = 3;

  /** The α at and above which the goal applies (IID counts as infinite α). */
  static final double HEADLINE_ALPHA = 0.5;

  private static final List<Double> ALPHAS = List.of(Double.POSITIVE_INFINITY, 1.0, 0.5, 0.1);

  private static final List<String> BASES =
      List.of("median", "trimmed-mean", "krum", "multi-krum", "bulyan", "cc", "ubar");

  private final BenchData data;
  private final List<String> rules;
  private final List<Double> alphas;
  private final int rounds;
  private final long seed;
  private final PrintStream out;
  private final PrintStream progress;

  /**
   * A bench of {@code rules} on {@code data} at each of {@code alphas} (infinite for IID), {@code
   * rounds} rounds per run, seeded by {@code seed}, printing results to {@code out} and progress to
   * {@code progress}.
   */
  public RobustnessBench(
      BenchData data,
      List<String> rules,
      List<Double> alphas,
      int rounds,
      long seed,
      PrintStream out,
      PrintStream progress) {
    this.data = data;
    this.rules = List.copyOf(rules);
    this.alphas = List.copyOf(alphas);
    this.rounds = rounds;
    this.seed = seed;
    this.out = out;
    this.progress = progress;
  }

  /**
   * Every rule the bench runs by default: FedAvg, then each robust rule alone, nnm+, bucketing+.
   */
  public static List<String> rules() {
    List<String> rules = new ArrayList<>(List.of("fedavg"));
    for (String base : BASES) {
      rules.addAll(List.of(base, "nnm+" + base, "bucketing+" + base));
    }
    return rules;
  }

  /** The α the bench runs by default: IID (infinite), 1.0, 0.5 and 0.1. */
  public static List<Double> alphas() {
    return ALPHAS;
  }

  /** How the bench names α: {@code iid} or {@code dir0.5}. */
  public static String label(double alpha) {
    return Double.isInfinite(alpha) ? "iid" : String.format(Locale.ROOT, "dir%.1f", alpha);
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
    boolean fedAvg = rules.contains("fedavg");
    int total = alphas.size() * (attacks().size() * rules.size() + (fedAvg ? 1 : 0));
    long start = System.nanoTime();
    for (double alpha : alphas) {
      Federation federation = new Federation(data, TRAINERS, BYZANTINE, alpha, seed);
      RobustnessExperiment experiment = new RobustnessExperiment(federation, rounds, seed);
      if (fedAvg) {
        results.put(alpha, HONEST, "none", experiment.runHonest());
        progress(results, alpha, HONEST, "none", total, start);
      }
      for (Map.Entry<String, Attack> attack : attacks().entrySet()) {
        for (String rule : rules) {
          results.put(alpha, rule, attack.getKey(), experiment.run(rule, attack.getValue()));
          progress(results, alpha, rule, attack.getKey(), total, start);
        }
      }
    }
    print(results);
    return results;
  }

  /** The results key of FedAvg over the honest trainers alone. */
  static final String HONEST = "fedavg-honest";

  private void progress(
      RobustnessResults results, double alpha, String rule, String attack, int total, long start) {
    progress.printf(
        Locale.ROOT,
        "%s %-6s %-22s %-9s %.4f  (%d/%d, %.0f s)%n",
        data.name(),
        label(alpha),
        rule,
        attack,
        results.accuracy(alpha, rule, attack),
        results.size(),
        total,
        (System.nanoTime() - start) / 1e9);
  }

  private void print(RobustnessResults results) {
    DoublePredicate headline = alpha -> alpha >= HEADLINE_ALPHA;
    boolean fedAvg = rules.contains("fedavg");
    for (String rule : rules) {
      line(name(rule) + "_min_accuracy", results.minAccuracy(rule, headline));
      if (fedAvg) {
        line(name(rule) + "_max_gap", results.maxGapToFedAvg(rule, headline));
      }
    }
    if (fedAvg) {
      for (double alpha : alphas) {
        line(
            "fedavg_no_attack_accuracy_" + label(alpha), results.accuracy(alpha, "fedavg", "none"));
        line("fedavg_honest_accuracy_" + label(alpha), results.accuracy(alpha, HONEST, "none"));
      }
    }
    summary(results, headline, "");
    for (double alpha : alphas) {
      if (alpha < HEADLINE_ALPHA) {
        summary(results, a -> a == alpha, "_" + label(alpha));
      }
    }
  }

  /** Best pre-aggregation per robust rule, min_robust_accuracy and max_gap_to_fedavg. */
  private void summary(RobustnessResults results, DoublePredicate alphas, String suffix) {
    if (!rules.contains("fedavg")) {
      return;
    }
    double min = 1;
    double gap = Double.NEGATIVE_INFINITY;
    for (String base : BASES) {
      List<String> variants = rules.stream().filter(r -> base(r).equals(base)).toList();
      if (variants.isEmpty()) {
        continue;
      }
      String best = results.best(variants, alphas);
      out.printf(Locale.ROOT, "%s_best%s %s%n", name(base), suffix, best);
      min = Math.min(min, results.minAccuracy(best, alphas));
      gap = Math.max(gap, results.maxGapToFedAvg(best, alphas));
    }
    if (gap > Double.NEGATIVE_INFINITY) {
      line("min_robust_accuracy" + suffix, min);
      line("max_gap_to_fedavg" + suffix, gap);
    }
  }

  private static String base(String rule) {
    return rule.substring(rule.lastIndexOf('+') + 1);
  }

  private void line(String name, double value) {
    out.printf(Locale.ROOT, "%s %.4f%n", name, value);
  }

  private static String name(String rule) {
    return rule.replace('+', '_').replace('-', '_');
  }
}

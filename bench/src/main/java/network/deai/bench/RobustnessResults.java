package network.deai.bench;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.DoublePredicate;

/**
 * Test accuracies of a robustness bench, by α (infinite for IID shards), rule and attack. Every gap
 * compares with FedAvg without attack at the same α.
 */
public final class RobustnessResults {
  private record Run(double alpha, String rule, String attack) {}

  private final Map<Run, Double> accuracy = new LinkedHashMap<>();

  void put(double alpha, String rule, String attack, double value) {
    accuracy.put(new Run(alpha, rule, attack), value);
  }

  int size() {
    return accuracy.size();
  }

  /**
   * The accuracy of one run.
   *
   * @throws IllegalArgumentException if that combination was not run
   */
  public double accuracy(double alpha, String rule, String attack) {
    Double value = accuracy.get(new Run(alpha, rule, attack));
    if (value == null) {
      throw new IllegalArgumentException("no run of " + rule + " / " + attack + " at " + alpha);
    }
    return value;
  }

  /** The worst accuracy of {@code rule} over every α and attack (1 if it never ran). */
  public double minAccuracy(String rule) {
    return minAccuracy(rule, alpha -> true);
  }

  /** The worst accuracy of {@code rule} over the α that {@code alphas} accepts, any attack. */
  public double minAccuracy(String rule, DoublePredicate alphas) {
    double min = 1;
    for (Map.Entry<Run, Double> e : accuracy.entrySet()) {
      if (e.getKey().rule().equals(rule) && alphas.test(e.getKey().alpha())) {
        min = Math.min(min, e.getValue());
      }
    }
    return min;
  }

  /** FedAvg's accuracy without attack, worst α. */
  public double fedAvgNoAttack() {
    double min = 1;
    for (Run run : accuracy.keySet()) {
      if (run.rule().equals("fedavg") && run.attack().equals("none")) {
        min = Math.min(min, accuracy.get(run));
      }
    }
    return min;
  }

  /** FedAvg's accuracy without attack minus {@code rule}'s, at the α where it is largest. */
  public double heterogeneityGap(String rule) {
    double gap = Double.NEGATIVE_INFINITY;
    for (Run run : accuracy.keySet()) {
      if (run.rule().equals(rule) && run.attack().equals("none")) {
        gap = Math.max(gap, accuracy(run.alpha(), "fedavg", "none") - accuracy.get(run));
      }
    }
    return gap;
  }

  /** The largest drop of {@code rule} below FedAvg without attack at the same α, any attack. */
  public double maxGapToFedAvg(String rule) {
    return maxGapToFedAvg(rule, alpha -> true);
  }

  /**
   * The largest drop of {@code rule} below FedAvg without attack at the same α, any attack, over
   * the α that {@code alphas} accepts (negative infinity when none ran).
   */
  public double maxGapToFedAvg(String rule, DoublePredicate alphas) {
    double gap = Double.NEGATIVE_INFINITY;
    for (Map.Entry<Run, Double> e : accuracy.entrySet()) {
      Run run = e.getKey();
      if (run.rule().equals(rule) && alphas.test(run.alpha())) {
        gap = Math.max(gap, accuracy(run.alpha(), "fedavg", "none") - e.getValue());
      }
    }
    return gap;
  }

  /**
   * Of {@code variants} (one robust rule behind different pre-aggregations), the one with the
   * smallest {@link #maxGapToFedAvg(String, DoublePredicate)} over {@code alphas}; the first on a
   * tie.
   */
  public String best(Iterable<String> variants, DoublePredicate alphas) {
    String best = null;
    double gap = Double.POSITIVE_INFINITY;
    for (String rule : variants) {
      double g = maxGapToFedAvg(rule, alphas);
      if (best == null || g < gap) {
        best = rule;
        gap = g;
      }
    }
    if (best == null) {
      throw new IllegalArgumentException("no variants");
    }
    return best;
  }
}

package network.deai.bench.app;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import network.deai.bench.BenchData;
import network.deai.bench.FashionMnistFiles;
import network.deai.bench.RobustnessBench;
import network.deai.node.job.FlParameters;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code deai bench robustness}. */
@Command(
    name = "robustness",
    mixinStandardHelpOptions = true,
    description = {
      "Test accuracy of fedavg and every robust job rule (median, trimmed-mean, krum, multi-krum,"
          + " bulyan, cc, ubar), each alone, behind nnm+ and behind bucketing+, x attack (none,"
          + " Gaussian noise, sign flip, label flip, ALIE, IPM) on IID and Dirichlet(1.0, 0.5, 0.1)"
          + " label-skewed shards: 15 trainers, 3 Byzantine. Progress goes to stderr; stdout gets,"
          + " over alpha >= 0.5 (IID included), '<rule>_min_accuracy' and '<rule>_max_gap' (drop"
          + " below FedAvg without attack at the same alpha), FedAvg's accuracy without attack and"
          + " over the honest trainers alone per alpha, '<rule>_best' (best pre-aggregation per"
          + " robust rule), 'min_robust_accuracy' and 'max_gap_to_fedavg' (robust rules at their"
          + " best pre-aggregation); the same with a '_dir<alpha>' suffix for each alpha below 0.5."
          + " About 20 CPU-minutes on Fashion-MNIST, 40 CPU-seconds on digits."
    })
final class BenchRobustnessCommand implements Callable<Integer> {
  @Option(
      names = "--data",
      description =
          "fashion-mnist (a 6,000/1,000/1,000 subset, needs 'apt-get install"
              + " dataset-fashion-mnist') or digits (bundled). Default: fashion-mnist when"
              + " installed, else digits.")
  String data =
      FashionMnistFiles.installed(FashionMnistFiles.DIRECTORY) ? "fashion-mnist" : "digits";

  @Option(
      names = "--rules",
      split = ",",
      description = "Only these job rules, comma-separated (default: all of them).")
  List<String> rules = RobustnessBench.rules();

  @Option(
      names = "--rounds",
      defaultValue = "30",
      description =
          "Training rounds per run (default: ${DEFAULT-VALUE}; at 15 FedAvg is still 3 points"
              + " short of its 40-round accuracy on Fashion-MNIST, 6 on digits).")
  int rounds;

  @Option(
      names = "--alphas",
      split = ",",
      description =
          "Dirichlet label-skew alphas, comma-separated, 'iid' for a uniform split (default:"
              + " iid,1.0,0.5,0.1).")
  List<String> alphas = List.of("iid", "1.0", "0.5", "0.1");

  @Option(
      names = "--seed",
      defaultValue = "7",
      description = "Seed for data subset, shards, training and noise (default: ${DEFAULT-VALUE}).")
  long seed;

  private List<Double> alphas() {
    List<Double> parsed = new ArrayList<>();
    for (String alpha : alphas) {
      if (alpha.equalsIgnoreCase("iid")) {
        parsed.add(Double.POSITIVE_INFINITY);
        continue;
      }
      double value;
      try {
        value = Double.parseDouble(alpha);
      } catch (NumberFormatException e) {
        value = Double.NaN;
      }
      if (!(value > 0) || Double.isInfinite(value)) {
        throw new IllegalArgumentException(
            "--alphas: " + alpha + " is neither 'iid' nor a positive number");
      }
      parsed.add(value);
    }
    return parsed;
  }

  @Override
  public Integer call() {
    for (String rule : rules) {
      if (!FlParameters.isRule(rule)) {
        throw new IllegalArgumentException(
            "--rules: " + rule + " is not " + FlParameters.ruleGrammar());
      }
    }
    BenchData bench =
        switch (data) {
          case "fashion-mnist", "fashion" -> BenchData.fashionMnist(seed);
          case "digits" -> BenchData.digits(seed);
          default ->
              throw new IllegalArgumentException(
                  "--data must be fashion-mnist or digits, not " + data);
        };
    new RobustnessBench(bench, rules, alphas(), rounds, seed, System.out, System.err).run();
    return 0;
  }
}

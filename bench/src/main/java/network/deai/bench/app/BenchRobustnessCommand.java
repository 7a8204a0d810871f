package network.deai.bench.app;

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
      "Test accuracy of every job aggregation rule (fedavg, median, krum, multi-krum, bulyan, ubar,"
          + " cc, nnm+ / bucketing+ in front of median, krum, multi-krum and cc, and nnm+ubar)"
          + " x attack"
          + " (none, Gaussian noise, sign flip, label flip, ALIE, IPM) on Dirichlet(0.5) and"
          + " Dirichlet(1.0) label-skewed shards: 15 trainers, 3 Byzantine. Progress goes to"
          + " stderr; stdout gets '<rule>_min_accuracy', '<rule>_heterogeneity_gap',"
          + " 'fedavg_no_attack_accuracy', 'min_robust_accuracy' (robust rules behind nnm) and"
          + " 'max_gap_to_fedavg'. About 4 minutes on Fashion-MNIST, 30 s on digits (2 cores)."
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
      defaultValue = "15",
      description = "Training rounds per run (default: ${DEFAULT-VALUE}).")
  int rounds;

  @Option(
      names = "--seed",
      defaultValue = "7",
      description = "Seed for data subset, shards, training and noise (default: ${DEFAULT-VALUE}).")
  long seed;

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
    new RobustnessBench(bench, rules, rounds, seed, System.out, System.err).run();
    return 0;
  }
}

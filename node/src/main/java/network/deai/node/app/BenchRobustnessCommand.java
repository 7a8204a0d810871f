package network.deai.node.app;

import java.util.concurrent.Callable;
import network.deai.node.bench.RobustnessBench;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code deai bench robustness}. */
@Command(
    name = "robustness",
    mixinStandardHelpOptions = true,
    description = {
      "Worst benign test accuracy for every aggregation rule x attack (none, Gaussian noise, sign"
          + " flip, label flip, ALIE, IPM) on the bundled digits data: 15 trainers, 3 Byzantine,"
          + " IID and Dirichlet(0.5) shards. Ends with '<rule>_<attack> <accuracy>' lines and"
          + " 'min_robust_accuracy'. Takes about a minute."
    })
final class BenchRobustnessCommand implements Callable<Integer> {
  @Option(
      names = "--rounds",
      defaultValue = "15",
      description = "Training rounds per run (default: ${DEFAULT-VALUE}).")
  int rounds;

  @Option(
      names = "--seed",
      defaultValue = "7",
      description = "Seed for data split, shards and noise (default: ${DEFAULT-VALUE}).")
  long seed;

  @Override
  public Integer call() {
    new RobustnessBench(rounds, seed, System.out).run();
    return 0;
  }
}

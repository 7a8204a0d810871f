package network.deai.bench.app;

import java.util.concurrent.Callable;
import network.deai.bench.ShapleyBench;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code deai bench shapley}. */
@Command(
    name = "shapley",
    mixinStandardHelpOptions = true,
    description = {
      "Shapley estimators (exact, Monte Carlo, truncated Monte Carlo, GTG) on one federated round"
          + " on digits: utility evaluations, time, Spearman correlation with exact; Byzantine"
          + " trainers' values; the credit gained by adding a copied identity, raw and with"
          + " cluster scoring. Ends with machine-readable '<name> <value>' lines."
    })
final class BenchShapleyCommand implements Callable<Integer> {
  @Option(names = "--seed", defaultValue = "7", description = "Seed (default: ${DEFAULT-VALUE}).")
  long seed;

  @Override
  public Integer call() {
    new ShapleyBench(seed, System.out).run();
    return 0;
  }
}

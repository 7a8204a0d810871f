package network.deai.bench.app;

import java.util.concurrent.Callable;
import network.deai.bench.AggregationBench;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code deai bench aggregation}. */
@Command(
    name = "aggregation",
    mixinStandardHelpOptions = true,
    description = {
      "JMH timing of one aggregation of n updates of d floats for fedavg, median, trimmed-mean,"
          + " krum, multi-krum, bulyan and ubar, and the floor (one pass over the n*d floats)."
          + " Prints '<rule> <seconds>'. Needs about (n*d*4 bytes)*2 of heap; takes a few minutes"
          + " at the defaults."
    })
final class BenchAggregationCommand implements Callable<Integer> {
  @Option(
      names = "-n",
      defaultValue = "30",
      description = "Number of updates (default: ${DEFAULT-VALUE}).")
  int n;

  @Option(
      names = "-d",
      defaultValue = "1000000",
      description = "Floats per update (default: ${DEFAULT-VALUE}).")
  int d;

  @Option(
      names = "--iterations",
      defaultValue = "3",
      description = "Measured shots per rule (default: ${DEFAULT-VALUE}).")
  int iterations;

  @Override
  public Integer call() throws Exception {
    new AggregationBench(n, d, iterations, System.out).run();
    return 0;
  }
}

package network.deai.bench.app;

import java.util.concurrent.Callable;
import network.deai.bench.CalibrationBench;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code deai bench calibration}. */
@Command(
    name = "calibration",
    mixinStandardHelpOptions = true,
    description = {
      "SimHash distances for honest float noise (relative 1e-5, 1e-4, 1e-3) and for different"
          + " results, with the recommended SIMILAR maxDistance and its false-slash and"
          + " false-accept rates."
    })
final class BenchCalibrationCommand implements Callable<Integer> {
  @Option(
      names = "--dimension",
      defaultValue = "1000",
      description = "Output vector length (default: ${DEFAULT-VALUE}).")
  int dimension;

  @Option(
      names = "--trials",
      defaultValue = "500",
      description = "Pairs per noise level (default: ${DEFAULT-VALUE}).")
  int trials;

  @Option(names = "--seed", defaultValue = "7", description = "Seed (default: ${DEFAULT-VALUE}).")
  long seed;

  @Override
  public Integer call() {
    new CalibrationBench(dimension, trials, seed, System.out).run();
    return 0;
  }
}

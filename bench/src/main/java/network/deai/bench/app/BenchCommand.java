package network.deai.bench.app;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * Groups the benchmark commands; each prints a table and ends with {@code <name> <value>} lines.
 */
@Command(
    name = "bench",
    mixinStandardHelpOptions = true,
    description = "Benchmarks and experiments that print numbers (see each subcommand's --help).",
    subcommands = {
      BenchRobustnessCommand.class,
      BenchShapleyCommand.class,
      BenchAggregationCommand.class,
      BenchCalibrationCommand.class,
      BenchModelsCommand.class,
      BenchNodeCommand.class,
      BenchSybilCommand.class,
      BenchFaultsCommand.class,
      CommandLine.HelpCommand.class
    })
public final class BenchCommand implements Runnable {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec = CommandLine.Model.CommandSpec.create();

  @Override
  public void run() {
    spec.commandLine().usage(System.out);
  }
}

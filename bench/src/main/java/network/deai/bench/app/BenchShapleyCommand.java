package network.deai.bench.app;

import java.util.List;
import java.util.concurrent.Callable;
import network.deai.bench.ShapleyBench;
import network.deai.bench.ShapleyScaleBench;
import network.deai.node.job.FlParameters;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code deai bench shapley}. */
@Command(
    name = "shapley",
    mixinStandardHelpOptions = true,
    description = {
      "Without --data: Shapley estimators (exact, Monte Carlo, truncated Monte Carlo, GTG) on one"
          + " federated round on digits: utility evaluations, time, Spearman correlation with"
          + " exact; Byzantine trainers' values; the credit gained by adding a copied identity, raw"
          + " and with cluster scoring.",
      "With --data: the same estimators at a job's scale: the job's model (--data,"
          + " --architecture), local training and utility, for each --trainers count (the last"
          + " n/5 sign-flipping), exact up to --exact-max trainers. Per count n and estimator"
          + " (exact, mc = the job's Monte Carlo fallback, tmc, gtg): 'n<N>_<est>_evaluations',"
          + " '_seconds', '_byzantine_max_value', '_byzantine_last' (1 when every Byzantine value"
          + " is below every honest one) and, where exact ran, '_spearman'. Progress on stderr.",
      "Ends with machine-readable '<name> <value>' lines."
    })
final class BenchShapleyCommand implements Callable<Integer> {
  @Option(names = "--seed", defaultValue = "7", description = "Seed (default: ${DEFAULT-VALUE}).")
  long seed;

  @Option(
      names = "--data",
      description =
          "fashion (Fashion-MNIST as the devnet's fl job uses it: 2,000 training images per"
              + " trainer, 1,000 validation; needs 'apt-get install dataset-fashion-mnist') or"
              + " digits; selects the job-scale bench.")
  @Nullable String data;

  @Option(
      names = "--architecture",
      defaultValue = FlParameters.SOFTMAX,
      description = "softmax, mlp:H or cnn:C (default: ${DEFAULT-VALUE}); with --data.")
  String architecture = FlParameters.SOFTMAX;

  @Option(
      names = "--trainers",
      split = ",",
      defaultValue = "10,15,20",
      description = "Trainer counts, comma-separated (default: ${DEFAULT-VALUE}); with --data.")
  List<Integer> trainers = List.of(10, 15, 20);

  @Option(
      names = "--exact-max",
      defaultValue = "12",
      description =
          "Largest trainer count scored by exact Shapley too (default: ${DEFAULT-VALUE}, the"
              + " jobs' exactShapleyMax); with --data.")
  int exactMax;

  @Override
  public Integer call() {
    if (data == null) {
      new ShapleyBench(seed, System.out).run();
      return 0;
    }
    FlParameters job =
        switch (data) {
          case "fashion", "fashion-mnist" -> FlParameters.fashion();
          case "digits" -> FlParameters.digits();
          default ->
              throw new IllegalArgumentException("--data must be fashion or digits, not " + data);
        };
    if (!FlParameters.isArchitecture(architecture)) {
      throw new IllegalArgumentException(
          "--architecture must be " + FlParameters.architectureGrammar() + ": " + architecture);
    }
    new ShapleyScaleBench(
            job.withArchitecture(architecture), exactMax, seed, System.out, System.err)
        .run(trainers);
    return 0;
  }
}

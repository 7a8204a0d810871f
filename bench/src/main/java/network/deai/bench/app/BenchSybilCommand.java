package network.deai.bench.app;

import java.util.concurrent.Callable;
import network.deai.bench.SybilBench;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code deai bench sybil}. */
@Command(
    name = "sybil",
    mixinStandardHelpOptions = true,
    description = {
      "Sybil detection on federated rounds on digits: 10 honest IID and 10 honest Dirichlet(0.5)"
          + " trainers and one owner per Sybil kind (copy, noised, noised_all, seeds, scaled) behind"
          + " 3 identities. Prints per kind the share of Sybil identities clustered with a sibling,"
          + " the share of honest trainers clustered with anyone, and the owner's credit over one"
          + " honest trainer's ('sybil_gain_<kind>'); progress on stderr. About a minute."
    })
final class BenchSybilCommand implements Callable<Integer> {
  @Option(
      names = "--rounds",
      defaultValue = "5",
      description = "Training rounds (default: ${DEFAULT-VALUE}).")
  int rounds;

  @Option(
      names = "--seed",
      defaultValue = "7",
      description = "Seed for data split, shards, training and noise (default: ${DEFAULT-VALUE}).")
  long seed;

  @Override
  public Integer call() {
    new SybilBench(rounds, seed, System.out, System.err).run();
    return 0;
  }
}

package network.deai.node.app;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import network.deai.learning.DigitsDataset;
import network.deai.node.job.FlFiles;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code deai job shard}: a digits shard as a trainer's training data. */
@Command(
    name = "shard",
    mixinStandardHelpOptions = true,
    description = {
      "Write one label-skewed shard of the bundled digits training split as a trainer's"
          + " training_data (safetensors x [rows, 64], y [rows]).",
      "Shards are a Dirichlet(alpha) label split of the training part of the seeded split, so"
          + " the requester's validation set and the held-out test set are never in a shard."
    })
final class JobShardCommand implements Callable<Integer> {
  @Option(names = "--index", required = true, description = "Shard index, 0-based.")
  int index;

  @Option(names = "--of", required = true, description = "Number of shards.")
  int of;

  @Option(
      names = "--alpha",
      defaultValue = "1.0",
      description =
          "Dirichlet concentration of the label split: small values give each shard few labels,"
              + " large ones about all of them (default ${DEFAULT-VALUE}).")
  double alpha = 1.0;

  @Option(names = "--seed", defaultValue = "7", description = "Split seed (the job's seed).")
  long seed = 7;

  @Option(
      names = "--out",
      required = true,
      description = "Safetensors file to write the shard to (x [rows, 64], y [rows]).")
  Path out = Path.of("shard.safetensors");

  @Override
  public Integer call() throws Exception {
    if (of < 1 || index < 0 || index >= of) {
      throw new IllegalArgumentException("need 0 <= --index < --of");
    }
    var shards =
        network.deai.learning.Partitioner.dirichlet(
            DigitsDataset.split(seed).train(), of, alpha, 20, seed);
    var shard = shards.get(index);
    Files.write(out, FlFiles.dataset(shard));
    System.out.printf(
        "wrote %s: %d rows, class counts %s%n",
        out, shard.size(), java.util.Arrays.toString(shard.classCounts()));
    return 0;
  }
}

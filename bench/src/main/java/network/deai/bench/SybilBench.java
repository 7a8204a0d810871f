package network.deai.bench;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import network.deai.incentive.domain.shapley.ClusterShapley;
import network.deai.incentive.domain.shapley.TruncatedMonteCarlo;
import network.deai.learning.CoalitionAccuracy;
import network.deai.learning.DataSplit;
import network.deai.learning.Dataset;
import network.deai.learning.DigitsDataset;
import network.deai.learning.LocalTrainer;
import network.deai.learning.Partitioner;
import network.deai.learning.SoftmaxModel;
import network.deai.learning.TrainingConfig;
import network.deai.node.job.FlParameters;
import network.deai.node.job.RoundComputation;
import network.deai.verifier.domain.aggregation.ModelUpdate;
import network.deai.verifier.domain.sybil.DuplicateClusters;
import network.deai.verifier.domain.sybil.IdentityHistory;
import network.deai.verifier.domain.sybil.SybilClusters;
import org.jspecify.annotations.Nullable;

/**
 * Sybil detection on federated rounds on digits: 10 honest trainers on IID shards, 10 on
 * Dirichlet(0.5) shards (the two halves of the training set), and one owner per {@link SybilKind}
 * with its own IID shard behind {@value #IDENTITIES} identities. Each round runs the job's round
 * computation ({@link RoundComputation}, default parameters, with each identity's Sybil history
 * carried from round to round); per kind it prints the share of Sybil identities clustered with a
 * sibling, the share of honest trainers clustered with anyone or weighted below 1, and the owner's
 * total credit over one honest IID trainer's, with the job's rule and, for comparison, the job's
 * rule with weights from each round alone (no history), with no clustering and with raw-cosine
 * duplicate clustering.
 */
@SuppressWarnings("EnumOrdinal") // identities are laid out in SybilKind order
public final class SybilBench {
  static final int HONEST_IID = 10;
  static final int HONEST_DIRICHLET = 10;
  static final int IDENTITIES = 3;
  private static final double[] SWEEP = {0.5, 0.6, 0.7, 0.8, 0.9};

  private final int rounds;
  private final long seed;
  private final PrintStream out;
  private final PrintStream progress;
  private final FlParameters parameters = FlParameters.digits();
  private final SoftmaxModel model = SoftmaxModel.digits();
  private final LocalTrainer trainer = new LocalTrainer(model);

  /** A bench of {@code rounds} rounds seeded by {@code seed}; progress goes to {@code progress}. */
  public SybilBench(int rounds, long seed, PrintStream out, PrintStream progress) {
    this.rounds = rounds;
    this.seed = seed;
    this.out = out;
    this.progress = progress;
  }

  /** Runs the rounds and prints the table and the summary lines. */
  public void run() {
    DataSplit split = DigitsDataset.split(seed);
    int[][] halves = Partitioner.iidIndices(split.train().size(), 2, seed);
    int owners = SybilKind.values().length;
    List<Dataset> iid = Partitioner.iid(split.train().subset(halves[0]), HONEST_IID + owners, seed);
    List<Dataset> dirichlet =
        Partitioner.dirichlet(
            split.train().subset(halves[1]),
            HONEST_DIRICHLET,
            Partitioner.REFERENCE_ALPHA,
            10,
            seed);
    SybilTally tally = new SybilTally(HONEST_IID, HONEST_DIRICHLET, IDENTITIES, SWEEP);
    float[] global = model.initialParameters(seed);
    List<@Nullable IdentityHistory> histories = new ArrayList<>();
    for (int round = 0; round < rounds; round++) {
      long started = System.nanoTime();
      List<float[]> updates = updates(global, iid, dirichlet, round);
      List<ModelUpdate> wrapped = new ArrayList<>();
      for (int k = 0; k < updates.size(); k++) {
        wrapped.add(new ModelUpdate(k, updates.get(k), 1));
      }
      while (histories.size() < updates.size()) {
        histories.add(null);
      }
      RoundComputation.Result result =
          RoundComputation.compute(
              model,
              global,
              new ArrayList<>(updates),
              0,
              split.validation(),
              parameters,
              seed,
              histories);
      for (int k = 0; k < updates.size(); k++) {
        histories.set(k, result.histories().get(k));
      }
      tally.add("job", result.clusters(), result.values());
      tally.weights(result.weights());
      RoundComputation.Result unweighted =
          RoundComputation.compute(
              model, global, new ArrayList<>(updates), 0, split.validation(), parameters, seed);
      tally.add("job-one-round", unweighted.clusters(), unweighted.values());
      tally.add(
          "none",
          singletons(updates.size()),
          credit(global, updates, split, singletons(updates.size())));
      List<List<Integer>> duplicates = DuplicateClusters.cluster(wrapped, 0.9);
      tally.add("raw-cosine-0.9", duplicates, credit(global, updates, split, duplicates));
      for (double t : SWEEP) {
        tally.sweep(t, SybilClusters.cluster(wrapped, t));
      }
      global = result.model();
      progress.printf(
          Locale.ROOT,
          "round %d/%d: %d clusters, accuracy %.4f, %.1f s%n",
          round + 1,
          rounds,
          result.clusters().size(),
          model.accuracy(global, split.test()),
          (System.nanoTime() - started) / 1e9);
    }
    tally.print(out, parameters.sybilCosine());
  }

  /** Honest IID, honest Dirichlet, then each owner's identities in {@link SybilKind} order. */
  private List<float[]> updates(
      float[] global, List<Dataset> iid, List<Dataset> dirichlet, int round) {
    TrainingConfig config = parameters.training();
    List<float[]> updates = new ArrayList<>();
    for (int k = 0; k < HONEST_IID; k++) {
      updates.add(trainer.train(global, iid.get(k), config, seedOf(round, k)));
    }
    for (int k = 0; k < HONEST_DIRICHLET; k++) {
      updates.add(trainer.train(global, dirichlet.get(k), config, seedOf(round, 100 + k)));
    }
    SplittableRandom rng = new SplittableRandom(seedOf(round, 999));
    for (SybilKind kind : SybilKind.values()) {
      Dataset shard = iid.get(HONEST_IID + kind.ordinal());
      int owner = 200 + 10 * kind.ordinal();
      updates.addAll(
          kind.identities(
              IDENTITIES,
              s -> trainer.train(global, shard, config, seedOf(round, owner + s)),
              rng));
    }
    return updates;
  }

  private long seedOf(int round, int identity) {
    return seed * 1_000_003L + round * 10_007L + identity;
  }

  /** Per-identity Shapley values with {@code players} as the clusters. */
  private double[] credit(
      float[] global, List<float[]> updates, DataSplit split, List<List<Integer>> players) {
    return new ClusterShapley(
            new TruncatedMonteCarlo(parameters.permutations(), 0.0, new SplittableRandom(seed)))
        .estimate(
            players,
            updates.size(),
            new CoalitionAccuracy(model, global, updates, split.validation(), true))
        .values();
  }

  private static List<List<Integer>> singletons(int n) {
    List<List<Integer>> out = new ArrayList<>();
    for (int k = 0; k < n; k++) {
      out.add(List.of(k));
    }
    return out;
  }
}

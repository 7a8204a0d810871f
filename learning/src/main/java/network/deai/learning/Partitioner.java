package network.deai.learning;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Splits a data set into client shards, IID or label-skewed (non-IID).
 *
 * <p>Guarantees: every row of the input lands in exactly one shard; each shard lists its rows in
 * ascending index order; the result is a pure function of the arguments (same seed, same shards, on
 * every JVM).
 */
public final class Partitioner {

  /** The reference concentration for non-IID experiments (Hsu et al. 2019; Wang et al. 2020). */
  public static final double REFERENCE_ALPHA = 0.5;

  private static final int MAX_DIRICHLET_ATTEMPTS = 100;

  private Partitioner() {}

  /** IID shards: a seeded shuffle cut into {@code shards} parts whose sizes differ by at most 1. */
  public static List<Dataset> iid(Dataset data, int shards, long seed) {
    return shardsOf(data, iidIndices(data.size(), shards, seed));
  }

  /** Row indices of {@link #iid}: {@code result[s]} are the rows of shard {@code s}. */
  public static int[][] iidIndices(int rows, int shards, long seed) {
    checkShards(rows, shards, 1);
    int[] order = Sampler.permutation(new SplittableRandom(seed), rows);
    int[][] result = new int[shards][];
    for (int s = 0; s < shards; s++) {
      int from = (int) ((long) s * rows / shards);
      int to = (int) ((long) (s + 1) * rows / shards);
      result[s] = Arrays.copyOfRange(order, from, to);
      Arrays.sort(result[s]);
    }
    return result;
  }

  /**
   * Label-skewed shards: Dirichlet(alpha) label split, as in {@link #dirichletIndices}.
   *
   * @param alpha concentration; smaller is more skewed ({@link #REFERENCE_ALPHA} is the reference)
   * @param minPerShard every shard gets at least this many rows
   */
  public static List<Dataset> dirichlet(
      Dataset data, int shards, double alpha, int minPerShard, long seed) {
    return shardsOf(
        data, dirichletIndices(data.y(), data.classes(), shards, alpha, minPerShard, seed));
  }

  /**
   * Dirichlet label split as in NIID-Bench (Li et al. 2022): for each class in turn, its rows are
   * shuffled, a proportion vector is drawn from Dirichlet(alpha) over the shards, shards already
   * holding {@code rows / shards} or more are given proportion 0 (the rest renormalised), and the
   * class is cut at the cumulative proportions. The whole draw is repeated (the generator running
   * on) until every shard has {@code minPerShard} rows; after {@value #MAX_DIRICHLET_ATTEMPTS}
   * failed draws, the last one is repaired by moving the highest-index row of the largest shard to
   * the smallest (lowest shard index on ties), one row at a time. Gamma draws use Marsaglia–Tsang
   * ({@link Sampler}); if every draw of a class is 0 the class is spread evenly.
   *
   * @throws IllegalArgumentException if {@code shards × minPerShard > rows} or alpha is not
   *     positive
   */
  public static int[][] dirichletIndices(
      int[] labels, int classes, int shards, double alpha, int minPerShard, long seed) {
    checkShards(labels.length, shards, minPerShard);
    if (!(alpha > 0) || Double.isInfinite(alpha)) {
      throw new IllegalArgumentException("alpha must be positive and finite, got " + alpha);
    }
    SplittableRandom rng = new SplittableRandom(seed);
    int[][] byClass = DataSplit.indicesByClass(labels, classes);
    int[] shardOf = new int[labels.length];
    int[] sizes = drawOnce(rng, byClass, shards, alpha, shardOf);
    for (int attempt = 1; attempt < MAX_DIRICHLET_ATTEMPTS && min(sizes) < minPerShard; attempt++) {
      sizes = drawOnce(rng, byClass, shards, alpha, shardOf);
    }
    repair(shardOf, sizes, minPerShard);
    return bucket(shardOf, sizes);
  }

  /** Assigns every row a shard in {@code shardOf}; returns the shard sizes. */
  private static int[] drawOnce(
      SplittableRandom rng, int[][] byClass, int shards, double alpha, int[] shardOf) {
    int[] sizes = new int[shards];
    for (int[] classRows : byClass) {
      int[] shuffled = classRows.clone();
      Sampler.shuffle(rng, shuffled);
      double[] p = Sampler.dirichlet(rng, alpha, shards);
      double sum = 0;
      for (int s = 0; s < shards; s++) {
        if ((long) sizes[s] * shards >= shardOf.length) {
          p[s] = 0;
        }
        sum += p[s];
      }
      double cumulative = 0;
      int from = 0;
      for (int s = 0; s < shards; s++) {
        cumulative += sum > 0 ? p[s] / sum : 1.0 / shards;
        int cut = s == shards - 1 ? shuffled.length : (int) (cumulative * shuffled.length);
        int to = Math.max(from, Math.min(cut, shuffled.length));
        for (int i = from; i < to; i++) {
          shardOf[shuffled[i]] = s;
        }
        sizes[s] += to - from;
        from = to;
      }
    }
    return sizes;
  }

  /** Moves the highest-index row of the largest shard to the smallest until all are big enough. */
  private static void repair(int[] shardOf, int[] sizes, int minPerShard) {
    while (min(sizes) < minPerShard) {
      int largest = 0;
      int smallest = 0;
      for (int s = 1; s < sizes.length; s++) {
        largest = sizes[s] > sizes[largest] ? s : largest;
        smallest = sizes[s] < sizes[smallest] ? s : smallest;
      }
      int row = shardOf.length - 1;
      while (shardOf[row] != largest) {
        row--;
      }
      shardOf[row] = smallest;
      sizes[largest]--;
      sizes[smallest]++;
    }
  }

  private static int[][] bucket(int[] shardOf, int[] sizes) {
    int[][] result = new int[sizes.length][];
    for (int s = 0; s < sizes.length; s++) {
      result[s] = new int[sizes[s]];
    }
    int[] filled = new int[sizes.length];
    for (int row = 0; row < shardOf.length; row++) {
      result[shardOf[row]][filled[shardOf[row]]++] = row;
    }
    return result;
  }

  private static int min(int[] values) {
    int min = Integer.MAX_VALUE;
    for (int value : values) {
      min = Math.min(min, value);
    }
    return min;
  }

  private static void checkShards(int rows, int shards, int minPerShard) {
    if (shards < 1 || minPerShard < 0 || (long) shards * Math.max(1, minPerShard) > rows) {
      throw new IllegalArgumentException(
          rows + " rows cannot fill " + shards + " shards of at least " + minPerShard);
    }
  }

  private static List<Dataset> shardsOf(Dataset data, int[][] indices) {
    List<Dataset> shards = new ArrayList<>(indices.length);
    for (int[] rows : indices) {
      shards.add(data.subset(rows));
    }
    return List.copyOf(shards);
  }
}

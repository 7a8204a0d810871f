package network.deai.verifier.domain.aggregation;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Bucketing (Karimireddy, He and Jaggi 2022, "Byzantine-Robust Learning on Heterogeneous Datasets
 * via Bucketing"): shuffle the n updates with the round's seed and average consecutive buckets of
 * {@code s}, so the rule sees ⌈n/s⌉ less heterogeneous means.
 *
 * <p>Bit-exact definition: positions {@code 0..n−1} are shuffled by Fisher–Yates from the last
 * position down, swapping position {@code i} with {@code new SplittableRandom(seed).nextInt(i +
 * 1)}; bucket {@code b} holds shuffled positions {@code b·s .. min(n, (b+1)·s) − 1}. A bucket's
 * update is the mean of its members taken in ascending list position, in double, rounded to float
 * once; its worker id is the smallest member worker id and its sample count the members' sum.
 */
public final class Bucketing implements PreAggregation {
  private final int size;
  private final long seed;
  private final int threads;

  /** Buckets of {@code size} updates, shuffled with {@code seed}. */
  public Bucketing(int size, long seed) {
    this(size, seed, 1);
  }

  /** Bucketing computing means on {@code threads} threads. */
  public Bucketing(int size, long seed, int threads) {
    if (size < 1) {
      throw new IllegalArgumentException("bucket size must be >= 1, got " + size);
    }
    this.size = size;
    this.seed = seed;
    this.threads = threads;
  }

  @Override
  public Mixed apply(List<ModelUpdate> updates) {
    Vectors.dimension(updates);
    int n = updates.size();
    int[] order = new int[n];
    for (int i = 0; i < n; i++) {
      order[i] = i;
    }
    SplittableRandom rng = new SplittableRandom(seed);
    for (int i = n - 1; i > 0; i--) {
      int j = rng.nextInt(i + 1);
      int t = order[i];
      order[i] = order[j];
      order[j] = t;
    }
    List<ModelUpdate> buckets = new ArrayList<>();
    Map<Integer, List<Integer>> members = new HashMap<>();
    for (int from = 0; from < n; from += size) {
      List<Integer> bucket = new ArrayList<>();
      for (int k = from; k < Math.min(n, from + size); k++) {
        bucket.add(order[k]);
      }
      bucket.sort(null);
      long samples = 0;
      for (int index : bucket) {
        samples += updates.get(index).samples();
      }
      List<Integer> workers = Vectors.workers(updates, bucket);
      buckets.add(new ModelUpdate(workers.get(0), Vectors.mean(updates, bucket, threads), samples));
      members.put(workers.get(0), workers);
    }
    return new Mixed(buckets, members);
  }

  @Override
  public String name() {
    return "bucketing";
  }
}

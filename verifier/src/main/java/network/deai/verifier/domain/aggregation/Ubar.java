package network.deai.verifier.domain.aggregation;

import java.util.ArrayList;
import java.util.List;
import java.util.function.ToDoubleFunction;

/**
 * UBAR (Guo et al. 2021, "Towards Byzantine-resilient Learning in Decentralized Systems"), from one
 * benign node's point of view. Stage 1 keeps the ⌈ρ·|N|⌉ candidates closest (Euclidean) to the
 * node's own vector (ties: lowest worker id). Stage 2 keeps those whose loss on the node's own
 * batch is at most the node's own loss; if none qualifies, the stage-1 candidate with the lowest
 * loss. The result is the unweighted mean of the kept vectors; the paper's final mixing with the
 * node's own model ({@code α·own + (1−α)·mean}) is left to the caller.
 */
public final class Ubar implements AggregationRule {
  private final double rho;
  private final float[] own;
  private final ToDoubleFunction<float[]> lossOnOwnBatch;
  private final int threads;

  /**
   * @param rho fraction of candidates kept in stage 1, in (0, 1]; the paper sets it to the assumed
   *     fraction of benign neighbours
   * @param own the node's own vector, in the same space as the candidates
   * @param lossOnOwnBatch loss of a candidate vector on the node's own training batch
   */
  public Ubar(double rho, float[] own, ToDoubleFunction<float[]> lossOnOwnBatch) {
    this(rho, own, lossOnOwnBatch, 1);
  }

  /** UBAR computing distances on {@code threads} threads. */
  public Ubar(double rho, float[] own, ToDoubleFunction<float[]> lossOnOwnBatch, int threads) {
    if (!(rho > 0 && rho <= 1)) {
      throw new IllegalArgumentException("rho must be in (0, 1], got " + rho);
    }
    this.rho = rho;
    this.own = own;
    this.lossOnOwnBatch = lossOnOwnBatch;
    this.threads = threads;
  }

  @Override
  public AggregationResult aggregate(List<ModelUpdate> updates) {
    int d = Vectors.dimension(updates);
    if (own.length != d) {
      throw new IllegalArgumentException("own vector has dimension " + own.length + ", not " + d);
    }
    int n = updates.size();
    double[] distance = new double[n];
    Parallel.forEach(threads, n, i -> distance[i] = Vectors.squared(own, updates.get(i).delta()));
    List<Integer> order = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      order.add(i);
    }
    order.sort(
        (x, y) -> {
          int c = Double.compare(distance[x], distance[y]);
          return c != 0 ? c : Integer.compare(updates.get(x).worker(), updates.get(y).worker());
        });
    int keep = (int) Math.ceil(rho * n - 1e-9);
    List<Integer> stageOne = order.subList(0, Math.max(1, Math.min(n, keep)));
    double ownLoss = lossOnOwnBatch.applyAsDouble(own);
    List<Integer> stageTwo = new ArrayList<>();
    int best = stageOne.get(0);
    double bestLoss = Double.POSITIVE_INFINITY;
    for (int i : stageOne) {
      double loss = lossOnOwnBatch.applyAsDouble(updates.get(i).delta());
      if (loss <= ownLoss) {
        stageTwo.add(i);
      }
      if (loss < bestLoss) {
        bestLoss = loss;
        best = i;
      }
    }
    if (stageTwo.isEmpty()) {
      stageTwo.add(best);
    }
    stageTwo.sort(null);
    return Vectors.result(updates, stageTwo, Vectors.mean(updates, stageTwo, threads));
  }

  @Override
  public String name() {
    return "ubar";
  }
}

package network.deai.incentive.domain.shapley;

import java.util.random.RandomGenerator;

/**
 * GTG-Shapley (Liu et al. 2022, "GTG-Shapley: Efficient and Accurate Participant Contribution
 * Evaluation in Federated Learning"), for one round. Kept: between-round truncation (if |v(N) −
 * v(∅)| ≤ {@code roundTolerance} every value is 0), guided permutations (permutation k starts with
 * player k mod n), within-round truncation (stop a scan once |v(N) − v(S)| < {@code
 * tolerance}·|v(N)|), and the convergence test (stop once the mean relative change of the estimates
 * over the last n permutations is below {@code convergence}, after at least 2n permutations, capped
 * at {@code maxPermutations}). Left out: reusing models across rounds.
 */
public final class GtgShapley implements ShapleyEstimator {
  private final int maxPermutations;
  private final double tolerance;
  private final double roundTolerance;
  private final double convergence;
  private final RandomGenerator rng;

  /** GTG-Shapley with the paper's kind of parameters. */
  public GtgShapley(
      int maxPermutations,
      double tolerance,
      double roundTolerance,
      double convergence,
      RandomGenerator rng) {
    if (maxPermutations < 1) {
      throw new IllegalArgumentException("maxPermutations must be >= 1");
    }
    this.maxPermutations = maxPermutations;
    this.tolerance = tolerance;
    this.roundTolerance = roundTolerance;
    this.convergence = convergence;
    this.rng = rng;
  }

  @Override
  public ShapleyResult estimate(int players, CoalitionUtility utility) {
    MemoizedUtility.checkPlayers(players);
    MemoizedUtility v = new MemoizedUtility(utility);
    double grand = v.value(MemoizedUtility.all(players));
    if (Math.abs(grand - v.value(0)) <= roundTolerance) {
      return new ShapleyResult(new double[players], v.evaluations());
    }
    double[] sum = new double[players];
    double[] previous = new double[players];
    int done = 0;
    while (done < maxPermutations) {
      int batch = Math.min(players, maxPermutations - done);
      double[] part = Permutations.scan(players, batch, v, rng, 0, tolerance, grand);
      for (int i = 0; i < players; i++) {
        sum[i] += part[i] * batch;
      }
      done += batch;
      double[] current = new double[players];
      for (int i = 0; i < players; i++) {
        current[i] = sum[i] / done;
      }
      if (done >= 2 * players && relativeChange(previous, current) < convergence) {
        return new ShapleyResult(current, v.evaluations());
      }
      previous = current;
    }
    double[] phi = new double[players];
    for (int i = 0; i < players; i++) {
      phi[i] = sum[i] / done;
    }
    return new ShapleyResult(phi, v.evaluations());
  }

  private static double relativeChange(double[] before, double[] after) {
    double change = 0;
    for (int i = 0; i < after.length; i++) {
      change += Math.abs(after[i] - before[i]) / Math.max(1e-12, Math.abs(after[i]));
    }
    return change / after.length;
  }

  @Override
  public String name() {
    return "gtg";
  }
}

package network.deai.incentive.domain.shapley;

import java.util.random.RandomGenerator;

/**
 * TMC-Shapley (Ghorbani and Zou 2019, "Data Shapley"): permutation sampling that stops scanning a
 * permutation once the coalition's utility is within {@code tolerance}·|v(N)| of the grand
 * coalition's; the remaining players get a zero marginal contribution for that permutation.
 */
public final class TruncatedMonteCarlo implements ShapleyEstimator {
  private final int permutations;
  private final double tolerance;
  private final RandomGenerator rng;

  /** TMC with {@code permutations} orderings and relative truncation {@code tolerance}. */
  public TruncatedMonteCarlo(int permutations, double tolerance, RandomGenerator rng) {
    if (permutations < 1 || tolerance < 0) {
      throw new IllegalArgumentException("need permutations >= 1 and tolerance >= 0");
    }
    this.permutations = permutations;
    this.tolerance = tolerance;
    this.rng = rng;
  }

  @Override
  public ShapleyResult estimate(int players, CoalitionUtility utility) {
    MemoizedUtility.checkPlayers(players);
    MemoizedUtility v = new MemoizedUtility(utility);
    double grand = v.value(MemoizedUtility.all(players));
    double[] phi = Permutations.scan(players, permutations, v, rng, -1, tolerance, grand);
    return new ShapleyResult(phi, v.evaluations());
  }

  @Override
  public String name() {
    return "truncated-mc";
  }
}

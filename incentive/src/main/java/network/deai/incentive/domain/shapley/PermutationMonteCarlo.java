package network.deai.incentive.domain.shapley;

import java.util.random.RandomGenerator;

/**
 * Permutation sampling (Castro, Gómez and Tejada 2009): average each player's marginal contribution
 * over random orderings. Unbiased; memoises coalitions within one estimate.
 */
public final class PermutationMonteCarlo implements ShapleyEstimator {
  private final int permutations;
  private final RandomGenerator rng;

  /** Samples {@code permutations} orderings from {@code rng}. */
  public PermutationMonteCarlo(int permutations, RandomGenerator rng) {
    if (permutations < 1) {
      throw new IllegalArgumentException("permutations must be >= 1, got " + permutations);
    }
    this.permutations = permutations;
    this.rng = rng;
  }

  @Override
  public ShapleyResult estimate(int players, CoalitionUtility utility) {
    MemoizedUtility v = new MemoizedUtility(utility);
    double[] phi = Permutations.scan(players, permutations, v, rng, -1, 0.0, 0.0);
    return new ShapleyResult(phi, v.evaluations());
  }

  @Override
  public String name() {
    return "monte-carlo";
  }
}

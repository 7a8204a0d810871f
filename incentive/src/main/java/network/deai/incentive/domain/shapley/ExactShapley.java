package network.deai.incentive.domain.shapley;

/**
 * Exact Shapley values: φᵢ = Σ_{S ⊆ N∖{i}} |S|!(n−|S|−1)!/n! · (v(S ∪ {i}) − v(S)), evaluating each
 * of the 2ⁿ coalitions exactly once. Limited to n ≤ 20 players.
 */
public final class ExactShapley implements ShapleyEstimator {
  /** Largest supported number of players. */
  public static final int MAX_PLAYERS = 20;

  @Override
  public ShapleyResult estimate(int players, CoalitionUtility utility) {
    if (players < 1 || players > MAX_PLAYERS) {
      throw new IllegalArgumentException(
          "exact Shapley supports 1.." + MAX_PLAYERS + " players, got " + players);
    }
    int coalitions = 1 << players;
    double[] v = new double[coalitions];
    for (int mask = 0; mask < coalitions; mask++) {
      v[mask] = utility.value(mask);
    }
    double[] weight = weights(players);
    double[] phi = new double[players];
    for (int mask = 0; mask < coalitions; mask++) {
      double w = weight[Integer.bitCount(mask)];
      for (int i = 0; i < players; i++) {
        if ((mask & (1 << i)) == 0) {
          phi[i] += w * (v[mask | (1 << i)] - v[mask]);
        }
      }
    }
    return new ShapleyResult(phi, coalitions);
  }

  /** w[s] = s!(n−s−1)!/n!, computed as 1 / (n · C(n−1, s)); w[n] = 0 (no player is outside). */
  private static double[] weights(int n) {
    double[] w = new double[n + 1];
    double binomial = 1;
    for (int s = 0; s < n; s++) {
      w[s] = 1.0 / (n * binomial);
      binomial = binomial * (n - 1 - s) / (s + 1);
    }
    return w;
  }

  @Override
  public String name() {
    return "exact";
  }
}

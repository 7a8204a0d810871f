package network.deai.incentive.domain.shapley;

/** Estimates Shapley values of {@code players} (at most 62) under a utility. */
public interface ShapleyEstimator {
  /** Estimates every player's value. */
  ShapleyResult estimate(int players, CoalitionUtility utility);

  /** Short name used in reports. */
  String name();
}

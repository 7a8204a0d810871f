package network.deai.incentive.domain.shapley;

/** Utility of a coalition, given as a bit mask over players (bit i set ⇔ player i is in it). */
@FunctionalInterface
public interface CoalitionUtility {
  /** The utility of the coalition {@code mask}. */
  double value(long mask);
}

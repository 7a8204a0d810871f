package network.deai.incentive.domain.shapley;

import java.util.HashMap;
import java.util.Map;

/** Evaluates each coalition at most once and counts the distinct evaluations. */
final class MemoizedUtility {
  private final CoalitionUtility utility;
  private final Map<Long, Double> cache = new HashMap<>();

  MemoizedUtility(CoalitionUtility utility) {
    this.utility = utility;
  }

  double value(long mask) {
    Double cached = cache.get(mask);
    if (cached != null) {
      return cached;
    }
    double v = utility.value(mask);
    cache.put(mask, v);
    return v;
  }

  long evaluations() {
    return cache.size();
  }

  static void checkPlayers(int players) {
    if (players < 1 || players > 62) {
      throw new IllegalArgumentException("players must be in 1..62, got " + players);
    }
  }

  static long all(int players) {
    return (1L << players) - 1;
  }
}

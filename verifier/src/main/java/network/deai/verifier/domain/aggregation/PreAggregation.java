package network.deai.verifier.domain.aggregation;

import java.util.List;
import java.util.Map;

/**
 * A step in front of a robust rule that turns n updates into new ones (nearest-neighbour mixing,
 * bucketing), so that the rule sees less heterogeneity. Bitwise deterministic like the rules.
 */
public interface PreAggregation {
  /**
   * The updates the rule sees instead, and for each of their worker ids the input workers it stands
   * for (a worker id maps to itself when an output keeps its input's identity).
   */
  Mixed apply(List<ModelUpdate> updates);

  /** Short name used in rule names, e.g. {@code nnm} in {@code nnm+median}. */
  String name();

  /**
   * Pre-aggregated updates.
   *
   * @param updates what the rule aggregates
   * @param members for each output worker id, the input worker ids behind it
   */
  record Mixed(List<ModelUpdate> updates, Map<Integer, List<Integer>> members) {
    /** Copies both. */
    public Mixed {
      updates = List.copyOf(updates);
      members = Map.copyOf(members);
    }
  }
}

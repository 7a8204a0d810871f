package network.deai.verifier.domain.aggregation;

import java.util.List;

/**
 * A rule that combines n updates of equal dimension into one. Implementations are bitwise
 * deterministic: the same updates in the same order give the same bytes, for any thread count.
 */
public interface AggregationRule {
  /** Aggregates {@code updates} (all of the same dimension, at least one). */
  AggregationResult aggregate(List<ModelUpdate> updates);

  /** Short name used in reports, e.g. {@code multi-krum}. */
  String name();
}

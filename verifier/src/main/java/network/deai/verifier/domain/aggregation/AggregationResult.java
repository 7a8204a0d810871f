package network.deai.verifier.domain.aggregation;

import java.util.List;

/**
 * The aggregate and which workers' updates it was built from.
 *
 * @param aggregate the aggregated vector
 * @param kept worker ids whose updates contributed, ascending
 * @param excluded worker ids the rule rejected, ascending
 */
@SuppressWarnings("ArrayRecordComponent") // vectors of up to millions of floats are not copied
public record AggregationResult(float[] aggregate, List<Integer> kept, List<Integer> excluded) {
  /** Copies the id lists. */
  public AggregationResult {
    kept = List.copyOf(kept);
    excluded = List.copyOf(excluded);
  }
}

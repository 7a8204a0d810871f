package network.deai.incentive.domain.shapley;

/** Estimated Shapley values, one per player, and how many distinct coalitions were evaluated. */
@SuppressWarnings("ArrayRecordComponent") // a small per-player vector handed to the caller
public record ShapleyResult(double[] values, long utilityEvaluations) {}

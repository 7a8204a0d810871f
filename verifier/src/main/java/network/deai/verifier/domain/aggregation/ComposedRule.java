package network.deai.verifier.domain.aggregation;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * Pre-aggregation steps followed by a robust rule, e.g. {@code nnm+median} or {@code
 * bucketing+krum}: the steps run in order, the rule aggregates what they produce, and the rule's
 * kept and excluded ids are mapped back to the input workers behind them (a bucket's members).
 */
public final class ComposedRule implements AggregationRule {
  private final List<PreAggregation> steps;
  private final AggregationRule rule;

  /** {@code steps} in the order they run, then {@code rule}. */
  public ComposedRule(List<PreAggregation> steps, AggregationRule rule) {
    this.steps = List.copyOf(steps);
    this.rule = rule;
  }

  @Override
  public AggregationResult aggregate(List<ModelUpdate> updates) {
    List<ModelUpdate> current = updates;
    List<Map<Integer, List<Integer>>> maps = new ArrayList<>();
    for (PreAggregation step : steps) {
      PreAggregation.Mixed mixed = step.apply(current);
      current = mixed.updates();
      maps.add(mixed.members());
    }
    AggregationResult result = rule.aggregate(current);
    return new AggregationResult(
        result.aggregate(), expand(result.kept(), maps), expand(result.excluded(), maps));
  }

  private static List<Integer> expand(List<Integer> ids, List<Map<Integer, List<Integer>>> maps) {
    TreeSet<Integer> current = new TreeSet<>(ids);
    for (int k = maps.size() - 1; k >= 0; k--) {
      TreeSet<Integer> before = new TreeSet<>();
      for (int id : current) {
        before.addAll(maps.get(k).getOrDefault(id, List.of(id)));
      }
      current = before;
    }
    return new ArrayList<>(current);
  }

  @Override
  public String name() {
    StringBuilder name = new StringBuilder();
    for (PreAggregation step : steps) {
      name.append(step.name()).append('+');
    }
    return name.append(rule.name()).toString();
  }
}

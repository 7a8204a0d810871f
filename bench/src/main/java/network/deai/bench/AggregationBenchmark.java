package network.deai.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import network.deai.verifier.domain.aggregation.AggregationRule;
import network.deai.verifier.domain.aggregation.Bulyan;
import network.deai.verifier.domain.aggregation.CoordinateMedian;
import network.deai.verifier.domain.aggregation.FedAvg;
import network.deai.verifier.domain.aggregation.Krum;
import network.deai.verifier.domain.aggregation.ModelUpdate;
import network.deai.verifier.domain.aggregation.MultiKrum;
import network.deai.verifier.domain.aggregation.TrimmedMean;
import network.deai.verifier.domain.aggregation.Ubar;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * JMH: one aggregation of n updates of d floats by each rule, and the floor (one pass summing all
 * n·d floats). Rules run on {@code threads} threads (every core by default). UBAR's loss is a
 * stand-in (squared distance to its own vector over the first 10,000 coordinates), since its cost
 * on a real model depends on the model, not on the rule.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.SECONDS)
public class AggregationBenchmark {
  /** Rule under test. */
  @Param({"floor", "fedavg", "median", "trimmed-mean", "krum", "multi-krum", "bulyan", "ubar"})
  public String rule = "floor";

  /** Number of updates. */
  @Param("30")
  public int n = 30;

  /** Dimension of each update. */
  @Param("1000000")
  public int d = 1_000_000;

  /** Threads used by the rules. */
  @Param("0")
  public int threads = 0;

  private List<ModelUpdate> updates = List.of();
  private AggregationRule aggregation = new FedAvg();

  /** Builds the updates (seeded Gaussian) and the rule. */
  @Setup(Level.Trial)
  public void setUp() {
    SplittableRandom rng = new SplittableRandom(17);
    List<ModelUpdate> list = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      float[] v = new float[d];
      for (int j = 0; j < d; j++) {
        v[j] = (float) rng.nextGaussian();
      }
      list.add(new ModelUpdate(i, v, 100));
    }
    updates = list;
    int t = threads > 0 ? threads : Runtime.getRuntime().availableProcessors();
    aggregation = rule(rule, t, list.get(0).delta(), n / 10);
  }

  static AggregationRule rule(String name, int t, float[] own, int f) {
    return switch (name) {
      case "floor", "fedavg" -> new FedAvg(t);
      case "median" -> new CoordinateMedian(t);
      case "trimmed-mean" -> new TrimmedMean(f, t);
      case "krum" -> new Krum(f, t);
      case "multi-krum" -> new MultiKrum(f, own.length > 0 ? 20 : 1, t);
      case "bulyan" -> new Bulyan(f, t);
      case "ubar" -> new Ubar(0.7, own, v -> ownDistance(own, v), t);
      default -> throw new IllegalArgumentException("unknown rule " + name);
    };
  }

  private static double ownDistance(float[] own, float[] v) {
    double s = 0;
    for (int j = 0; j < Math.min(10_000, own.length); j++) {
      double diff = (double) own[j] - v[j];
      s += diff * diff;
    }
    return s;
  }

  /** One aggregation (or, for "floor", one summing pass over all n·d floats). */
  @Benchmark
  public double aggregate() {
    if (rule.equals("floor")) {
      double s = 0;
      for (ModelUpdate u : updates) {
        float[] v = u.delta();
        for (float x : v) {
          s += x;
        }
      }
      return s;
    }
    return aggregation.aggregate(updates).aggregate()[0];
  }
}

package network.deai.bench;

import java.io.PrintStream;
import java.util.Collection;
import java.util.Locale;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.Options;
import org.openjdk.jmh.runner.options.OptionsBuilder;

/**
 * Runs {@link AggregationBenchmark} through JMH (one fork, warm-up then measured single shots) and
 * prints {@code <rule> <seconds>} per rule plus {@code floor <seconds>} and each rule's multiple of
 * the floor.
 */
public final class AggregationBench {
  private final int n;
  private final int d;
  private final int iterations;
  private final PrintStream out;

  /** A bench of {@code n} updates of {@code d} floats, {@code iterations} measured shots. */
  public AggregationBench(int n, int d, int iterations, PrintStream out) {
    this.n = n;
    this.d = d;
    this.iterations = iterations;
    this.out = out;
  }

  /** Runs JMH and prints the summary. */
  public void run() throws RunnerException {
    Options options =
        new OptionsBuilder()
            .include(AggregationBenchmark.class.getName())
            .param("n", Integer.toString(n))
            .param("d", Integer.toString(d))
            .forks(1)
            .warmupIterations(2)
            .measurementIterations(iterations)
            .jvmArgsAppend("-Xmx" + Math.max(2, (long) n * d * 4 * 4 / (1 << 30) + 1) + "g")
            .shouldFailOnError(true)
            .build();
    Collection<RunResult> results = new Runner(options).run();
    double floor = Double.NaN;
    for (RunResult r : results) {
      if (r.getParams().getParam("rule").equals("floor")) {
        floor = r.getPrimaryResult().getScore();
      }
    }
    out.printf(
        Locale.ROOT,
        "# n=%d d=%d, %d cores; seconds per aggregation (mean of %d shots)%n",
        n,
        d,
        Runtime.getRuntime().availableProcessors(),
        iterations);
    for (RunResult r : results) {
      String rule = r.getParams().getParam("rule");
      double seconds = r.getPrimaryResult().getScore();
      if (rule.equals("floor")) {
        out.printf(Locale.ROOT, "floor %.4f%n", seconds);
      } else {
        out.printf(Locale.ROOT, "%s %.4f%n", rule, seconds);
        out.printf(Locale.ROOT, "%s_over_floor %.1f%n", rule.replace('-', '_'), seconds / floor);
      }
    }
  }
}

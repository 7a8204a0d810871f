package network.deai.node.exec;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import network.deai.node.job.JobMetrics;
import org.junit.jupiter.api.Test;

/**
 * Every counter the node's code adds to is declared, so a fresh node exports it at 0 and the
 * dashboard and {@code rate()} see it from the first scrape.
 */
class NodeCountersTest {
  private static final Pattern COUNTER =
      Pattern.compile("(?:metrics|Metrics)\\.(?:increment|add)\\(\\s*\"([a-z_]+)");

  @Test
  void declaresEveryCounterTheNodeAddsTo() throws IOException {
    Set<String> used = new TreeSet<>();
    try (Stream<Path> files = Files.walk(Path.of("src/main/java"))) {
      files.filter(f -> f.toString().endsWith(".java")).forEach(f -> used.addAll(counters(f)));
    }
    Set<String> declared = new TreeSet<>(Metrics.NODE_COUNTERS);
    declared.addAll(JobMetrics.COUNTERS);

    assertThat(used).hasSizeGreaterThan(15);
    assertThat(declared).containsAll(used);
  }

  @Test
  void exportsADeclaredCounterAtZeroUntilItsFirstSeries() {
    Metrics metrics = Metrics.forNode();
    assertThat(metrics.prometheus())
        .contains("# TYPE deai_slashed_wei_total counter\ndeai_slashed_wei_total 0\n")
        .contains("# TYPE deai_tasks_closed_total counter\ndeai_tasks_closed_total 0\n");

    metrics.increment("tasks_closed_total{outcome=\"Settled/Paid\"}");

    assertThat(metrics.prometheus())
        .containsOnlyOnce("# TYPE deai_tasks_closed_total counter\n")
        .contains("deai_tasks_closed_total{outcome=\"Settled/Paid\"} 1\n")
        .doesNotContain("deai_tasks_closed_total 0\n");
  }

  private static Set<String> counters(Path file) {
    try {
      Set<String> names = new TreeSet<>();
      Matcher m = COUNTER.matcher(Files.readString(file));
      while (m.find()) {
        names.add(m.group(1));
      }
      return names;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}

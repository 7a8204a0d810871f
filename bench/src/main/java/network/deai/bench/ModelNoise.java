package network.deai.bench;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;
import network.deai.contracts.abi.Bytes32;
import network.deai.verifier.domain.fingerprint.Hamming;

/**
 * What honest environments disagree on, line by line over every pair of them, and how a cheat's
 * results compare with them. A cheat's line counts as caught under a form when its fingerprint is
 * beyond the allowed distance of every honest environment's (a conservative rate: the cheat is
 * caught whichever honest replica it meets).
 */
final class ModelNoise {
  /**
   * A cheat's detection rates (share of lines caught) per form, and its smallest SimHash distance
   * to any honest result.
   */
  record Detection(
      double raw,
      double logRaw,
      double argmax,
      double topK,
      double ctc,
      double exact,
      int minDistance,
      int minLogDistance) {}

  private final List<ModelRunner.Run> honest;
  private final int margin;
  private final int[] distances;
  private final int[] logDistances;
  private final double exact;
  private final double argmax;
  private final double ctc;
  private final double topK;

  private ModelNoise(
      List<ModelRunner.Run> honest,
      int margin,
      int[] distances,
      int[] logDistances,
      double[] disagreements) {
    this.honest = honest;
    this.margin = margin;
    this.distances = distances;
    this.logDistances = logDistances;
    this.exact = disagreements[0];
    this.argmax = disagreements[1];
    this.ctc = disagreements[2];
    this.topK = disagreements[3];
  }

  /** The noise among {@code honest} runs (same lines, same order). */
  static ModelNoise of(List<ModelRunner.Run> honest, int margin) {
    int lines = honest.get(0).lines().size();
    int envs = honest.size();
    int[] distances = new int[lines * envs * (envs - 1) / 2];
    int[] logDistances = new int[distances.length];
    double[] disagreements = new double[4];
    int at = 0;
    for (int i = 0; i < lines; i++) {
      for (int a = 0; a < envs; a++) {
        for (int b = a + 1; b < envs; b++) {
          ModelRunner.Line x = honest.get(a).lines().get(i);
          ModelRunner.Line y = honest.get(b).lines().get(i);
          logDistances[at] = Hamming.distance(x.logSimHash(), y.logSimHash());
          distances[at++] = distance(x, y);
          disagreements[0] += x.exact().equals(y.exact()) ? 0 : 1;
          disagreements[1] += x.argmax().equals(y.argmax()) ? 0 : 1;
          disagreements[2] += x.ctc().equals(y.ctc()) ? 0 : 1;
          disagreements[3] += x.topK().equals(y.topK()) ? 0 : 1;
        }
      }
    }
    for (int k = 0; k < 4; k++) {
      disagreements[k] /= Math.max(1, distances.length);
    }
    return new ModelNoise(honest, margin, distances, logDistances, disagreements);
  }

  static int distance(ModelRunner.Line a, ModelRunner.Line b) {
    return Hamming.distance(a.simHash(), b.simHash());
  }

  int pairs() {
    return distances.length;
  }

  /** The largest honest distance (raw, or of the log-probability SimHash). */
  int max(boolean log) {
    return java.util.Arrays.stream(log ? logDistances : distances).max().orElse(0);
  }

  /** The smallest distance with no honest pair above it, plus the margin. */
  int recommended(boolean log) {
    return max(log) + margin;
  }

  double falseSlash(boolean log, int maxDistance) {
    int[] all = log ? logDistances : distances;
    long slashed = java.util.Arrays.stream(all).filter(d -> d > maxDistance).count();
    return (double) slashed / Math.max(1, all.length);
  }

  double exactDisagreement() {
    return exact;
  }

  double argmaxDisagreement() {
    return argmax;
  }

  double topKDisagreement() {
    return topK;
  }

  double ctcDisagreement() {
    return ctc;
  }

  /** Pairs per distance, ascending. */
  Map<Integer, Integer> histogram(boolean log) {
    Map<Integer, Integer> histogram = new TreeMap<>();
    for (int d : log ? logDistances : distances) {
      histogram.merge(d, 1, Integer::sum);
    }
    return histogram;
  }

  Detection detect(ModelRunner.Run cheat, int maxDistance, int maxLogDistance) {
    int lines = cheat.lines().size();
    int raw = 0;
    int logRaw = 0;
    int minDistance = Integer.MAX_VALUE;
    int minLogDistance = Integer.MAX_VALUE;
    for (int i = 0; i < lines; i++) {
      int nearest = Integer.MAX_VALUE;
      int nearestLog = Integer.MAX_VALUE;
      ModelRunner.Line line = cheat.lines().get(i);
      for (ModelRunner.Run run : honest) {
        nearest = Math.min(nearest, distance(line, run.lines().get(i)));
        nearestLog =
            Math.min(
                nearestLog, Hamming.distance(line.logSimHash(), run.lines().get(i).logSimHash()));
      }
      raw += nearest > maxDistance ? 1 : 0;
      logRaw += nearestLog > maxLogDistance ? 1 : 0;
      minDistance = Math.min(minDistance, nearest);
      minLogDistance = Math.min(minLogDistance, nearestLog);
    }
    return new Detection(
        (double) raw / lines,
        (double) logRaw / lines,
        caught(cheat, ModelRunner.Line::argmax),
        caught(cheat, ModelRunner.Line::topK),
        caught(cheat, ModelRunner.Line::ctc),
        caught(cheat, ModelRunner.Line::exact),
        minDistance,
        minLogDistance);
  }

  private double caught(ModelRunner.Run cheat, Function<ModelRunner.Line, Bytes32> form) {
    int lines = cheat.lines().size();
    int caught = 0;
    for (int i = 0; i < lines; i++) {
      Bytes32 value = form.apply(cheat.lines().get(i));
      int line = i;
      caught +=
          honest.stream().noneMatch(r -> form.apply(r.lines().get(line)).equals(value)) ? 1 : 0;
    }
    return (double) caught / lines;
  }
}

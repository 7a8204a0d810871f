package network.deai.bench;

import java.util.ArrayList;
import java.util.List;

/**
 * One way an honest worker may run the onnx executor: the spec's intra-op {@code threads} and
 * {@code optimization}, how many lines one run holds ({@code batch}), and whether two sessions run
 * at once ({@code parallel}, each on half the lines).
 *
 * @param name the name the bench prints
 * @param threads ONNX Runtime intra-op threads
 * @param optimization the spec's optimization level
 * @param batch lines per run
 * @param parallel whether two sessions run at the same time
 * @param device the spec's device, {@code cpu} or {@code cuda}
 */
public record ModelEnvironment(
    String name, int threads, String optimization, int batch, boolean parallel, String device) {
  /** The reference: the executor's defaults, one line per run. */
  public static final ModelEnvironment REFERENCE =
      new ModelEnvironment("t1-basic", 1, "basic", 1, false);

  /** Checks the numbers. */
  public ModelEnvironment {
    if (threads < 1 || batch < 1) {
      throw new IllegalArgumentException("threads and batch must be positive");
    }
  }

  /** An environment on the CPU. */
  public ModelEnvironment(
      String name, int threads, String optimization, int batch, boolean parallel) {
    this(name, threads, optimization, batch, parallel, "cpu");
  }

  /**
   * The honest environments this machine can produce: threads 1, 2, 4 times optimization disabled,
   * basic, all (the reference first), then the reference with two sessions at once and with {@code
   * batch} lines per run.
   */
  public static List<ModelEnvironment> honest(int batch) {
    List<ModelEnvironment> all = new ArrayList<>();
    all.add(REFERENCE);
    for (int threads : new int[] {1, 2, 4}) {
      for (String level : new String[] {"disabled", "basic", "all"}) {
        ModelEnvironment e =
            new ModelEnvironment("t" + threads + "-" + level, threads, level, 1, false);
        if (!e.equals(REFERENCE)) {
          all.add(e);
        }
      }
    }
    all.add(new ModelEnvironment("t1-basic-parallel", 1, "basic", 1, true));
    all.add(new ModelEnvironment("t1-basic-batch" + batch, 1, "basic", batch, false));
    return all;
  }
}

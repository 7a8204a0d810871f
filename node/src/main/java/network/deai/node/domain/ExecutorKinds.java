package network.deai.node.domain;

import java.util.Collection;
import java.util.List;
import java.util.Locale;

/**
 * The executor kinds as the contracts see them: a node declares a bit set of the kinds it runs
 * ({@code register(…, executors, …)}) and a task names the kinds its replicas must have declared
 * ({@code TaskParams.executors}). Bit k stands for {@link #NAMES}{@code .get(k)}: linear = bit 0,
 * djl-linear = bit 1, process = bit 2, onnx = bit 3. This is the only place that mapping is written
 * down.
 */
public final class ExecutorKinds {
  /** Executor names by bit index; new kinds are appended, never reordered. */
  public static final List<String> NAMES = List.of("linear", "djl-linear", "process", "onnx");

  private ExecutorKinds() {}

  /** The bit of a known executor name; throws for a name without a kind. */
  public static int bit(String executor) {
    int index = NAMES.indexOf(executor.toLowerCase(Locale.ROOT));
    if (index < 0) {
      throw new IllegalArgumentException(
          "unknown executor '" + executor + "'; known executors are " + NAMES);
    }
    return 1 << index;
  }

  /** The bit set a node declares for {@code executors}; throws for unknown names. */
  public static int mask(Collection<String> executors) {
    int mask = 0;
    for (String executor : executors) {
      mask |= bit(executor);
    }
    return mask;
  }

  /**
   * The bit set a task running {@code executor} requires of its replicas: the executor's bit, or 0
   * (no requirement) for a name without a kind, which every replica then rejects deterministically
   * with an {@code unknown-executor} document.
   */
  public static int requirement(String executor) {
    int index = NAMES.indexOf(executor);
    return index < 0 ? 0 : 1 << index;
  }
}

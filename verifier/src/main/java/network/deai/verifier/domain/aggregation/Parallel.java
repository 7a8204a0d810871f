package network.deai.verifier.domain.aggregation;

import java.util.ArrayList;
import java.util.List;
import java.util.function.IntConsumer;

/**
 * Splits {@code count} independent work items among named platform threads. Each item is run by
 * exactly one thread, so results do not depend on the thread count.
 */
final class Parallel {
  private Parallel() {}

  static void forEach(int threads, int count, IntConsumer item) {
    int workers = Math.max(1, Math.min(threads, count));
    if (workers == 1) {
      for (int i = 0; i < count; i++) {
        item.accept(i);
      }
      return;
    }
    List<Thread> started = new ArrayList<>();
    List<Throwable> failures = java.util.Collections.synchronizedList(new ArrayList<>());
    for (int w = 0; w < workers; w++) {
      int first = w;
      started.add(
          Thread.ofPlatform()
              .name("aggregation-" + w)
              .uncaughtExceptionHandler((t, e) -> failures.add(e))
              .start(() -> stride(first, workers, count, item)));
    }
    for (Thread t : started) {
      try {
        t.join();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted while aggregating", e);
      }
    }
    if (!failures.isEmpty()) {
      throw new IllegalStateException("aggregation worker failed", failures.get(0));
    }
  }

  private static void stride(int first, int step, int count, IntConsumer item) {
    for (int i = first; i < count; i += step) {
      item.accept(i);
    }
  }
}

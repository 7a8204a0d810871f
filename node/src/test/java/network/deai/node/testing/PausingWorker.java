package network.deai.node.testing;

import java.math.BigInteger;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CountDownLatch;
import network.deai.node.app.NodeConfig;
import network.deai.node.app.NodeRuntime;
import network.deai.node.chain.Keystore;
import network.deai.node.exec.StepListener;
import network.deai.node.exec.WorkerHooks;
import org.jspecify.annotations.Nullable;

/**
 * A worker for crash tests and {@code deai bench faults}: {@code deai node run}'s worker,
 * configured by the environment alone (DEAI_PASSPHRASE included), that holds the thread for good
 * after a protocol step so that the caller can SIGKILL it there. {@code args[0]} names the step
 * ({@code prepare}, {@code broadcast}: between handing a commit to the sender and journalling it,
 * {@code commit}, {@code reveal}; {@code none}: no pause). It stands in front of the worker only
 * through {@link StepListener}; nothing else changes.
 */
public final class PausingWorker {
  private PausingWorker() {}

  public static void main(String[] args) throws Exception {
    Map<String, String> env = System.getenv();
    NodeConfig config = NodeConfig.load(null, env);
    String passphrase = Objects.requireNonNull(env.get("DEAI_PASSPHRASE"), "DEAI_PASSPHRASE");
    StepListener.Step step = step(args[0]);
    NodeRuntime.start(
        config,
        Keystore.load(config.keystoreFile(), passphrase),
        WorkerHooks.NONE.withSteps(step == null ? StepListener.NONE : pauseAfter(step)));
    System.out.println("worker running, pausing after " + args[0]);
    System.out.flush();
    new CountDownLatch(1).await();
  }

  private static StepListener.@Nullable Step step(String name) {
    return name.equals("none") ? null : StepListener.Step.valueOf(name.toUpperCase(Locale.ROOT));
  }

  /** Prints {@code paused after <step> for task <id>} and blocks the thread for good. */
  static StepListener pauseAfter(StepListener.Step step) {
    return (taken, taskId) -> {
      if (taken == step) {
        hold(taken, taskId);
      }
    };
  }

  private static void hold(StepListener.Step step, BigInteger taskId) {
    System.out.println(
        "paused after " + step.name().toLowerCase(Locale.ROOT) + " for task " + taskId);
    System.out.flush();
    while (true) {
      try {
        Thread.sleep(60_000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }
}

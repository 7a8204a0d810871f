package network.deai.node.faults;

import java.lang.reflect.RecordComponent;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CountDownLatch;
import network.deai.node.app.NodeConfig;
import network.deai.node.app.NodeRuntime;
import network.deai.node.chain.Keystore;
import org.jspecify.annotations.Nullable;

/**
 * {@code deai node run} for crash tests and {@code deai bench faults}, pausing for good after a
 * step, including one {@code pause_after} does not offer operators ({@code broadcast}: between
 * handing a commit to the sender and journalling it), so that the caller can SIGKILL it there. It
 * uses the node's own crash-test hook ({@link NodeConfig#pauseAfter()}) and changes nothing else:
 * {@code args[0]} names the step ({@code none}: no pause), the environment holds the rest of the
 * configuration.
 */
public final class PausingWorker {
  private PausingWorker() {}

  public static void main(String[] args) throws Exception {
    Map<String, String> env = new HashMap<>(System.getenv());
    NodeConfig loaded = NodeConfig.load(null, env);
    NodeConfig config = "none".equals(args[0]) ? loaded : withPauseAfter(loaded, args[0]);
    String passphrase = Objects.requireNonNull(env.get("DEAI_PASSPHRASE"), "DEAI_PASSPHRASE");
    NodeRuntime.start(config, Keystore.load(config.keystoreFile(), passphrase));
    System.out.println("worker running, pausing after " + args[0]);
    System.out.flush();
    new CountDownLatch(1).await();
  }

  private static NodeConfig withPauseAfter(NodeConfig config, String step)
      throws ReflectiveOperationException {
    RecordComponent[] components = NodeConfig.class.getRecordComponents();
    Class<?>[] types = new Class<?>[components.length];
    @Nullable Object[] values = new Object[components.length];
    for (int i = 0; i < components.length; i++) {
      types[i] = components[i].getType();
      values[i] =
          components[i].getName().equals("pauseAfter")
              ? step
              : components[i].getAccessor().invoke(config);
    }
    return NodeConfig.class.getDeclaredConstructor(types).newInstance(values);
  }
}

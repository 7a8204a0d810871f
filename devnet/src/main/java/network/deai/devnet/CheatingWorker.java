package network.deai.devnet;

import java.security.SecureRandom;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CountDownLatch;
import network.deai.node.app.NodeConfig;
import network.deai.node.app.NodeRuntime;
import network.deai.node.chain.Keystore;

/**
 * A lazy or colluding worker of {@code deai devnet --processes} as its own JVM: the honest node,
 * configured by the environment alone (DEAI_PASSPHRASE included), with its executors wrapped by
 * {@link CheatingExecutor}; {@code args[0]} names the {@link Population.Behaviour}.
 */
public final class CheatingWorker {
  private CheatingWorker() {}

  public static void main(String[] args) throws Exception {
    Population.Behaviour behaviour = Population.Behaviour.valueOf(args[0]);
    Map<String, String> env = System.getenv();
    NodeConfig config = NodeConfig.load(null, env);
    String passphrase = Objects.requireNonNull(env.get("DEAI_PASSPHRASE"), "DEAI_PASSPHRASE");
    NodeRuntime runtime =
        NodeRuntime.start(
            config,
            Keystore.load(config.keystoreFile(), passphrase),
            CheatingExecutor.wrapping(behaviour, new SecureRandom()));
    Runtime.getRuntime().addShutdownHook(new Thread(runtime::close, "shutdown"));
    System.out.println(behaviour + " worker running; API at " + runtime.url());
    System.out.flush();
    new CountDownLatch(1).await();
  }
}

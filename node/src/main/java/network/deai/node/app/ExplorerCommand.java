package network.deai.node.app;

import io.vertx.core.Vertx;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import network.deai.node.chain.TaskManagerClient;
import network.deai.node.chain.TrainingJobsClient;
import network.deai.node.explorer.Explorer;
import network.deai.node.explorer.ExplorerVerticle;
import network.deai.node.explorer.JobsView;
import org.jspecify.annotations.Nullable;
import org.web3j.protocol.Web3j;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code deai explorer}: a web page over any chain's tasks, nodes and books, each re-checked. */
@Command(
    name = "explorer",
    mixinStandardHelpOptions = true,
    description =
        "Serve a block explorer for a TaskManager (and its training jobs): tasks, rounds, nodes,"
            + " verdicts, payouts and slashes, each with the re-check of deai audit (commitments,"
            + " selection, verdict, books) shown pass or fail, and the contract's books; the page"
            + " updates as blocks arrive. Runs until interrupted.")
final class ExplorerCommand implements Callable<Integer> {
  @CommandLine.Mixin ClientOptions chain = new ClientOptions();

  @Option(
      names = "--jobs-contract",
      defaultValue = "${DEAI_JOBS_CONTRACT}",
      description =
          "TrainingJobs address, to show its training jobs too (default: $DEAI_JOBS_CONTRACT).")
  @Nullable String jobsContract;

  @Option(
      names = "--host",
      defaultValue = "127.0.0.1",
      description = "Address to listen on (default: ${DEFAULT-VALUE}).")
  String host = "127.0.0.1";

  @Option(
      names = "--port",
      defaultValue = "8550",
      description = "Port to listen on, 0 for any free one (default: ${DEFAULT-VALUE}).")
  int port = 8550;

  @Option(
      names = "--poll-ms",
      defaultValue = "1000",
      description =
          "How often to look for new blocks, in milliseconds (default: ${DEFAULT-VALUE}).")
  long pollMillis = 1000;

  @Option(
      names = "--cache-dir",
      defaultValue = "${DEAI_DATA_DIR:-explorer-data}",
      description =
          "Where training jobs' artifacts are kept for their audit (default: ${DEFAULT-VALUE}).")
  Path cacheDir = Path.of("explorer-data");

  @Override
  public Integer call() throws Exception {
    if (port < 0 || port > 65535 || pollMillis < 10) {
      throw new IllegalArgumentException("need --port in 0..65535 and --poll-ms >= 10");
    }
    Web3j web3j = NodeRuntime.connect(chain.rpcUrl);
    Vertx vertx = Vertx.vertx();
    try {
      Explorer explorer = new Explorer(taskManager(web3j), jobs(web3j));
      long started = System.nanoTime();
      explorer.refresh();
      long indexed = System.nanoTime() - started;
      ExplorerVerticle verticle =
          new ExplorerVerticle(explorer, host, port, Duration.ofMillis(pollMillis));
      vertx.deployVerticle(verticle).await();
      System.out.printf(
          "explorer on http://%s:%d/ (tasks: %d, events: %d, up to block %d, indexed in %d ms)%n",
          host,
          verticle.port(),
          explorer.index().taskCount(),
          explorer.index().eventCount(),
          explorer.index().block(),
          indexed / 1_000_000);
      CountDownLatch stopped = new CountDownLatch(1);
      Runtime.getRuntime().addShutdownHook(new Thread(stopped::countDown, "explorer-stop"));
      stopped.await();
      return 0;
    } catch (Exception e) { // a busy port is a BindException that await() rethrows unchecked
      Throwable bind = e instanceof java.net.BindException ? e : e.getCause();
      if (bind instanceof java.net.BindException) {
        throw ListenFailure.of(host, port, bind, "pass --port with a free port (or 0)");
      }
      throw e;
    } finally {
      vertx.close();
      web3j.shutdown();
    }
  }

  private TaskManagerClient taskManager(Web3j web3j) {
    TaskManagerClient client = chain.connect(web3j);
    try {
      client.taskCount();
      client.treasury();
    } catch (RuntimeException e) {
      throw new IllegalArgumentException(
          chain.contract
              + " does not answer as a TaskManager contract: pass the address that deai chain"
              + " deploy printed",
          e);
    }
    return client;
  }

  private @Nullable JobsView jobs(Web3j web3j) {
    if (jobsContract == null || jobsContract.isBlank()) {
      return null;
    }
    TrainingJobsClient client = JobsClientOptions.connect(web3j, jobsContract, chain.chainId);
    return new JobsView(client, cacheDir);
  }
}

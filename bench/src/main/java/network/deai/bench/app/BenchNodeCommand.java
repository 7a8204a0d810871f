package network.deai.bench.app;

import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import network.deai.bench.NodeBench;
import network.deai.node.app.NodeConfig;
import network.deai.node.app.NodeRuntime;
import network.deai.node.exec.Metrics;
import org.web3j.crypto.Credentials;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code deai bench node}: protocol overhead of one worker against anvil. */
@Command(
    name = "node",
    mixinStandardHelpOptions = true,
    description =
        "Start anvil, deploy, register one worker and submit trivial single-replica tasks. Prints"
            + " overhead_p50_ms / overhead_p95_ms (task event seen -> commit sent, execution"
            + " excluded, measured inside the worker) and settled n/n.")
final class BenchNodeCommand implements Callable<Integer> {
  @Option(
      names = "--tasks",
      defaultValue = "200",
      description = "Tasks (default ${DEFAULT-VALUE}).")
  int tasks = 200;

  @Option(
      names = "--poll-interval-ms",
      defaultValue = "10",
      description =
          "How often the worker polls the chain, in milliseconds (default ${DEFAULT-VALUE}).")
  int pollMillis = 10;

  @Override
  public Integer call() throws Exception {
    NodeBench.Report report = NodeBench.run(tasks, this::start, System.out);
    System.out.printf(Locale.ROOT, "overhead_p50_ms %.2f%n", report.overheadP50Ms());
    System.out.printf(Locale.ROOT, "overhead_p95_ms %.2f%n", report.overheadP95Ms());
    System.out.printf(Locale.ROOT, "settled %d/%d%n", report.settled(), report.tasks());
    System.out.printf(Locale.ROOT, "wall_seconds %.1f%n", report.seconds());
    return report.settled() == report.tasks() ? 0 : 1;
  }

  private NodeBench.StartedWorker start(
      String rpcUrl, long chainId, String contract, Credentials key, Path dir) {
    NodeConfig config =
        NodeConfig.inProcess(
            rpcUrl,
            chainId,
            contract,
            dir,
            Map.of("DEAI_POLL_INTERVAL_MS", Integer.toString(pollMillis)));
    NodeRuntime runtime = NodeRuntime.start(config, key);
    return new NodeBench.StartedWorker() {
      @Override
      public String url() {
        return runtime.url();
      }

      @Override
      public Metrics metrics() {
        return runtime.worker().metrics();
      }

      @Override
      public void close() {
        runtime.close();
      }
    };
  }
}

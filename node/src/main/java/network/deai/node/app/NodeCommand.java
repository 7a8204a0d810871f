package network.deai.node.app;

import java.math.BigInteger;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import network.deai.node.chain.Keystore;
import network.deai.node.chain.StartupRetry;
import network.deai.node.chain.TaskManagerClient;
import network.deai.node.chain.TransactionSender;
import network.deai.node.domain.Node;
import network.deai.node.domain.NodeStatus;
import network.deai.node.exec.WorkerHooks;
import org.jspecify.annotations.Nullable;
import org.web3j.crypto.Credentials;
import org.web3j.protocol.Web3j;
import org.web3j.protocol.core.methods.response.TransactionReceipt;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code deai node register|run|status|withdraw|exit|withdraw-stake|top-up|pause|resume}: the GPU
 * provider's side.
 */
@Command(
    name = "node",
    mixinStandardHelpOptions = true,
    description = {
      "Run a worker node. Configuration comes from a TOML file (--config or $DEAI_CONFIG) with"
          + " DEAI_<KEY> environment overrides, e.g. DEAI_RPC_URL for rpc_url.",
      "Keys: rpc_url, chain_id, contract, keystore_file, passphrase_file, data_dir, http_host,"
          + " http_port, public_url, gpu_class, vram_mib, executors, min_fee_per_replica_wei,"
          + " poll_interval_ms, confirmations, startup_retry_ms (how long a start waits out an"
          + " unreachable or failing RPC endpoint, default 120000),"
          + " log_range, start_block, parallelism, max_artifact_bytes, download_timeout_ms,"
          + " [process] time_limit_ms, memory_limit_mib, [process.commands] name = [argv].",
      "Training jobs: jobs_contract (a TrainingJobs address; contract, the TaskManager, is still"
          + " needed and both take a stake), job_role = trainer | aggregator, training_data (a"
          + " trainer's shard, see deai job shard), trainer_engine = djl | java. gpu_class"
          + " defaults to 1 for trainers and 2 for aggregators, the classes deai job submit asks"
          + " for by default.",
      "executors (default: linear, djl-linear, and process when [process.commands] is set;"
          + " DEAI_EXECUTORS is comma-separated) and min_fee_per_replica_wei (default 0) are"
          + " declared at registration: tasks that need another executor or pay less per"
          + " replica never pick this node.",
      "The keystore passphrase comes from passphrase_file or $DEAI_PASSPHRASE."
    },
    subcommands = {
      NodeCommand.Register.class,
      NodeCommand.Run.class,
      NodeStakeCommands.Status.class,
      NodeStakeCommands.Withdraw.class,
      NodeStakeCommands.Exit.class,
      NodeStakeCommands.WithdrawStake.class,
      NodeStakeCommands.TopUp.class,
      NodePauseCommands.Pause.class,
      NodePauseCommands.Resume.class,
      CommandLine.HelpCommand.class
    })
final class NodeCommand implements Runnable {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec = CommandLine.Model.CommandSpec.create();

  @Override
  public void run() {
    spec.commandLine().usage(System.out);
  }

  /** The --config option shared by the subcommands. */
  static final class ConfigOption {
    @Option(
        names = "--config",
        defaultValue = "${DEAI_CONFIG}",
        description = "TOML configuration file (default: $DEAI_CONFIG; none = environment only).")
    @Nullable Path file;

    NodeConfig load() {
      return NodeConfig.load(file, System.getenv());
    }

    static Credentials credentials(NodeConfig config) {
      String passphrase = PassphraseSource.resolve(config.passphraseFile(), System.getenv());
      return Keystore.load(config.keystoreFile(), passphrase);
    }
  }

  @Command(
      name = "register",
      mixinStandardHelpOptions = true,
      description = "Register this node's key with the contract, locking the required stake.")
  static final class Register implements Callable<Integer> {
    @CommandLine.Mixin ConfigOption config = new ConfigOption();

    @Override
    public Integer call() {
      NodeConfig cfg = config.load();
      Credentials credentials = ConfigOption.credentials(cfg);
      Web3j web3j = NodeRuntime.connect(cfg.rpcUrl());
      try {
        TaskManagerClient client = TaskManagerClient.connect(web3j, cfg.contract(), cfg.chainId());
        String endpoint = cfg.registeredEndpoint();
        NodeStatus status = client.node(credentials.getAddress()).status();
        if (status == NodeStatus.EXITED) {
          throw new IllegalArgumentException(
              RunRefusal.of(credentials.getAddress(), client.node(credentials.getAddress()), 0)
                  .orElseThrow());
        }
        if (status != NodeStatus.NONE) {
          System.out.println(
              credentials.getAddress()
                  + " is already registered with TaskManager ("
                  + status.solidityName()
                  + ")");
        } else {
          TransactionReceipt receipt = register(client, credentials, cfg, endpoint);
          System.out.println("registered " + credentials.getAddress());
          System.out.println("tx " + receipt.getTransactionHash() + " gas " + receipt.getGasUsed());
        }
        String jobsContract = cfg.jobsContract();
        if (jobsContract != null) {
          network.deai.node.chain.TrainingJobsClient jobs =
              network.deai.node.chain.TrainingJobsClient.connect(
                  web3j, jobsContract, cfg.chainId());
          Node known = jobs.node(credentials.getAddress());
          if (known.status() != NodeStatus.NONE) {
            System.out.println(
                "already registered for training jobs at "
                    + jobsContract
                    + " ("
                    + known.status().solidityName()
                    + ", class "
                    + known.gpuClass()
                    + ")");
            if (known.gpuClass() != cfg.gpuClass()) {
              System.out.println(
                  "warning: the config says gpu_class = "
                      + cfg.gpuClass()
                      + ", so jobs will pick this node by class "
                      + known.gpuClass()
                      + " until it exits and registers again");
            }
          } else {
            String data = jobs.registerData(cfg.declaration(endpoint));
            jobs.simulate(credentials.getAddress(), data, jobs.nodeStake())
                .ifPresent(
                    error -> {
                      throw new IllegalArgumentException(
                          "register with the jobs contract would revert: " + error.describe());
                    });
            TransactionSender sender =
                TransactionSender.open(
                    web3j,
                    credentials,
                    cfg.chainId(),
                    cfg.dataDir()
                        .resolve(credentials.getAddress().toLowerCase(java.util.Locale.ROOT))
                        .resolve("outbox"),
                    Duration.ofMillis(20));
            TransactionReceipt jobReceipt =
                sender.confirm(
                    jobs.register(sender, cfg.declaration(endpoint)),
                    Duration.ofMinutes(2),
                    "register for training jobs");
            System.out.println(
                "registered for training jobs ("
                    + cfg.jobRole()
                    + ", class "
                    + cfg.gpuClass()
                    + ") tx "
                    + jobReceipt.getTransactionHash());
          }
        }
        return 0;
      } finally {
        web3j.shutdown();
      }
    }
  }

  /** Registers {@code credentials} unless already registered; fails with a clear message. */
  static TransactionReceipt register(
      TaskManagerClient client, Credentials credentials, NodeConfig cfg, String endpoint) {
    NodeStatus status = client.node(credentials.getAddress()).status();
    if (status != NodeStatus.NONE) {
      throw new IllegalArgumentException(
          credentials.getAddress() + " is already registered (status " + status.value() + ")");
    }
    BigInteger stake = client.nodeStake();
    String data = client.registerData(cfg.declaration(endpoint));
    client
        .simulate(credentials.getAddress(), data, stake)
        .ifPresent(
            error -> {
              throw new IllegalArgumentException("register would revert: " + error.describe());
            });
    Path outbox =
        cfg.dataDir()
            .resolve(credentials.getAddress().toLowerCase(java.util.Locale.ROOT))
            .resolve("outbox");
    TransactionSender sender =
        TransactionSender.open(
            client.web3j(), credentials, client.chainId(), outbox, Duration.ofMillis(20));
    return sender.confirm(
        client.register(sender, cfg.declaration(endpoint)), Duration.ofMinutes(2), "register");
  }

  @Command(
      name = "run",
      mixinStandardHelpOptions = true,
      description = "Run the worker until interrupted: follow tasks, execute, commit, reveal.")
  static final class Run implements Callable<Integer> {
    @CommandLine.Mixin ConfigOption config = new ConfigOption();

    @Option(
        names = "--drain-timeout",
        defaultValue = "600",
        paramLabel = "SECONDS",
        description =
            "On SIGTERM or SIGINT, how long to keep finishing open tasks (commit, reveal) while"
                + " abstaining from new ones before exiting (default ${DEFAULT-VALUE}); a second"
                + " signal exits at once.")
    long drainTimeoutSeconds;

    @Override
    public Integer call() throws InterruptedException {
      if (drainTimeoutSeconds < 0) {
        throw new IllegalArgumentException("--drain-timeout must be 0 or more seconds");
      }
      NodeConfig cfg = config.load();
      Credentials credentials = ConfigOption.credentials(cfg);
      StartupRetry retry = StartupRetry.within(cfg.startupRetry());
      refuseWithoutWork(cfg, credentials.getAddress(), retry);
      NodeRuntime runtime = NodeRuntime.start(cfg, credentials, WorkerHooks.NONE, retry);
      System.out.println(
          "worker " + credentials.getAddress() + " running; API at " + runtime.url());
      System.out.flush();
      CountDownLatch stopped = new CountDownLatch(1);
      int[] left = {0};
      Runnable drain =
          () -> {
            System.out.println("stopping: draining open tasks (a second signal stops at once)");
            System.out.flush();
            left[0] = runtime.drainAndClose(Duration.ofSeconds(drainTimeoutSeconds));
            stopped.countDown();
          };
      Runnable now =
          () -> {
            System.out.println(
                "stopping now: "
                    + runtime.worker().atStake()
                    + " task(s) not revealed may be slashed as no-shows");
            System.out.flush();
            Runtime.getRuntime().halt(1);
          };
      if (!StopSignals.install(() -> Thread.ofPlatform().name("drain").start(drain), now)) {
        Runtime.getRuntime().addShutdownHook(new Thread(drain, "shutdown"));
      }
      Runtime.getRuntime().addShutdownHook(new Thread(runtime::close, "close"));
      stopped.await();
      System.out.println(
          left[0] == 0
              ? "stopped: no task left at stake"
              : "stopped: " + left[0] + " task(s) not revealed may be slashed as no-shows");
      System.out.flush();
      return 0;
    }

    /** Refuses in one line to run a node that the TaskManager will never give work to. */
    private static void refuseWithoutWork(NodeConfig cfg, String address, StartupRetry retry) {
      Web3j web3j = NodeRuntime.connect(cfg.rpcUrls(), cfg.chainId());
      try {
        retry
            .call("reading the node's registry entry", () -> refusal(web3j, cfg, address))
            .ifPresent(
                reason -> {
                  throw new IllegalArgumentException(reason);
                });
      } finally {
        web3j.shutdown();
      }
    }

    private static java.util.Optional<String> refusal(Web3j web3j, NodeConfig cfg, String address) {
      TaskManagerClient client = TaskManagerClient.connect(web3j, cfg.contract(), cfg.chainId());
      return RunRefusal.of(address, client.node(address), client.blockNumber());
    }
  }
}

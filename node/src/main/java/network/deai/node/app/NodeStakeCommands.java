package network.deai.node.app;

import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.Callable;
import network.deai.node.chain.ChainError;
import network.deai.node.chain.DataDirectoryLock;
import network.deai.node.chain.TaskManagerClient;
import network.deai.node.chain.TransactionSender;
import network.deai.node.exec.OperatorRequest;
import org.web3j.crypto.Credentials;
import org.web3j.protocol.Web3j;
import org.web3j.protocol.core.methods.response.TransactionReceipt;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * {@code deai node status|withdraw|exit|withdraw-stake|top-up}: a provider's way to its money and
 * out of every state on the TaskManager contract, with the node's own configuration and key.
 */
final class NodeStakeCommands {
  private static final BigInteger GAS = BigInteger.valueOf(300_000);

  private NodeStakeCommands() {}

  /** What a provider's command does with the connected contract and its key. */
  private interface Action {
    int run(TaskManagerClient client, Credentials key, TransactionSender sender);
  }

  /** What a read-only command does with the connected contract and the node's key. */
  private interface Query {
    int run(NodeConfig cfg, TaskManagerClient client, Credentials key);
  }

  /** Connects without taking the node's outbox, so that it works while the node runs. */
  private static int withChain(NodeCommand.ConfigOption option, Query query) {
    NodeConfig cfg = option.load();
    Credentials key = NodeCommand.ConfigOption.credentials(cfg);
    Web3j web3j = NodeRuntime.connect(cfg.rpcUrl());
    try {
      return query.run(cfg, TaskManagerClient.connect(web3j, cfg.contract(), cfg.chainId()), key);
    } finally {
      web3j.shutdown();
    }
  }

  /**
   * Runs {@code action} with the node's own sender; while {@code deai node run} holds the data
   * directory, hands {@code request} to it instead ({@link OperatorRequest}), since only it may use
   * the key's nonces, and prints its answer.
   */
  private static int withNode(
      NodeCommand.ConfigOption option,
      NodeHandOver.WaitOption wait,
      OperatorRequest.Action request,
      Action action) {
    return withChain(
        option,
        (cfg, client, key) -> {
          Path data = NodeRuntime.dataDirectory(cfg, key.getAddress());
          DataDirectoryLock lock;
          try {
            lock = DataDirectoryLock.acquire(data);
          } catch (IllegalStateException running) {
            return NodeHandOver.run(client, key.getAddress(), data, request, wait.timeout());
          }
          try (lock) {
            return action.run(client, key, outbox(cfg, client, key));
          }
        });
  }

  /** The node's transaction sender; refused in one line while {@code deai node run} holds it. */
  private static TransactionSender outbox(
      NodeConfig cfg, TaskManagerClient client, Credentials key) {
    try {
      return TransactionSender.open(
          client.web3j(),
          key,
          cfg.chainId(),
          cfg.dataDir().resolve(key.getAddress().toLowerCase(Locale.ROOT)).resolve("outbox"),
          Duration.ofMillis(20));
    } catch (IllegalStateException e) {
      throw new IllegalArgumentException(e.getMessage(), e);
    }
  }

  /** Simulates, then sends and confirms; a revert is one line that says what to do. */
  private static TransactionReceipt send(
      TaskManagerClient client,
      TransactionSender sender,
      String data,
      BigInteger value,
      String what) {
    client
        .simulate(sender.address(), data, value)
        .ifPresent(
            error -> {
              throw new IllegalArgumentException(what + " refused: " + explain(error));
            });
    return sender.confirm(
        sender.send(client.address(), value, data, GAS), Duration.ofMinutes(2), what);
  }

  static String explain(ChainError error) {
    return switch (error) {
      case ChainError.NothingToWithdraw e -> "nothing is owed to this node";
      case ChainError.NodeBusy e ->
          "the node still works on task " + e.taskId() + "; its stake unlocks after it";
      case ChainError.Unbonding e ->
          e.exitBlock() == 0
              ? "the node still works; its unbonding starts when that work ends"
              : "the unbonding period runs until block " + e.exitBlock();
      case ChainError.NotRegistered e ->
          "the node is " + e.status().solidityName() + " here, which this command cannot act on";
      case ChainError.WrongStake e ->
          "a top-up must bring the stake back to exactly the node stake (send "
              + e.required()
              + " wei)";
      default -> error.describe();
    };
  }

  static void print(TaskManagerClient client, String address) {
    System.out.println(
        new NodeStatusView(address, client.node(address), client.owed(address), false).text());
  }

  @Command(
      name = "status",
      mixinStandardHelpOptions = true,
      description =
          "Show this node's stake, status, credit and exit block on the TaskManager, and whether"
              + " it is paused locally (deai node pause; the contract does not know it).")
  static final class Status implements Callable<Integer> {
    @CommandLine.Mixin NodeCommand.ConfigOption config = new NodeCommand.ConfigOption();

    @CommandLine.Option(
        names = "--json",
        description = "Print JSON (wei as strings) instead of a line.")
    boolean json;

    @Override
    public Integer call() {
      return withChain(
          config,
          (cfg, client, key) -> {
            String address = key.getAddress();
            boolean paused =
                Files.exists(NodeRuntime.pauseFlag(NodeRuntime.dataDirectory(cfg, address)));
            NodeStatusView view =
                new NodeStatusView(address, client.node(address), client.owed(address), paused);
            System.out.println(json ? view.json() : view.text());
            return 0;
          });
    }
  }

  @Command(
      name = "withdraw",
      mixinStandardHelpOptions = true,
      description = "Pull everything the TaskManager owes this node (its pay for settled tasks).")
  static final class Withdraw implements Callable<Integer> {
    @CommandLine.Mixin NodeCommand.ConfigOption config = new NodeCommand.ConfigOption();
    @CommandLine.Mixin NodeHandOver.WaitOption wait = new NodeHandOver.WaitOption();

    @Override
    public Integer call() {
      return withNode(
          config,
          wait,
          OperatorRequest.Action.WITHDRAW,
          (client, key, sender) -> {
            BigInteger owed = client.owed(key.getAddress());
            TransactionReceipt r =
                send(client, sender, client.withdrawData(), BigInteger.ZERO, "withdraw");
            System.out.printf("withdrew %s wei in %s%n", owed, r.getTransactionHash());
            return 0;
          });
    }
  }

  @Command(
      name = "exit",
      mixinStandardHelpOptions = true,
      description = {
        "Ask to leave: the node is never picked again. An idle node's unbonding period starts now;"
            + " a busy node's starts when its current task ends. Then run withdraw-stake.",
        "While deai node run runs, the exit is handed to it: it stops taking new tasks, sends the"
            + " exit, finishes what it has and reports the unbonding's end (log, GET /status);"
            + " keep it running until GET /status shows tasksAtStake 0."
      })
  static final class Exit implements Callable<Integer> {
    @CommandLine.Mixin NodeCommand.ConfigOption config = new NodeCommand.ConfigOption();
    @CommandLine.Mixin NodeHandOver.WaitOption wait = new NodeHandOver.WaitOption();

    @Override
    public Integer call() {
      return withNode(
          config,
          wait,
          OperatorRequest.Action.EXIT,
          (client, key, sender) -> {
            send(client, sender, client.requestExitData(), BigInteger.ZERO, "exit");
            print(client, key.getAddress());
            return 0;
          });
    }
  }

  @Command(
      name = "withdraw-stake",
      mixinStandardHelpOptions = true,
      description = "Take the remaining stake back once the unbonding period after exit is over.")
  static final class WithdrawStake implements Callable<Integer> {
    @CommandLine.Mixin NodeCommand.ConfigOption config = new NodeCommand.ConfigOption();
    @CommandLine.Mixin NodeHandOver.WaitOption wait = new NodeHandOver.WaitOption();

    @Override
    public Integer call() {
      return withNode(
          config,
          wait,
          OperatorRequest.Action.WITHDRAW_STAKE,
          (client, key, sender) -> {
            BigInteger stake = client.node(key.getAddress()).stake();
            send(client, sender, client.withdrawStakeData(), BigInteger.ZERO, "withdraw-stake");
            System.out.printf("stake of %s wei returned to %s%n", stake, key.getAddress());
            return 0;
          });
    }
  }

  @Command(
      name = "top-up",
      mixinStandardHelpOptions = true,
      description =
          "Bring a deactivated (slashed) node's stake back to the node stake, so it is picked again.")
  static final class TopUp implements Callable<Integer> {
    @CommandLine.Mixin NodeCommand.ConfigOption config = new NodeCommand.ConfigOption();
    @CommandLine.Mixin NodeHandOver.WaitOption wait = new NodeHandOver.WaitOption();

    @Override
    public Integer call() {
      return withNode(
          config,
          wait,
          OperatorRequest.Action.TOP_UP,
          (client, key, sender) -> {
            BigInteger missing = client.nodeStake().subtract(client.node(key.getAddress()).stake());
            send(client, sender, client.topUpStakeData(), missing.max(BigInteger.ZERO), "top-up");
            print(client, key.getAddress());
            return 0;
          });
    }
  }
}

package network.deai.devnet;

import java.io.IOException;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import network.deai.contracts.gen.TaskManager;
import network.deai.node.chain.TaskManagerClient;
import network.deai.node.domain.TaskState;
import org.jspecify.annotations.Nullable;
import org.web3j.protocol.core.DefaultBlockParameter;
import org.web3j.tx.ReadonlyTransactionManager;
import org.web3j.tx.gas.DefaultGasProvider;

/**
 * The devnet's books check: at one block, the contract's balance must equal the stakes, the open
 * tasks' escrowed fees and the amounts owed (the treasury's included). Every read is pinned to that
 * block, so a check counts however many blocks it takes to read, and it runs on its own thread,
 * checking the newest block each time the last check is done: a busy machine makes it check fewer
 * blocks, never none.
 */
final class BooksCheck implements AutoCloseable {
  private final TaskManagerClient client;
  private final List<String> accounts;
  private final List<BigInteger> tasks;
  private final Set<BigInteger> finalTasks = new HashSet<>();
  private final List<String> violations = new ArrayList<>();
  private int checks;
  private long lastChecked = -1;
  private @Nullable String lastError;
  private volatile boolean running;
  private @Nullable Thread thread;

  /** Checks the books of {@code client}'s contract for these accounts and tasks. */
  BooksCheck(TaskManagerClient client, List<String> accounts, List<BigInteger> tasks) {
    this.client = client;
    this.accounts = List.copyOf(accounts);
    this.tasks = List.copyOf(tasks);
  }

  /** Starts checking on a thread of its own, {@code pause} between polls for a new block. */
  void start(java.time.Duration pause) {
    running = true;
    thread = Thread.ofPlatform().name("books-check").daemon().start(() -> loop(pause.toMillis()));
  }

  private void loop(long pauseMillis) {
    while (running) {
      checkNewest();
      try {
        Thread.sleep(pauseMillis);
      } catch (InterruptedException e) {
        return;
      }
    }
  }

  /**
   * Checks the newest block unless it was checked already; an RPC failure is kept for the report.
   */
  synchronized void checkNewest() {
    try {
      long block = client.blockNumber();
      if (block > lastChecked) {
        check(block);
      }
    } catch (RuntimeException | IOException e) {
      lastError = String.valueOf(e.getMessage());
    }
  }

  private void check(long block) throws IOException {
    DefaultBlockParameter at = DefaultBlockParameter.valueOf(BigInteger.valueOf(block));
    TaskManager views =
        TaskManager.load(
            client.address(),
            client.web3j(),
            new ReadonlyTransactionManager(client.web3j(), client.address()),
            new DefaultGasProvider());
    views.setDefaultBlockParameter(at);
    BigInteger balance = client.web3j().ethGetBalance(client.address(), at).send().getBalance();
    BigInteger held = BigInteger.ZERO;
    try {
      for (String account : accounts) {
        held = held.add(views.owed(account).send()).add(views.getNode(account).send().stake);
      }
      for (BigInteger id : tasks) {
        if (!finalTasks.contains(id)) {
          TaskManager.TaskView task = views.getTask(id).send();
          if (TaskState.fromChain(task.state.intValueExact()).isFinal()) {
            finalTasks.add(id); // final at this block, so at every later one
          } else {
            held = held.add(task.fee);
          }
        }
      }
    } catch (IOException | RuntimeException e) {
      throw e;
    } catch (Exception e) {
      throw new IllegalStateException(e.getMessage(), e);
    }
    checks++;
    lastChecked = block;
    lastError = null;
    if (!held.equals(balance)) {
      violations.add(
          "block "
              + block
              + ": balance "
              + balance
              + " != held "
              + held
              + " (held - balance = "
              + held.subtract(balance)
              + ")");
    }
  }

  /** Blocks checked so far. */
  synchronized int checks() {
    return checks;
  }

  /** The checks that did not balance, one line each. */
  synchronized List<String> violations() {
    return List.copyOf(violations);
  }

  /** Why the last try failed, if it did. */
  synchronized @Nullable String lastError() {
    return lastError;
  }

  /** Stops the thread, waiting for a check under way to finish. */
  @Override
  public void close() {
    running = false;
    Thread checker = thread;
    if (checker != null) {
      try {
        checker.join(60_000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }
}

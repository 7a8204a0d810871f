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
  private int rereads;
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

  /**
   * Checks {@code block}; a mismatch is read a second time, and only one that both reads of that
   * (immutable) state agree on is a violation: an endpoint serving a block's state before it has
   * all of it must not fail the run.
   */
  private void check(long block) throws IOException {
    BigInteger[] first = read(block);
    BigInteger[] second = first[0].equals(first[1]) ? first : read(block);
    checks++;
    lastChecked = block;
    lastError = null;
    if (!second[0].equals(second[1])) {
      violations.add(
          String.format(
              java.util.Locale.ROOT,
              "block %d: balance %s != held %s (held - balance = %s; first read %s)",
              block,
              second[0],
              second[1],
              second[1].subtract(second[0]),
              first[1].subtract(first[0])));
    } else if (second != first) {
      rereads++;
    }
  }

  /** The contract's balance and what its books say it holds, both at {@code block}. */
  private BigInteger[] read(long block) throws IOException {
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
    return new BigInteger[] {balance, held};
  }

  /** Mismatches that a second read of the same block did not confirm. */
  synchronized int rereads() {
    return rereads;
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

package network.deai.devnet;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import network.deai.node.chain.TaskManagerAtBlock;
import network.deai.node.chain.TaskManagerClient;
import network.deai.node.domain.Task;
import org.jspecify.annotations.Nullable;

/**
 * The devnet's books check: at one block, the contract's balance must equal the stakes, the open
 * tasks' escrowed fees and challenge bonds, and the amounts owed (the treasury's included). Every
 * read is pinned to that block, so a check counts however many blocks it takes to read, and it runs
 * on its own thread, checking the newest block each time the last check is done: a busy machine
 * makes it check fewer blocks, never none.
 */
final class BooksCheck implements AutoCloseable {
  private final TaskManagerClient client;
  private final List<String> accounts;
  private final List<BigInteger> tasks;
  private final boolean everyTask;
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
    this(client, accounts, tasks, false);
  }

  private BooksCheck(
      TaskManagerClient client, List<String> accounts, List<BigInteger> tasks, boolean everyTask) {
    this.client = client;
    this.accounts = List.copyOf(accounts);
    this.tasks = List.copyOf(tasks);
    this.everyTask = everyTask;
  }

  /**
   * Checks the books for these accounts and every task that exists at the checked block (for a
   * workload submitted while it runs).
   */
  static BooksCheck everyTask(TaskManagerClient client, List<String> accounts) {
    return new BooksCheck(client, accounts, List.of(), true);
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
    } catch (RuntimeException e) {
      lastError = String.valueOf(e.getMessage());
    }
  }

  /**
   * Checks {@code block}; a mismatch is read a second time, and only one that both reads of that
   * (immutable) state agree on is a violation: an endpoint serving a block's state before it has
   * all of it must not fail the run.
   */
  private void check(long block) {
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
  private BigInteger[] read(long block) {
    TaskManagerAtBlock views = TaskManagerAtBlock.of(client, block);
    BigInteger balance = views.balance();
    BigInteger held = BigInteger.ZERO;
    for (String account : accounts) {
      held = held.add(views.owed(account)).add(views.node(account).stake());
    }
    for (BigInteger id : everyTask ? allTasks(views) : tasks) {
      if (!finalTasks.contains(id)) {
        Task task = views.task(id);
        if (task.state().isFinal()) {
          finalTasks.add(id); // final at this block, so at every later one
        } else {
          // a challenge's bond is held until the task is final, then owed to someone
          held = held.add(task.fee()).add(views.sampling(id).bond());
        }
      }
    }
    return new BigInteger[] {balance, held};
  }

  /** Ids 1..taskCount() at the block {@code views} read. */
  private static List<BigInteger> allTasks(TaskManagerAtBlock views) {
    long count = views.taskCount();
    List<BigInteger> ids = new ArrayList<>();
    for (long id = 1; id <= count; id++) {
      ids.add(BigInteger.valueOf(id));
    }
    return ids;
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

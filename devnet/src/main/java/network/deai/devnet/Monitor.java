package network.deai.devnet;

import java.io.PrintStream;
import java.math.BigInteger;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import network.deai.node.chain.TaskManagerClient;
import network.deai.node.domain.ReplicaOutcome;
import network.deai.node.domain.Task;
import network.deai.node.domain.TaskState;
import network.deai.node.requester.Requester;
import org.jspecify.annotations.Nullable;
import org.web3j.crypto.Credentials;

/**
 * Follows the workload to the end: a live progress line, the requester's start attempts for its
 * Pending tasks on every new block, the {@link BooksCheck} on a thread of its own (contract balance
 * = stakes + open escrows + amounts owed, the treasury's included), and a permissionless {@code
 * finalize} from the requester for any task left past its deadlines.
 */
final class Monitor {
  private final TaskManagerClient client;
  private final Requester starter;
  private final List<BigInteger> tasks;
  private final PrintStream out;
  private final Map<BigInteger, TaskState> finalStates = new HashMap<>();
  private final BooksCheck books;
  private final Feed feed;
  private long firstBlock = -1;
  private long lastBlock = -1;
  private final ProgressLine progress = new ProgressLine(10_000_000_000L);
  int slashes;

  Monitor(
      TaskManagerClient client,
      Requester starter,
      Credentials requester,
      List<BigInteger> tasks,
      Set<String> identities,
      PrintStream out) {
    this(client, starter, requester, tasks, identities, out, NO_FEED);
  }

  /**
   * Submits a workload bit by bit: on each block, up to {@code room} more tasks, keeping at most a
   * limit in flight, so that a sampled task's validators find free workers when its check is
   * decided (the contract draws them then, not at the start).
   */
  interface Feed {
    /** Submits up to {@code room} more tasks and returns their ids. */
    List<BigInteger> submit(int room);

    /** Tasks not submitted yet. */
    int left();

    /** Most tasks in flight (submitted, not final) at once. */
    int inFlight();

    /** Calls {@code onBlock} with every new block (the devnet's re-staking of cheaters). */
    void onBlock(long block);
  }

  private static final Feed NO_FEED =
      new Feed() {
        @Override
        public List<BigInteger> submit(int room) {
          return List.of();
        }

        @Override
        public int left() {
          return 0;
        }

        @Override
        public int inFlight() {
          return Integer.MAX_VALUE;
        }

        @Override
        public void onBlock(long block) {}
      };

  /**
   * A monitor of the tasks {@code feed} submits as it goes; its books check covers every task on
   * chain (the tasks of earlier phases are final, so they hold nothing).
   */
  Monitor(
      TaskManagerClient client,
      Requester starter,
      Credentials requester,
      Feed feed,
      Set<String> identities,
      PrintStream out) {
    this(client, starter, requester, List.of(), identities, out, feed);
  }

  private Monitor(
      TaskManagerClient client,
      Requester starter,
      Credentials requester,
      List<BigInteger> tasks,
      Set<String> identities,
      PrintStream out,
      Feed feed) {
    this.feed = feed;
    this.client = client;
    this.starter = starter;
    this.tasks = new ArrayList<>(tasks);
    List<String> accounts = new ArrayList<>(identities);
    accounts.add(requester.getAddress().toLowerCase(Locale.ROOT));
    accounts.add(client.treasury().toLowerCase(Locale.ROOT));
    this.books =
        feed == NO_FEED
            ? new BooksCheck(client, accounts, tasks)
            : BooksCheck.everyTask(client, accounts);
    this.out = out;
  }

  void awaitAll(Duration timeout) throws InterruptedException {
    books.start(Duration.ofMillis(100));
    try {
      followUntilFinal(timeout);
    } finally {
      books.close();
    }
    books.checkNewest();
    out.println();
  }

  private void followUntilFinal(Duration timeout) throws InterruptedException {
    long start = System.nanoTime();
    long deadline = start + timeout.toNanos();
    while (finalStates.size() < tasks.size() || feed.left() > 0) {
      if (System.nanoTime() > deadline) {
        out.println();
        throw new IllegalStateException(
            "only " + finalStates.size() + "/" + tasks.size() + " tasks final after " + timeout);
      }
      long block = client.blockNumber();
      if (block != lastBlock) {
        lastBlock = block;
        firstBlock = firstBlock < 0 ? block : firstBlock;
        boolean escalating = follow(block);
        feed.onBlock(block);
        int inFlight = tasks.size() - finalStates.size();
        if (!escalating && feed.left() > 0 && inFlight < feed.inFlight()) {
          tasks.addAll(feed.submit(feed.inFlight() - inFlight));
        }
        printProgress(block, start);
      }
      Thread.sleep(100);
    }
  }

  /** Prints a whole progress line when {@link ProgressLine} says one is due. */
  private void printProgress(long block, long start) {
    if (progress.due(System.nanoTime(), finalStates.size())) {
      out.printf(
          Locale.ROOT,
          "block %d  settled %d/%d  slashes %d  books %s (%d checks)  %.0f s%n",
          block,
          finalStates.size(),
          tasks.size() + feed.left(),
          slashes,
          books.violations().isEmpty() ? "ok" : "VIOLATED",
          books.checks(),
          (System.nanoTime() - start) / 1e9);
      out.flush();
    }
  }

  /** Follows the open tasks at {@code block}; returns whether one waits for escalation seats. */
  private boolean follow(long block) {
    List<BigInteger> pending = new ArrayList<>();
    int replicas = 0;
    boolean escalating = false;
    for (BigInteger id : tasks) {
      if (finalStates.containsKey(id)) {
        continue;
      }
      Task task = client.task(id);
      TaskState state = task.state();
      if (state.isFinal()) {
        finalStates.put(id, state);
        countSlashes(id);
      } else if (state == TaskState.PENDING) {
        pending.add(id);
        replicas = Math.max(replicas, task.replicas());
        // An escalation draws fresh workers if enough are free; if not, it ends at its deadline
        // and frees its first-round workers, so no count of free workers is final meanwhile.
        escalating |= task.escalationPending();
        if (block > task.startDeadline()) {
          finalizeStuck(id); // expires it: the whole fee goes back, or ends an escalation
        }
      } else if (block > task.lastRevealBlock() + 2) {
        finalizeStuck(id);
      }
    }
    if (!pending.isEmpty()) {
      if (!escalating
          && pending.size() == tasks.size() - finalStates.size()
          && pending.stream().noneMatch(this::awaitsCheck)) {
        requireWorkers(replicas);
      }
      starter.startPending(pending);
    }
    return escalating;
  }

  /**
   * Whether {@code id} is a sampled task whose executor committed (or whose result was challenged)
   * and which waits for its check to be decided or its validators drawn: its executor holds a
   * worker meanwhile, so a count of free workers says nothing about whether it can go on.
   */
  private boolean awaitsCheck(BigInteger id) {
    return client.sampling(id).stage().waitsForDecisionOrValidators();
  }

  private void countSlashes(BigInteger id) {
    int seats = client.replicas(id).size(); // 0 when never started: cancelled or expired
    for (int i = 0; i < seats; i++) {
      ReplicaOutcome outcome = client.replica(id, i).outcome();
      slashes +=
          outcome == ReplicaOutcome.SLASHED_WRONG || outcome == ReplicaOutcome.SLASHED_NO_SHOW
              ? 1
              : 0;
    }
  }

  /** Only Pending tasks are left: fail fast when too few workers are left to ever start them. */
  private void requireWorkers(int replicas) {
    long available = client.availableCount(1);
    if (available < replicas) {
      throw new IllegalStateException(
          "pending tasks need "
              + replicas
              + " available workers but only "
              + available
              + " are left (slashed workers are deactivated); use more --workers or fewer"
              + " --replicas");
    }
  }

  private void finalizeStuck(BigInteger id) {
    try {
      starter.finalizeIfDue(id);
    } catch (RuntimeException e) {
      // tried again on the next block
    }
  }

  /** Blocks the books were checked at. */
  int booksChecks() {
    return books.checks();
  }

  /** Checks that did not balance. */
  List<String> booksViolations() {
    return books.violations();
  }

  /** Blocks the run spanned while it followed the tasks. */
  long blocks() {
    return firstBlock < 0 ? 0 : lastBlock - firstBlock;
  }

  /** Books mismatches that a second read of the same block did not confirm. */
  int booksRereads() {
    return books.rereads();
  }

  /** Why the books check's last try failed, if it did. */
  @Nullable String booksError() {
    return books.lastError();
  }

  Map<BigInteger, TaskState> finalStates() {
    return finalStates;
  }
}

package network.deai.node.exec;

import java.math.BigInteger;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import network.deai.node.chain.ChainError;
import network.deai.node.chain.TaskManagerClient;
import network.deai.node.chain.TransactionSender;
import network.deai.node.domain.Node;
import network.deai.node.domain.NodeStatus;
import network.deai.node.exec.OperatorRequest.Action;
import network.deai.node.exec.OperatorRequest.Outcome;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.web3j.protocol.core.methods.response.TransactionReceipt;

/**
 * The running node's side of {@link OperatorRequest}: the chain loop calls {@link #poll()} on every
 * poll, and each request found is sent, confirmed and answered on this class's own thread, so the
 * loop never waits for a receipt. An exit request makes the worker drain at once (no new tasks,
 * open ones finished) and keeps it draining once sent; if the exit was sent while the node still
 * worked, the block its unbonding ends is logged and reported as soon as the contract sets it.
 */
final class OperatorRequests implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(OperatorRequests.class);
  private static final BigInteger GAS = BigInteger.valueOf(300_000);
  private static final Duration CONFIRM = Duration.ofMinutes(2);
  private static final String UNBONDING = "unbonding";

  private final @Nullable Path data;
  private final TaskManagerClient client;
  private final TransactionSender sender;
  private final ExecutorService thread =
      Executors.newSingleThreadExecutor(
          Thread.ofPlatform().name("operator-request").daemon().factory());
  private final Map<Action, Outcome> outcomes = new ConcurrentHashMap<>();
  private final Set<String> inProgress = ConcurrentHashMap.newKeySet();
  private volatile boolean exiting;
  private volatile boolean awaitingUnbonding;

  /** Serves requests dropped in {@code data}; none when {@code data} is null. */
  OperatorRequests(@Nullable Path data, TaskManagerClient client, TransactionSender sender) {
    this.data = data;
    this.client = client;
    this.sender = sender;
  }

  /** Whether the operator asked this node to exit (and the exit did not fail). */
  boolean exiting() {
    return exiting;
  }

  /** The latest answer for each action, for {@code /status}. */
  List<Outcome> outcomes() {
    return List.copyOf(outcomes.values());
  }

  /** Picks up new requests; cheap (a file read per action), so it runs on every poll. */
  void poll() {
    Path dir = data;
    if (dir == null) {
      return;
    }
    for (Action action : Action.values()) {
      Optional<String> id = OperatorRequest.pending(dir, action).filter(inProgress::add);
      if (id.isPresent()) {
        if (action == Action.EXIT && !exiting) {
          exiting = true;
          LOG.info("exit requested by the operator: taking no new tasks, sending the exit");
        }
        thread.execute(() -> handle(dir, action, id.get()));
      }
    }
  }

  /** On a new block: after an exit sent while busy, looks whether the unbonding has started. */
  void onBlock() {
    if (awaitingUnbonding && inProgress.add(UNBONDING)) {
      thread.execute(this::checkUnbonding);
    }
  }

  private void handle(Path dir, Action action, String id) {
    Outcome outcome;
    try {
      outcome = send(action, id);
    } catch (RuntimeException e) {
      String why = action.command() + " failed: " + e.getMessage();
      outcome = new Outcome(id, action.command(), false, why, null, 0, 0);
    }
    if (outcome.ok()) {
      LOG.info("{} (asked by the operator)", outcome.message());
    } else {
      LOG.error("{} (asked by the operator)", outcome.message());
      if (action == Action.EXIT && stillActive()) {
        exiting = false;
      }
    }
    outcomes.put(action, outcome);
    try {
      OperatorRequest.answer(dir, action, outcome);
    } finally {
      inProgress.remove(id);
    }
  }

  private Outcome send(Action action, String id) {
    String me = sender.address();
    Node before = client.node(me);
    BigInteger owed = action == Action.WITHDRAW ? client.owed(me) : BigInteger.ZERO;
    BigInteger value = action.value(client, me);
    String data = action.calldata(client);
    Optional<ChainError> refusal = client.simulate(me, data, value);
    if (refusal.isPresent()) {
      String why = action.command() + " refused: " + refusal.get().describe();
      return new Outcome(id, action.command(), false, why, null, 0, 0);
    }
    TransactionReceipt receipt =
        sender.confirm(sender.send(client.address(), value, data, GAS), CONFIRM, action.command());
    String tx = receipt.getTransactionHash();
    long block = receipt.getBlockNumber().longValueExact();
    Node after = client.node(me);
    String where = " in " + tx + " (block " + block + ")";
    String message =
        switch (action) {
          case EXIT -> "exit requested" + where + ": never picked again; " + unbonding(after);
          case WITHDRAW -> "withdrew " + owed + " wei" + where;
          case WITHDRAW_STAKE -> "stake of " + before.stake() + " wei returned" + where;
          case TOP_UP -> "topped up " + value + " wei" + where + "; the node is " + name(after);
        };
    if (action == Action.EXIT && after.exitBlock() == 0) {
      awaitingUnbonding = true;
    }
    return new Outcome(id, action.command(), true, message, tx, block, after.exitBlock());
  }

  private boolean stillActive() {
    try {
      return client.node(sender.address()).status() == NodeStatus.ACTIVE;
    } catch (RuntimeException e) {
      return false; // unknown: keep draining, the safe side
    }
  }

  private static String unbonding(Node node) {
    return node.exitBlock() > 0
        ? "unbonding ends at block " + node.exitBlock() + ", then run deai node withdraw-stake"
        : "unbonding starts when task " + node.activeTask() + " ends, which this node finishes";
  }

  private static String name(Node node) {
    return node.status().solidityName();
  }

  /** After an exit sent while busy: reports the unbonding's end once the contract sets it. */
  private void checkUnbonding() {
    try {
      Node node = client.node(sender.address());
      Outcome exit = outcomes.get(Action.EXIT);
      if (node.exitBlock() > 0 && exit != null) {
        awaitingUnbonding = false;
        String message = "exit scheduled: " + unbonding(node);
        LOG.info("{}", message);
        outcomes.put(
            Action.EXIT,
            new Outcome(
                exit.id(),
                exit.action(),
                true,
                message,
                exit.tx(),
                exit.block(),
                node.exitBlock()));
      }
    } catch (RuntimeException e) {
      LOG.warn("cannot read the exit block yet ({}); retrying", e.getMessage());
    } finally {
      inProgress.remove(UNBONDING);
    }
  }

  @Override
  public void close() {
    thread.shutdownNow();
  }
}

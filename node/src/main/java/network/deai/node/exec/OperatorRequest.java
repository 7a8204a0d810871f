package network.deai.node.exec;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.Optional;
import java.util.UUID;
import network.deai.node.chain.TaskManagerClient;
import org.jspecify.annotations.Nullable;

/**
 * How {@code deai node exit|withdraw|withdraw-stake|top-up} hand a transaction to the node that
 * runs with the same data directory, which alone owns the key's nonces: the command writes {@code
 * <action>.request} (a fresh id) there; the running node sees it on its next poll, sends the
 * transaction through its own {@link network.deai.node.chain.TransactionSender}, writes {@code
 * <action>.result} (an {@link Outcome} naming that id) and removes the request. Only who can write
 * the data directory can ask, and the request names an action, never a key or calldata: no network
 * endpoint is involved.
 */
public final class OperatorRequest {
  private static final ObjectMapper MAPPER = new ObjectMapper();
  private static final Duration POLL = Duration.ofMillis(100);

  private OperatorRequest() {}

  /** The transactions an operator may hand to a running node. */
  public enum Action {
    /** {@code requestExit}: never picked again; the unbonding period follows the current work. */
    EXIT("exit"),
    /** {@code withdraw}: the pay the contract owes the node. */
    WITHDRAW("withdraw"),
    /** {@code withdrawStake}: the stake, once the unbonding period is over. */
    WITHDRAW_STAKE("withdraw-stake"),
    /** {@code topUpStake}: a deactivated node's stake back to the node stake. */
    TOP_UP("top-up");

    private final String command;

    Action(String command) {
      this.command = command;
    }

    /** The {@code deai node} subcommand, also the stem of the request and result files. */
    public String command() {
      return command;
    }

    /** The call to the TaskManager. */
    public String calldata(TaskManagerClient client) {
      return switch (this) {
        case EXIT -> client.requestExitData();
        case WITHDRAW -> client.withdrawData();
        case WITHDRAW_STAKE -> client.withdrawStakeData();
        case TOP_UP -> client.topUpStakeData();
      };
    }

    /** The ether the call carries from {@code node}: a top-up sends what its stake lacks. */
    public BigInteger value(TaskManagerClient client, String node) {
      return this == TOP_UP
          ? client.nodeStake().subtract(client.node(node).stake()).max(BigInteger.ZERO)
          : BigInteger.ZERO;
    }
  }

  /**
   * What the running node did with request {@code id}: {@code ok} when the transaction was mined
   * and succeeded; {@code message} is one line for the operator; {@code tx} and {@code block} are
   * set when a transaction was mined; {@code exitBlock} is the block from which the stake may be
   * withdrawn (0 while unknown: the node still works).
   */
  public record Outcome(
      String id,
      String action,
      boolean ok,
      String message,
      @Nullable String tx,
      long block,
      long exitBlock) {}

  /** The file a command writes to ask the node in {@code data} for {@code action}. */
  public static Path requestFile(Path data, Action action) {
    return data.resolve(action.command() + ".request");
  }

  /** The file the node writes once it has dealt with a request for {@code action}. */
  public static Path resultFile(Path data, Action action) {
    return data.resolve(action.command() + ".result");
  }

  /** Asks the node running in {@code data} for {@code action}; returns the request's id. */
  public static String submit(Path data, Action action) {
    String id = UUID.randomUUID().toString();
    writeAtomically(requestFile(data, action), id + "\n");
    return id;
  }

  /** The id of the request for {@code action} waiting in {@code data}, if any. */
  public static Optional<String> pending(Path data, Action action) {
    try {
      String id = Files.readString(requestFile(data, action), StandardCharsets.UTF_8).strip();
      return id.isEmpty() ? Optional.empty() : Optional.of(id);
    } catch (NoSuchFileException e) {
      return Optional.empty();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the " + action.command() + " request", e);
    }
  }

  /** Writes the node's answer, then removes the request it answers (unless a newer one came). */
  public static void answer(Path data, Action action, Outcome outcome) {
    try {
      writeAtomically(resultFile(data, action), MAPPER.writeValueAsString(outcome) + "\n");
      if (pending(data, action).filter(outcome.id()::equals).isPresent()) {
        Files.deleteIfExists(requestFile(data, action));
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot answer the " + action.command() + " request", e);
    }
  }

  /** The answer to request {@code id}, polled until it comes or {@code timeout} has passed. */
  public static Optional<Outcome> await(Path data, Action action, String id, Duration timeout)
      throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (true) {
      Optional<Outcome> outcome = read(resultFile(data, action)).filter(o -> o.id().equals(id));
      if (outcome.isPresent() || System.nanoTime() >= deadline) {
        return outcome;
      }
      Thread.sleep(POLL.toMillis());
    }
  }

  private static Optional<Outcome> read(Path file) {
    try {
      return Optional.of(MAPPER.readValue(file.toFile(), Outcome.class));
    } catch (IOException e) { // absent, or an older format: not the answer awaited
      return Optional.empty();
    }
  }

  private static void writeAtomically(Path file, String text) {
    try {
      Path temporary = file.resolveSibling(file.getFileName() + ".tmp");
      Files.writeString(temporary, text, StandardCharsets.UTF_8);
      Files.move(
          temporary, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + file, e);
    }
  }
}

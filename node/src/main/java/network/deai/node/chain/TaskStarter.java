package network.deai.node.chain;

import java.math.BigInteger;
import java.util.Optional;
import java.util.function.Function;
import network.deai.node.domain.StartAttempt;

/**
 * Starts Pending tasks for whoever holds {@code sender}'s key (a requester, or an idle worker
 * helping liveness): it simulates {@code startTask} in the pending block, the one the transaction
 * would be included in, and sends it only when the simulation passes, so a refused start costs no
 * gas. Endpoints without a pending block simulate in the latest one, where a task created in it
 * reads as not ready until the next block.
 */
public final class TaskStarter {
  private static final BigInteger START_GAS = BigInteger.valueOf(6_000_000);

  private final TaskChain client;
  private final ChainWriter sender;

  /** A starter sending from {@code sender}'s key. */
  public TaskStarter(TaskChain client, ChainWriter sender) {
    this.client = client;
    this.sender = sender;
  }

  /** Simulates {@code startTask(taskId)} and sends it when the simulation passes. */
  public StartAttempt attempt(BigInteger taskId) {
    String data = client.startTaskData(taskId);
    return sendIfClear(
        sender,
        client.address(),
        data,
        client.simulatePending(sender.address(), data, BigInteger.ZERO),
        TaskStarter::refusal);
  }

  /**
   * Sends {@code data} to {@code to} when {@code simulated} found no revert, else says what the
   * revert {@code E} means through {@code refusal}. Shared by task and training-round starts.
   */
  static <E> StartAttempt sendIfClear(
      ChainWriter sender,
      String to,
      String data,
      Optional<E> simulated,
      Function<E, StartAttempt> refusal) {
    if (simulated.isEmpty()) {
      TransactionSender.Sent sent = sender.send(to, BigInteger.ZERO, data, START_GAS);
      return new StartAttempt.Sent(sent.hash(), sent.nonce());
    }
    return refusal.apply(simulated.get());
  }

  /** What a {@code startTask} revert means for whoever tries to start the task. */
  static StartAttempt refusal(ChainError error) {
    return switch (error) {
      case ChainError.SeedNotReady e ->
          new StartAttempt.NotYet(
              "its seed block's hash exists from block " + e.firstBlock() + " on");
      case ChainError.NotEnoughNodes e ->
          new StartAttempt.NotYet(
              String.format(
                  "%s nodes of GPU class %s are free and it needs %s that declare what it asks",
                  e.available(), e.gpuClass(), e.replicas()));
      case ChainError.StartClosed e ->
          new StartAttempt.Closed(
              "its start window closed at block " + e.startDeadline() + "; finalize refunds it");
      case ChainError.WrongState e ->
          new StartAttempt.Closed(
              "it is no longer pending or its start deadline passed (state "
                  + e.state().value()
                  + ")");
      default -> new StartAttempt.Refused(error.describe());
    };
  }
}

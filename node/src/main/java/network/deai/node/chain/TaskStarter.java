package network.deai.node.chain;

import java.math.BigInteger;
import java.util.Optional;
import java.util.function.Function;
import network.deai.contracts.chain.CustomErrors;
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

  private final TaskManagerClient client;
  private final TransactionSender sender;

  /** A starter sending from {@code sender}'s key. */
  public TaskStarter(TaskManagerClient client, TransactionSender sender) {
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
   * revert means through {@code refusal}. Shared by task and training-round starts.
   */
  static StartAttempt sendIfClear(
      TransactionSender sender,
      String to,
      String data,
      Optional<CustomErrors.Decoded> simulated,
      Function<CustomErrors.Decoded, StartAttempt> refusal) {
    if (simulated.isEmpty()) {
      TransactionSender.Sent sent = sender.send(to, BigInteger.ZERO, data, START_GAS);
      return new StartAttempt.Sent(sent.hash(), sent.nonce());
    }
    return refusal.apply(simulated.get());
  }

  /** What a decoded {@code startTask} revert means for whoever tries to start the task. */
  static StartAttempt refusal(CustomErrors.Decoded error) {
    return switch (error.name()) {
      case "TaskManagerSeedNotReady" ->
          new StartAttempt.NotYet(
              "its seed block's hash exists from block " + error.args().get(1) + " on");
      case "TaskManagerNotEnoughNodes" ->
          new StartAttempt.NotYet(
              String.format(
                  "%s nodes of GPU class %s are free and it needs %s that declare what it asks",
                  error.args().get(2), error.args().get(1), error.args().get(3)));
      case "TaskManagerStartClosed" ->
          new StartAttempt.Closed(
              "its start window closed at block " + error.args().get(1) + "; finalize refunds it");
      case "TaskManagerWrongState" ->
          new StartAttempt.Closed(
              "it is no longer pending or its start deadline passed (state "
                  + error.args().get(1)
                  + ")");
      default -> new StartAttempt.Refused(error.name() + error.args());
    };
  }
}

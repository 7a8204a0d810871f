package network.deai.node.requester;

import java.math.BigInteger;
import java.time.Duration;
import network.deai.node.chain.TaskManagerClient;
import network.deai.node.chain.TransactionSender;
import network.deai.node.domain.Task;
import network.deai.node.domain.TaskState;

/** A requester taking back a task nobody started: checked first, so refusals read plainly. */
final class Cancellation {
  private Cancellation() {}

  /**
   * Cancels the signer's Pending task; returns the fee credited back (take it out with {@code
   * withdraw}). Fails with a clear message when the task is not the signer's or no longer Pending.
   */
  static BigInteger cancel(TaskManagerClient client, TransactionSender sender, BigInteger taskId) {
    Task task = client.task(taskId);
    if (!task.requester().hex().equalsIgnoreCase(sender.address())) {
      throw new IllegalArgumentException(
          "only task " + taskId + "'s requester " + task.requester() + " may cancel it");
    }
    TaskState state = task.state();
    if (task.escalationPending()) {
      throw new IllegalArgumentException(
          "task "
              + taskId
              + " is escalating to fresh replicas after its first round found no consensus:"
              + " it cannot be cancelled (its results were revealed); wait for the verdict");
    }
    if (state != TaskState.PENDING) {
      throw new IllegalArgumentException(
          "task "
              + taskId
              + " is "
              + state.solidityName()
              + ": only a Pending task (not started yet) can be cancelled");
    }
    String data = client.cancelTaskData(taskId);
    client
        .simulate(sender.address(), data, BigInteger.ZERO)
        .ifPresent(
            error -> {
              throw new IllegalArgumentException("cancelTask would revert: " + error.describe());
            });
    sender.confirm(
        sender.send(client.address(), BigInteger.ZERO, data, BigInteger.valueOf(200_000)),
        Duration.ofMinutes(2),
        "cancelTask");
    return task.fee();
  }
}

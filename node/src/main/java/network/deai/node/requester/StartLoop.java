package network.deai.node.requester;

import java.math.BigInteger;
import java.time.Duration;
import java.util.function.Consumer;
import network.deai.contracts.gen.TaskManager;
import network.deai.node.chain.TaskManagerClient;
import network.deai.node.chain.TaskStarter;
import network.deai.node.chain.TransactionSender;
import network.deai.node.domain.StartAttempt;
import network.deai.node.domain.Task;
import network.deai.node.domain.TaskState;
import org.web3j.protocol.core.methods.response.TransactionReceipt;

/**
 * Drives one Pending task to its start: one attempt per new block until a {@code TaskStarted} event
 * shows up (in our receipt, or in someone else's: anyone may start a task), the task leaves
 * Pending, or its start deadline passes.
 */
final class StartLoop {
  private static final Duration POLL = Duration.ofMillis(100);
  private static final Duration CONFIRM = Duration.ofMinutes(2);

  private final TaskManagerClient client;
  private final TaskStarter starter;
  private final TransactionSender sender;
  private final Consumer<String> progress;

  StartLoop(
      TaskManagerClient client,
      TaskStarter starter,
      TransactionSender sender,
      Consumer<String> progress) {
    this.client = client;
    this.starter = starter;
    this.sender = sender;
    this.progress = progress;
  }

  TaskManager.TaskStartedEventResponse run(BigInteger taskId) {
    long tried = -1;
    String last = "";
    while (true) {
      Task task = client.task(taskId);
      // Pending again while waiting for its escalation means the first round started (and ran).
      if (task.state() != TaskState.PENDING || task.escalationPending()) {
        return startedEvent(taskId, task);
      }
      long block = client.blockNumber();
      if (block > task.startDeadline()) {
        throw notStarted(taskId, task, last);
      }
      if (block != tried) {
        tried = block;
        StartAttempt attempt = starter.attempt(taskId);
        String reason = outcome(taskId, attempt);
        if (!reason.isEmpty() && !reason.equals(last)) {
          progress.accept(
              String.format(
                  "task %s: not started yet: %s; trying again on later blocks until block %s"
                      + " (deai task cancel %s refunds it meanwhile)",
                  taskId, reason, task.startDeadline(), taskId));
          last = reason;
        }
      }
      pause();
    }
  }

  /** Empty when the attempt was sent and confirmed, else why the task is not started yet. */
  private String outcome(BigInteger taskId, StartAttempt attempt) {
    return switch (attempt) {
      case StartAttempt.Sent sent -> confirm(sent);
      case StartAttempt.NotYet notYet -> notYet.reason();
      case StartAttempt.Closed closed -> closed.reason();
      case StartAttempt.Refused refused ->
          throw new IllegalStateException(
              "startTask for task " + taskId + " would revert: " + refused.error());
    };
  }

  /**
   * Waits for our {@code startTask}. A revert is no error: anyone may start a task, so another
   * start may have landed first (the loop then finds the task started), or another task took the
   * free nodes meanwhile (the loop tries again on a later block).
   */
  private String confirm(StartAttempt.Sent sent) {
    TransactionReceipt receipt =
        sender
            .awaitReceipt(new TransactionSender.Sent(sent.txHash(), sent.nonce()), CONFIRM)
            .orElseThrow(
                () ->
                    new IllegalStateException(
                        "startTask: no receipt for " + sent.txHash() + " within " + CONFIRM));
    if (!receipt.isStatusOK()) {
      return "our startTask reverted (another start landed first, or the free nodes were taken)";
    }
    if (TaskManager.getTaskStartedEvents(receipt).isEmpty()) {
      return "its seed block's hash had aged out, so it was given a new seed block";
    }
    return "";
  }

  private TaskManager.TaskStartedEventResponse startedEvent(BigInteger taskId, Task task) {
    return client
        .taskStarted(taskId)
        .orElseThrow(
            () ->
                new IllegalStateException(
                    "task "
                        + taskId
                        + " is "
                        + task.state().solidityName()
                        + " and was never started"));
  }

  private static IllegalStateException notStarted(BigInteger taskId, Task task, String reason) {
    return new IllegalStateException(
        String.format(
            "task %s was not started by its start deadline (block %s)%s; it expires unstarted:"
                + " finalize it (anyone may) to credit the whole fee back to its requester",
            taskId, task.startDeadline(), reason.isEmpty() ? "" : ": " + reason));
  }

  private static void pause() {
    try {
      Thread.sleep(POLL.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while starting a task", e);
    }
  }
}

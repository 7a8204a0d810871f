package network.deai.node.chain;

import java.math.BigInteger;
import java.time.Duration;
import network.deai.node.domain.JobState;
import network.deai.node.domain.StartAttempt;

/**
 * Starts the next round of a waiting training job for whoever holds {@code sender}'s key (the
 * requester after {@code createJob}, or an idle node of the job's classes between rounds): it
 * simulates {@code startRound} in the pending block and sends it only when the simulation passes.
 */
public final class RoundStarter {
  private final TrainingJobsClient client;
  private final TransactionSender sender;

  /** A starter sending from {@code sender}'s key. */
  public RoundStarter(TrainingJobsClient client, TransactionSender sender) {
    this.client = client;
    this.sender = sender;
  }

  /** Simulates {@code startRound(jobId)} and sends it when the simulation passes. */
  public StartAttempt attempt(BigInteger jobId) {
    String data = client.startRoundData(jobId);
    return TaskStarter.sendIfClear(
        sender,
        client.address(),
        data,
        client.simulatePending(sender.address(), data, BigInteger.ZERO),
        RoundStarter::refusal);
  }

  /**
   * Makes up to {@code attempts} attempts, each after a new block or a second without one (a chain
   * that mines on demand has no next block to wait for), until the round has started or the job
   * cannot be started. Returns the last attempt: {@link StartAttempt.Sent} once the round runs,
   * {@link StartAttempt.NotYet} when it still waits (idle nodes of the job's classes keep trying).
   */
  public StartAttempt untilSent(BigInteger jobId, int attempts) {
    StartAttempt last = new StartAttempt.NotYet("not tried");
    for (int k = 0; k < attempts; k++) {
      long head = client.blockNumber();
      last = attempt(jobId);
      if (started(jobId, last)) {
        return last;
      }
      if (last instanceof StartAttempt.Closed || last instanceof StartAttempt.Refused) {
        return last;
      }
      awaitBlockAfter(head);
    }
    return last;
  }

  private boolean started(BigInteger jobId, StartAttempt attempt) {
    return attempt instanceof StartAttempt.Sent sent
        && sender
            .awaitReceipt(
                new TransactionSender.Sent(sent.txHash(), sent.nonce()), Duration.ofMinutes(2))
            .map(r -> r.isStatusOK())
            .orElse(false)
        && client.job(jobId).state() == JobState.RUNNING;
  }

  private void awaitBlockAfter(long head) {
    long until = System.nanoTime() + Duration.ofSeconds(1).toNanos();
    try {
      while (client.blockNumber() == head && System.nanoTime() < until) {
        Thread.sleep(100);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** What a {@code startRound} revert means for whoever tries to start the round. */
  static StartAttempt refusal(ChainError error) {
    return switch (error) {
      case JobError.SeedNotReady e ->
          new StartAttempt.NotYet(
              "its seed block's hash exists from block " + e.firstBlock() + " on");
      case JobError.NotEnoughNodes e ->
          new StartAttempt.NotYet(
              String.format(
                  "%s trainers and %s committee members are free",
                  e.trainersFree(), e.committeeFree()));
      case JobError.WrongState e -> new StartAttempt.Closed("it is not waiting for a round");
      default -> new StartAttempt.Refused(error.describe());
    };
  }
}

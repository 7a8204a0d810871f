package network.deai.devnet;

import java.io.PrintStream;
import java.math.BigInteger;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import network.deai.node.chain.TrainingJobsClient;
import network.deai.node.domain.Job;
import network.deai.node.domain.JobState;
import network.deai.node.domain.Round;

/**
 * Follows a training job block by block: prints each stage change, checks the contract's books
 * (balance = Σ stakes + job escrow + Σ owed, the treasury's included) on every new block, and
 * returns when the job ends.
 */
final class FlMonitor {

  private final TrainingJobsClient client;
  private final BigInteger jobId;
  private final String requester;
  private final List<FlDevnet.Member> members;
  private final PrintStream out;
  private int booksChecks;
  private int booksViolations;

  FlMonitor(
      TrainingJobsClient client,
      BigInteger jobId,
      String requester,
      List<FlDevnet.Member> members,
      PrintStream out) {
    this.client = client;
    this.jobId = jobId;
    this.requester = requester;
    this.members = members;
    this.out = out;
  }

  int booksChecks() {
    return booksChecks;
  }

  int booksViolations() {
    return booksViolations;
  }

  /** Waits for the job to finish; throws with the job's state after {@code timeout}. */
  void await(Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    long lastBlock = -1;
    String last = "";
    while (System.nanoTime() < deadline) {
      long block = client.blockNumber();
      if (block != lastBlock) {
        lastBlock = block;
        checkBooks(block);
        Job job = client.job(jobId);
        if (job.isFinal()) {
          out.printf(
              "job %s ended (%s) at block %d; books checked %d times, %d violations%n",
              jobId, job.state().solidityName(), block, booksChecks, booksViolations);
          return;
        }
        String now;
        if (job.state() == JobState.WAITING) {
          now = String.format(Locale.ROOT, "round %d waiting for free nodes", job.round());
        } else {
          Round round = client.round(jobId, job.round());
          now =
              String.format(
                  Locale.ROOT,
                  "round %d/%d %s (trainers %d committed, %d revealed; committee %d/%d)",
                  job.round() + 1,
                  job.rounds(),
                  round.stage().label(),
                  Long.bitCount(round.trainCommitted()),
                  Long.bitCount(round.trainRevealed()),
                  Integer.bitCount(round.aggCommitted()),
                  Integer.bitCount(round.aggRevealed()));
        }
        if (!now.equals(last)) {
          out.printf("block %d: %s%n", block, now);
          last = now;
        }
      }
      Thread.sleep(250);
    }
    throw new IllegalStateException(
        "job "
            + jobId
            + " did not finish within "
            + timeout
            + "; state "
            + client.job(jobId).state().value());
  }

  private void checkBooks(long block) {
    Job job = client.job(jobId);
    BigInteger expected =
        job.escrow().add(client.owed(requester)).add(client.owed(client.treasury()));
    if (job.round() < job.rounds()) {
      if (client.round(jobId, job.round()).challenged()) {
        expected = expected.add(client.slashAmount()); // a challenge's bond, held until payout
      }
    }
    for (FlDevnet.Member m : members) {
      String a = m.key().getAddress();
      expected = expected.add(client.node(a).stake()).add(client.owed(a));
    }
    BigInteger balance = FlDevnet.balance(client.web3j(), client.address());
    booksChecks++;
    if (!balance.equals(expected)) {
      booksViolations++;
      out.printf(
          "BOOKS VIOLATION at block %d: contract holds %s wei, stakes + escrow + owed (treasury"
              + " included) = %s wei%n",
          block, balance, expected);
    }
  }
}

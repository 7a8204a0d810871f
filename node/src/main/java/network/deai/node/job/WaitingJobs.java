package network.deai.node.job;

import java.math.BigInteger;
import java.util.Set;
import java.util.TreeSet;
import network.deai.node.chain.RoundStarter;
import network.deai.node.chain.TrainingJobsClient;
import network.deai.node.domain.Job;
import network.deai.node.domain.JobState;
import network.deai.node.domain.StartAttempt;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Starts the waiting rounds of jobs that draw on this node's GPU class, so that a job moves on
 * between rounds without its requester: {@code startRound} may be called by anyone from the block
 * after the job started waiting. Each idle node tries at most once per block, from a block offset
 * by its address so that the nodes of a class do not all send the same start.
 */
final class WaitingJobs {
  private static final Logger LOG = LoggerFactory.getLogger(WaitingJobs.class);

  /** Most job ids read per pass while catching up with the chain. */
  private static final int SCAN_PER_PASS = 64;

  /** Most jobs followed at once. */
  private static final int MAX_WATCHED = 256;

  private final TrainingJobsClient client;
  private final RoundStarter starter;
  private final long offset;
  private final Set<BigInteger> watched = new TreeSet<>();
  private BigInteger scanned = BigInteger.ZERO;
  private long lastAttempt = -1;

  WaitingJobs(TrainingJobsClient client, RoundStarter starter, String address) {
    this.client = client;
    this.starter = starter;
    this.offset = Math.floorMod(address.toLowerCase(java.util.Locale.ROOT).hashCode(), 3);
  }

  /** One pass at block {@code head} for a node of {@code gpuClass}. */
  void tick(long head, long gpuClass) {
    scan(gpuClass);
    for (BigInteger jobId : Set.copyOf(watched)) {
      Job job = client.job(jobId);
      if (!job.state().isOpen()) {
        watched.remove(jobId);
      } else if (job.state() == JobState.WAITING
          && head > job.seedBlock() + offset
          && head != lastAttempt) {
        lastAttempt = head;
        report(jobId, starter.attempt(jobId));
        return;
      }
    }
  }

  private void scan(long gpuClass) {
    BigInteger count = client.jobCount();
    for (int k = 0; k < SCAN_PER_PASS && scanned.compareTo(count) < 0; k++) {
      scanned = scanned.add(BigInteger.ONE);
      Job job = client.job(scanned);
      boolean mine = job.trainerClass() == gpuClass || job.aggregatorClass() == gpuClass;
      if (mine && watched.size() < MAX_WATCHED) {
        watched.add(scanned);
      }
    }
  }

  private static void report(BigInteger jobId, StartAttempt attempt) {
    switch (attempt) {
      case StartAttempt.Sent sent ->
          LOG.info("job {}: startRound sent in {}", jobId, sent.txHash());
      case StartAttempt.NotYet notYet ->
          LOG.debug("job {}: round not started yet: {}", jobId, notYet.reason());
      case StartAttempt.Closed closed -> LOG.debug("job {}: {}", jobId, closed.reason());
      case StartAttempt.Refused refused ->
          LOG.warn("job {}: startRound would revert: {}", jobId, refused.error());
    }
  }
}

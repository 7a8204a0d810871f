package network.deai.node.job;

import java.math.BigInteger;
import java.util.HashMap;
import java.util.Map;
import network.deai.node.chain.TrainingJobsClient;
import network.deai.node.domain.Outcome;
import network.deai.node.exec.ArtifactFetcher;

/**
 * The jobs this node works on, opened once each: a job's {@link JobContext} (spec, parameters,
 * validation set, models), or the final reason it cannot be run.
 */
final class JobSetups {
  private final TrainingJobsClient client;
  private final ArtifactFetcher fetcher;
  private final long maxArtifactBytes;
  private final Map<BigInteger, Outcome<JobContext>> setups = new HashMap<>();

  JobSetups(TrainingJobsClient client, ArtifactFetcher fetcher, long maxArtifactBytes) {
    this.client = client;
    this.fetcher = fetcher;
    this.maxArtifactBytes = maxArtifactBytes;
  }

  /**
   * The job's context, or why it cannot be run. A final answer is kept; a {@linkplain
   * JobContext#retryable retryable} one is asked again on the next call.
   */
  Outcome<JobContext> setup(BigInteger jobId) {
    Outcome<JobContext> known = setups.get(jobId);
    if (known != null) {
      return known;
    }
    Outcome<JobContext> opened = JobContext.open(client, jobId, fetcher, maxArtifactBytes);
    if (!(opened instanceof Outcome.Rejected<JobContext> r
        && JobContext.retryable(r.rejection()))) {
      setups.put(jobId, opened);
    }
    return opened;
  }
}

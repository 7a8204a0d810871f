package network.deai.node.explorer;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigInteger;
import java.nio.file.Path;
import java.time.Duration;
import network.deai.node.audit.JobAudit;
import network.deai.node.chain.TrainingJobsClient;
import network.deai.node.domain.Job;
import network.deai.node.domain.Outcome;
import network.deai.node.exec.ArtifactFetcher;
import network.deai.node.exec.ArtifactStore;
import network.deai.node.job.JobContext;

/**
 * A training job as the explorer shows it: the job's view, each round's view and {@link JobAudit}
 * (which fetches the job's artifacts into {@code cacheDir}). Blocking.
 */
public final class JobsView {
  private static final long MAX_BYTES = 64L << 20;

  private final TrainingJobsClient client;
  private final Path cacheDir;

  /** Jobs of {@code client}'s contract, artifacts cached under {@code cacheDir}. */
  public JobsView(TrainingJobsClient client, Path cacheDir) {
    this.client = client;
    this.cacheDir = cacheDir;
  }

  ObjectNode job(BigInteger id) {
    if (id.signum() <= 0 || id.compareTo(client.jobCount()) > 0) {
      throw new IllegalArgumentException("no job " + id);
    }
    Job job = client.job(id);
    ObjectNode json = Explorer.JSON.createObjectNode();
    json.put("id", id.toString());
    json.set("job", Explorer.JSON.valueToTree(job));
    ArrayNode rounds = json.putArray("rounds");
    for (long r = 0; r < job.rounds() && r <= job.round(); r++) {
      rounds.add(Explorer.JSON.valueToTree(client.round(id, r)));
    }
    ArtifactFetcher fetcher =
        new ArtifactFetcher(
            new ArtifactStore(cacheDir.resolve("artifacts")), MAX_BYTES, Duration.ofSeconds(30));
    Outcome<JobContext> setup = JobContext.open(client, id, fetcher, MAX_BYTES);
    if (setup instanceof Outcome.Rejected<JobContext> r && JobContext.retryable(r.rejection())) {
      json.put("ok", false);
      json.putArray("checks")
          .add(
              Explorer.JSON
                  .createObjectNode()
                  .put("name", "artifacts")
                  .put("ok", false)
                  .put("description", "the job's artifacts can be fetched")
                  .set("failures", Explorer.JSON.createArrayNode().add(r.rejection().toString())));
      return json;
    }
    JobAudit audit = JobAudit.audit(client, id, setup);
    json.set("audit", audit.toJson());
    json.put("ok", audit.ok());
    ArrayNode checks = json.putArray("checks");
    for (JobAudit.Round round : audit.rounds()) {
      ObjectNode c = checks.addObject();
      c.put("name", "round " + (round.round() + 1));
      c.put("description", "commitments, recomputed aggregation and scores, and books");
      c.put("ok", round.ok());
      ArrayNode failures = c.putArray("failures");
      if (!round.ok()) {
        failures.add(round.detail());
      }
    }
    return json;
  }
}

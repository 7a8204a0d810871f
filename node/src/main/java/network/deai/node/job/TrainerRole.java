package network.deai.node.job;

import java.math.BigInteger;
import java.util.Optional;
import network.deai.contracts.abi.Bytes32;
import network.deai.learning.Dataset;
import network.deai.node.chain.TrainingJobsClient;
import network.deai.node.domain.Job;
import network.deai.node.domain.JobJournalEntry;
import network.deai.node.domain.Outcome;
import network.deai.node.domain.Rejection;
import network.deai.node.domain.Round;
import network.deai.node.domain.Stage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A trainer's part in a round: in TrainCommit it fetches the current model, trains on the local
 * shard, stores the update, journals (digest, salt, URI) and commits; for a job that cannot be run
 * it commits to the job's rejection document instead; in TrainReveal it reveals. What it trains
 * with and sends goes through its {@link UpdatePolicy} ({@link UpdatePolicy#HONEST} in a node).
 */
final class TrainerRole implements JobRole {
  private static final Logger LOG = LoggerFactory.getLogger(TrainerRole.class);

  private final TrainingJobsClient client;
  private final JobSetups setups;
  private final Submissions submissions;
  private final Contributions contributions;
  private final JobMetrics metrics;
  private final String engine;
  private final Dataset shard;
  private final UpdatePolicy policy;

  /**
   * A trainer on {@code shard} with shard trainer {@code engine} (made per job, for the model the
   * job names).
   */
  TrainerRole(
      TrainingJobsClient client,
      JobSetups setups,
      Submissions submissions,
      Contributions contributions,
      JobMetrics metrics,
      String engine,
      Dataset shard,
      UpdatePolicy policy) {
    this.client = client;
    this.setups = setups;
    this.submissions = submissions;
    this.contributions = contributions;
    this.metrics = metrics;
    this.engine = engine;
    this.shard = shard;
    this.policy = policy;
  }

  @Override
  public void act(BigInteger jobId, Job job, Round view, long round, int index) {
    long bit = 1L << index;
    if (view.stage() == Stage.TRAIN_COMMIT && (view.trainCommitted() & bit) == 0) {
      Optional<JobJournalEntry.Update> prepared =
          contributions.update(jobId, round).or(() -> prepareUpdate(jobId, job, view, round));
      if (prepared.isEmpty()) {
        return; // an artifact is unavailable for now: try again on the next block
      }
      JobJournalEntry.Update entry = prepared.get();
      Bytes32 commitment =
          submissions.commitment(jobId, round, entry.digest(), entry.digest(), entry.salt());
      submissions.send(
          client.commitUpdateData(jobId, commitment),
          "commitUpdate job " + jobId + " round " + round);
    } else if (view.stage() == Stage.TRAIN_REVEAL
        && (view.trainCommitted() & bit) != 0
        && (view.trainRevealed() & bit) == 0) {
      JobJournalEntry.Update entry = contributions.update(jobId, round).orElseThrow();
      submissions.send(
          client.revealUpdateData(jobId, entry.digest(), entry.salt(), entry.uri()),
          "revealUpdate job " + jobId + " round " + round);
    }
  }

  private Optional<JobJournalEntry.Update> prepareUpdate(
      BigInteger jobId, Job job, Round view, long round) {
    return switch (setups.setup(jobId)) {
      case Outcome.Ok<JobContext> ok -> Optional.of(trainUpdate(ok.value(), job, round));
      case Outcome.Rejected<JobContext> r -> {
        if (JobContext.retryable(r.rejection()) && !submissions.lastChance(view)) {
          LOG.info("{}: job {} waits: {}", submissions.address(), jobId, r.rejection());
          yield Optional.empty();
        }
        yield Optional.of(refuseUpdate(jobId, round, r.rejection()));
      }
    };
  }

  /**
   * A trainer's answer to a job it cannot run: it commits to the job's rejection document, as a
   * worker does for a task with bad input, so that it is on record as present and refusing.
   */
  private JobJournalEntry.Update refuseUpdate(BigInteger jobId, long round, Rejection why) {
    Bytes32 digest = contributions.publish(why.document());
    JobJournalEntry.Update entry =
        new JobJournalEntry.UpdateRefused(
            jobId, round, digest, submissions.salt(), contributions.uri(digest), why.code().id());
    contributions.appendRefusal(entry);
    metrics.refused();
    LOG.warn("{} refuses job {} round {}: {}", submissions.address(), jobId, round, why);
    return entry;
  }

  private JobJournalEntry.Update trainUpdate(JobContext context, Job job, long round) {
    float[] global = context.model(job.modelDigest());
    if (shard.features() != context.classifier().features()) {
      throw new IllegalStateException(
          "the local shard has "
              + shard.features()
              + " features, job "
              + context.jobId()
              + " trains "
              + context.parameters().data()
              + " with "
              + context.classifier().features());
    }
    UpdatePolicy.Seeds seeds =
        UpdatePolicy.Seeds.of(context.spec().seed(), round, submissions.address());
    ShardTrainer shardTrainer = ShardTrainer.named(engine, context.classifier());
    float[] trained =
        shardTrainer.train(
            global, shard, context.parameters().training(), policy.trainingSeed(seeds));
    Bytes32 digest = contributions.publish(FlFiles.update(policy.apply(trained, seeds)));
    JobJournalEntry.Update entry =
        new JobJournalEntry.UpdateTrained(
            context.jobId(), round, digest, submissions.salt(), contributions.uri(digest));
    contributions.appendPrepared(entry);
    metrics.trained();
    LOG.info(
        "{} trained job {} round {} with {} ({} rows)",
        submissions.address(),
        context.jobId(),
        round,
        shardTrainer.name(),
        shard.size());
    return entry;
  }
}

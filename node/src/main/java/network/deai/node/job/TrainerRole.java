package network.deai.node.job;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigInteger;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;
import network.deai.contracts.abi.Bytes32;
import network.deai.learning.Dataset;
import network.deai.learning.GaussianNoise;
import network.deai.learning.NoisedCopy;
import network.deai.learning.SignFlip;
import network.deai.node.domain.Job;
import network.deai.node.domain.Outcome;
import network.deai.node.domain.Rejection;
import network.deai.node.domain.Round;
import network.deai.node.domain.Stage;
import network.deai.node.exec.ArtifactStore;

/**
 * The trainer's part of a {@link JobService}: in TrainCommit it fetches the current model, trains
 * on the local shard, stores the update, journals (digest, salt, URI) and commits; for a job that
 * cannot be run it commits to the job's rejection document instead; in TrainReveal it reveals.
 */
final class TrainerRole {
  private final JobService service;
  private final String engine;

  /**
   * The role for {@code service}, training with shard trainer {@code engine} (checked here; the
   * trainer itself is made per job, for the model the job names).
   */
  TrainerRole(JobService service, String engine) {
    ShardTrainer.named(engine, JobContext.MODEL);
    this.service = service;
    this.engine = engine;
  }

  void act(BigInteger jobId, Job job, Round view, long round, int index) {
    String key = JobJournal.key(jobId, round, "update");
    long bit = 1L << index;
    if (view.stage() == Stage.TRAIN_COMMIT && (view.trainCommitted() & bit) == 0) {
      Optional<ObjectNode> prepared =
          service.journal.get(key).or(() -> prepareUpdate(jobId, job, view, round, key));
      if (prepared.isEmpty()) {
        return; // an artifact is unavailable for now: try again on the next block
      }
      ObjectNode entry = prepared.get();
      Bytes32 digest = Bytes32.fromHex(entry.path("digest").asText());
      Bytes32 commitment = service.commitment(jobId, round, digest, digest, entry);
      service.send(
          service.client.commitUpdateData(jobId, commitment),
          "commitUpdate job " + jobId + " round " + round);
    } else if (view.stage() == Stage.TRAIN_REVEAL
        && (view.trainCommitted() & bit) != 0
        && (view.trainRevealed() & bit) == 0) {
      ObjectNode entry = service.journal.get(key).orElseThrow();
      service.send(
          service.client.revealUpdateData(
              jobId,
              Bytes32.fromHex(entry.path("digest").asText()),
              Bytes32.fromHex(entry.path("salt").asText()),
              entry.path("uri").asText()),
          "revealUpdate job " + jobId + " round " + round);
    }
  }

  private Optional<ObjectNode> prepareUpdate(
      BigInteger jobId, Job job, Round view, long round, String key) {
    return switch (service.setup(jobId)) {
      case Outcome.Ok<JobContext> ok -> Optional.of(trainUpdate(ok.value(), job, round, key));
      case Outcome.Rejected<JobContext> r -> {
        if (JobContext.retryable(r.rejection()) && !service.lastChance(view)) {
          JobService.LOG.info(
              "{}: job {} waits: {}", service.sender.address(), jobId, r.rejection());
          yield Optional.empty();
        }
        yield Optional.of(refuseUpdate(jobId, round, key, r.rejection()));
      }
    };
  }

  /**
   * A trainer's answer to a job it cannot run: it commits to the job's rejection document, as a
   * worker does for a task with bad input, so that it is on record as present and refusing.
   */
  private ObjectNode refuseUpdate(BigInteger jobId, long round, String key, Rejection why) {
    Bytes32 digest = service.store.put(why.document());
    ObjectNode entry = JsonNodeFactory.instance.objectNode();
    entry.put("key", key);
    entry.put("digest", JobService.hex(digest));
    entry.put("salt", JobService.hex(service.salt()));
    entry.put("uri", service.artifactBaseUrl + "/artifacts/" + ArtifactStore.hex(digest));
    entry.put("refused", why.code().id());
    service.journal.append(entry);
    service.metrics.refused();
    JobService.LOG.warn(
        "{} refuses job {} round {}: {}", service.sender.address(), jobId, round, why);
    return entry;
  }

  private ObjectNode trainUpdate(JobContext context, Job job, long round, String key) {
    float[] global = context.model(job.modelDigest());
    Dataset shard = java.util.Objects.requireNonNull(service.settings.shard());
    if (shard.features() != context.softmax().features()) {
      throw new IllegalStateException(
          "the local shard has "
              + shard.features()
              + " features, job "
              + context.jobId()
              + " trains "
              + context.parameters().data()
              + " with "
              + context.softmax().features());
    }
    long ownerSeed = context.spec().seed() * 1_000_003L + round * 7_919L;
    long seed = ownerSeed + service.sender.address().hashCode();
    JobService.Behaviour behaviour = service.settings.behaviour();
    ShardTrainer shardTrainer = ShardTrainer.named(engine, context.softmax());
    float[] delta =
        shardTrainer.train(
            global,
            shard,
            context.parameters().training(),
            behaviour == JobService.Behaviour.NOISED_COPY ? ownerSeed : seed);
    SplittableRandom rng = new SplittableRandom(seed);
    delta =
        switch (behaviour) {
          case HONEST -> delta;
          case SIGN_FLIP -> new SignFlip(1.0).craft(delta, List.of(), rng);
          case NOISE -> new GaussianNoise(1.0).craft(delta, List.of(), rng);
          case NOISED_COPY -> new NoisedCopy(0.8, 0.95).craft(delta, List.of(), rng);
        };
    Bytes32 digest = service.store.put(FlFiles.update(delta));
    ObjectNode entry = JsonNodeFactory.instance.objectNode();
    entry.put("key", key);
    entry.put("digest", JobService.hex(digest));
    entry.put("salt", JobService.hex(service.salt()));
    entry.put("uri", service.artifactBaseUrl + "/artifacts/" + ArtifactStore.hex(digest));
    service.journal.append(entry);
    service.rounds.incrementAndGet();
    service.metrics.trained();
    JobService.LOG.info(
        "{} trained job {} round {} with {} ({} rows)",
        service.sender.address(),
        context.jobId(),
        round,
        shardTrainer.name(),
        shard.size());
    return entry;
  }
}

package network.deai.node.job;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigInteger;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import network.deai.contracts.abi.Bytes32;
import network.deai.contracts.abi.Commitment;
import network.deai.contracts.chain.CustomErrors;
import network.deai.contracts.gen.TrainingJobs;
import network.deai.node.domain.ChainNames;
import network.deai.node.domain.Outcome;
import network.deai.node.exec.ArtifactStore;

/**
 * The aggregator's part of a {@link JobService}: in AggregateCommit it fetches and checks the
 * revealed updates, runs {@link RoundComputation}, stores the new model, journals (model, scores,
 * flags, salt, URI) and commits; in AggregateReveal it reveals, then, once reveals are over, posts
 * the agreed scores with {@code settleRound} (members take turns by index, one block apart).
 */
final class AggregatorRole {
  private final JobService service;
  private final Map<String, Long> settleableSince = new HashMap<>();

  AggregatorRole(JobService service) {
    this.service = service;
  }

  void act(
      BigInteger jobId,
      TrainingJobs.JobView job,
      TrainingJobs.RoundView view,
      long round,
      int index,
      int stage) {
    String key = JobJournal.key(jobId, round, "aggregate");
    long bit = 1L << index;
    if (stage == ChainNames.AGGREGATE_COMMIT && (view.aggCommitted.longValueExact() & bit) == 0) {
      Optional<ObjectNode> prepared =
          service.journal.get(key).or(() -> aggregate(jobId, job, view, round));
      if (prepared.isEmpty()) {
        return; // an artifact is unavailable for now: try again on the next block
      }
      ObjectNode entry = prepared.get();
      Bytes32 model = Bytes32.fromHex(entry.path("model").asText());
      Bytes32 fingerprint =
          Commitment.aggregateFingerprint(
              model,
              Bytes32.fromHex(entry.path("scoresDigest").asText()),
              entry.path("flagged").asLong());
      Bytes32 commitment = service.commitment(jobId, round, model, fingerprint, entry);
      service.send(
          service.client.commitAggregateData(jobId, commitment),
          "commitAggregate job " + jobId + " round " + round);
    } else if (stage == ChainNames.AGGREGATE_REVEAL
        && (view.aggCommitted.longValueExact() & bit) != 0) {
      ObjectNode entry = service.journal.get(key).orElseThrow();
      if ((view.aggRevealed.longValueExact() & bit) == 0) {
        service.send(
            service.client.revealAggregateData(
                jobId,
                Bytes32.fromHex(entry.path("model").asText()),
                Bytes32.fromHex(entry.path("scoresDigest").asText()),
                entry.path("flagged").asLong(),
                Bytes32.fromHex(entry.path("salt").asText()),
                entry.path("uri").asText()),
            "revealAggregate job " + jobId + " round " + round);
        return;
      }
      settle(jobId, view, round, index, entry);
    }
  }

  private void settle(
      BigInteger jobId, TrainingJobs.RoundView view, long round, int index, ObjectNode entry) {
    long head = service.client.blockNumber();
    boolean over =
        view.aggRevealed.equals(view.aggCommitted) || head > view.deadline.longValueExact();
    if (!over) {
      return;
    }
    long since = settleableSince.computeIfAbsent(jobId + "/" + round, k -> head);
    if (head < since + index) {
      return; // lower-index members settle first
    }
    JsonNode array = entry.path("scores");
    long[] scores = new long[array.size()];
    for (int i = 0; i < scores.length; i++) {
      scores[i] = array.get(i).asLong();
    }
    String data =
        service.client.settleRoundData(
            jobId,
            Bytes32.fromHex(entry.path("model").asText()),
            entry.path("flagged").asLong(),
            scores);
    Optional<CustomErrors.Decoded> error =
        service.client.simulate(service.sender.address(), data, BigInteger.ZERO);
    if (error.isPresent()) {
      JobService.LOG.debug(
          "settleRound job {} round {} would revert: {}", jobId, round, error.get());
      return;
    }
    service.send(data, "settleRound job " + jobId + " round " + round);
  }

  /**
   * This member's aggregate for the round, journalled, or empty while an artifact it needs cannot
   * be fetched and the commit stage has blocks left to try again.
   */
  private Optional<ObjectNode> aggregate(
      BigInteger jobId, TrainingJobs.JobView job, TrainingJobs.RoundView view, long round) {
    long started = System.nanoTime();
    Bytes32 start = Bytes32.wrap(job.modelDigest);
    RoundAggregate aggregate;
    switch (service.setup(jobId)) {
      case Outcome.Ok<JobContext> ok -> {
        JobContext.Updates updates = ok.value().updates(view, round);
        if (updates.unavailableMask() != 0 && !service.lastChance(view)) {
          JobService.LOG.info(
              "{}: job {} round {} waits for the updates of trainers {}",
              service.sender.address(),
              jobId,
              round,
              Integer.toBinaryString(updates.unavailableMask()));
          return Optional.empty();
        }
        aggregate = RoundAggregate.computed(ok.value().compute(updates, round, start));
      }
      case Outcome.Rejected<JobContext> r -> {
        if (JobContext.retryable(r.rejection()) && !service.lastChance(view)) {
          JobService.LOG.info(
              "{}: job {} waits: {}", service.sender.address(), jobId, r.rejection());
          return Optional.empty();
        }
        aggregate = RoundAggregate.refused(start, view.trainers.size(), r.rejection());
      }
    }
    byte[] file = aggregate.modelFile();
    if (file != null) {
      service.store.put(file);
    }
    ObjectNode entry = journal(JobJournal.key(jobId, round, "aggregate"), aggregate);
    JobService.LOG.info(
        "{} aggregated job {} round {} in {} ms: {}",
        service.sender.address(),
        jobId,
        round,
        (System.nanoTime() - started) / 1_000_000,
        aggregate.summary());
    return Optional.of(entry);
  }

  private ObjectNode journal(String key, RoundAggregate aggregate) {
    ObjectNode entry = JsonNodeFactory.instance.objectNode();
    entry.put("key", key);
    entry.put("model", JobService.hex(aggregate.modelDigest()));
    entry.put("scoresDigest", JobService.hex(aggregate.scoresDigest()));
    entry.put("flagged", aggregate.flaggedMask());
    ArrayNode scores = entry.putArray("scores");
    for (long s : aggregate.scores()) {
      scores.add(s);
    }
    entry.put("salt", JobService.hex(service.salt()));
    entry.put(
        "uri",
        service.artifactBaseUrl + "/artifacts/" + ArtifactStore.hex(aggregate.modelDigest()));
    service.journal.append(entry);
    service.rounds.incrementAndGet();
    return entry;
  }
}

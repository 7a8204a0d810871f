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
      JobContext context,
      TrainingJobs.JobView job,
      TrainingJobs.RoundView view,
      long round,
      int index,
      int stage) {
    BigInteger jobId = context.jobId();
    String key = JobJournal.key(jobId, round, "aggregate");
    long bit = 1L << index;
    if (stage == ChainNames.AGGREGATE_COMMIT && (view.aggCommitted.longValueExact() & bit) == 0) {
      ObjectNode entry =
          service
              .journal
              .get(key)
              .orElseGet(() -> prepareAggregate(context, job, view, round, key));
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

  private ObjectNode prepareAggregate(
      JobContext context,
      TrainingJobs.JobView job,
      TrainingJobs.RoundView view,
      long round,
      String key) {
    long started = System.nanoTime();
    RoundComputation.Result result = context.compute(view, round, Bytes32.wrap(job.modelDigest));
    Bytes32 model = service.store.put(FlFiles.model(JobContext.MODEL, result.model()));
    ObjectNode entry = JsonNodeFactory.instance.objectNode();
    entry.put("key", key);
    entry.put("model", JobService.hex(model));
    entry.put("scoresDigest", JobService.hex(result.scoresDigest()));
    entry.put("flagged", result.flaggedMask());
    ArrayNode scores = entry.putArray("scores");
    for (long s : result.scores()) {
      scores.add(s);
    }
    entry.put("salt", JobService.hex(service.salt()));
    entry.put("uri", service.artifactBaseUrl + "/artifacts/" + ArtifactStore.hex(model));
    service.journal.append(entry);
    service.rounds.incrementAndGet();
    JobService.LOG.info(
        "{} aggregated job {} round {} with {} in {} ms: flagged {}, clusters {}",
        service.sender.address(),
        context.jobId(),
        round,
        result.rule(),
        (System.nanoTime() - started) / 1_000_000,
        Integer.toBinaryString(result.flaggedMask()),
        result.clusters());
    return entry;
  }
}

package network.deai.node.job;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import network.deai.contracts.abi.Bytes32;
import network.deai.node.domain.JobJournalEntry;
import network.deai.node.domain.JobJournalEntry.AggregatePrepared;
import network.deai.node.domain.JobJournalEntry.UpdateRefused;
import network.deai.node.domain.JobJournalEntry.UpdateTrained;
import network.deai.node.journal.LineJournal;

/**
 * The JSON object of a job journal entry; {@link LineJournal} writes it as one checksummed line.
 * {@link #legacy} reads the untyped lines of the job journal's first format.
 */
final class JobJournalCodec implements LineJournal.Codec<JobJournalEntry> {
  @Override
  public ObjectNode encode(JobJournalEntry entry) {
    ObjectNode json = JsonNodeFactory.instance.objectNode();
    json.put("jobId", entry.jobId().toString());
    json.put("round", entry.round());
    switch (entry) {
      case UpdateTrained t -> {
        json.put("type", "UpdateTrained");
        json.put("digest", t.digest().toHex());
      }
      case UpdateRefused r -> {
        json.put("type", "UpdateRefused");
        json.put("digest", r.digest().toHex());
        json.put("code", r.code());
      }
      case AggregatePrepared a -> {
        json.put("type", "AggregatePrepared");
        json.put("complete", a.complete());
        json.put("model", a.model().toHex());
        json.put("scoresDigest", a.scoresDigest().toHex());
        json.put("flagged", a.flagged());
        ArrayNode scores = json.putArray("scores");
        a.scores().forEach(scores::add);
      }
    }
    json.put("salt", entry.salt().toHex());
    json.put("uri", entry.uri());
    return json;
  }

  @Override
  public JobJournalEntry decode(JsonNode json) {
    BigInteger jobId = new BigInteger(text(json, "jobId"));
    long round = number(json, "round");
    Bytes32 salt = Bytes32.fromHex(text(json, "salt"));
    String uri = text(json, "uri");
    return switch (text(json, "type")) {
      case "UpdateTrained" ->
          new UpdateTrained(jobId, round, Bytes32.fromHex(text(json, "digest")), salt, uri);
      case "UpdateRefused" ->
          new UpdateRefused(
              jobId, round, Bytes32.fromHex(text(json, "digest")), salt, uri, text(json, "code"));
      case "AggregatePrepared" -> aggregate(json, jobId, round, salt, uri);
      default -> throw new IllegalArgumentException("unknown entry type " + text(json, "type"));
    };
  }

  /**
   * The entry an untyped line of the first format holds: {@code key} is {@code
   * <job>/<round>/update} or {@code <job>/<round>/aggregate}, digests and salts are bare hex, and a
   * refused update carries {@code refused}.
   */
  static JobJournalEntry legacy(JsonNode json) {
    String[] key = text(json, "key").split("/", -1);
    if (key.length != 3) {
      throw new IllegalArgumentException("bad key " + text(json, "key"));
    }
    BigInteger jobId = new BigInteger(key[0]);
    long round = Long.parseLong(key[1]);
    Bytes32 salt = Bytes32.fromHex(text(json, "salt"));
    String uri = text(json, "uri");
    return switch (key[2]) {
      case "update" -> {
        Bytes32 digest = Bytes32.fromHex(text(json, "digest"));
        yield json.has("refused")
            ? new UpdateRefused(jobId, round, digest, salt, uri, text(json, "refused"))
            : new UpdateTrained(jobId, round, digest, salt, uri);
      }
      case "aggregate" -> aggregate(json, jobId, round, salt, uri);
      default -> throw new IllegalArgumentException("unknown role " + key[2]);
    };
  }

  private static AggregatePrepared aggregate(
      JsonNode json, BigInteger jobId, long round, Bytes32 salt, String uri) {
    JsonNode array = json.get("scores");
    if (array == null || !array.isArray()) {
      throw new IllegalArgumentException("missing field scores");
    }
    List<Long> scores = new ArrayList<>();
    for (JsonNode score : array) {
      if (!score.canConvertToLong()) {
        throw new IllegalArgumentException("bad score " + score);
      }
      scores.add(score.asLong());
    }
    JsonNode complete = json.get("complete");
    return new AggregatePrepared(
        jobId,
        round,
        complete != null && complete.isBoolean() && complete.booleanValue(),
        Bytes32.fromHex(text(json, "model")),
        Bytes32.fromHex(text(json, "scoresDigest")),
        number(json, "flagged"),
        scores,
        salt,
        uri);
  }

  private static String text(JsonNode json, String field) {
    JsonNode value = json.get(field);
    if (value == null || !value.isTextual()) {
      throw new IllegalArgumentException("missing field " + field);
    }
    return value.asText();
  }

  private static long number(JsonNode json, String field) {
    JsonNode value = json.get(field);
    if (value == null || !value.isIntegralNumber() || !value.canConvertToLong()) {
      throw new IllegalArgumentException("missing field " + field);
    }
    return value.longValue();
  }
}

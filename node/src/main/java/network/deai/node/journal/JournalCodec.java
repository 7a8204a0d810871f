package network.deai.node.journal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigInteger;
import network.deai.contracts.abi.Bytes32;
import network.deai.node.domain.JournalEntry;

/**
 * The JSON object of a task journal entry; {@link LineJournal} writes it as one checksummed line.
 */
final class JournalCodec implements LineJournal.Codec<JournalEntry> {
  private static final ObjectMapper MAPPER = new ObjectMapper();

  @Override
  public ObjectNode encode(JournalEntry entry) {
    ObjectNode json = MAPPER.createObjectNode();
    json.put("taskId", entry.taskId().toString());
    switch (entry) {
      case JournalEntry.TaskAssigned a -> json.put("type", "TaskAssigned");
      case JournalEntry.ExecutionRejected r -> {
        json.put("type", "ExecutionRejected");
        json.put("code", r.code());
        json.put("detail", r.detail());
      }
      case JournalEntry.ResultPrepared p -> {
        json.put("type", "ResultPrepared");
        json.put("resultDigest", p.resultDigest().toHex());
        json.put("fingerprint", p.fingerprint().toHex());
        json.put("salt", p.salt().toHex());
        json.put("resultUri", p.resultUri());
      }
      case JournalEntry.CommitSent c -> {
        json.put("type", "CommitSent");
        json.put("commitment", c.commitment().toHex());
        json.put("txHash", c.txHash());
      }
      case JournalEntry.RevealSent r -> {
        json.put("type", "RevealSent");
        json.put("txHash", r.txHash());
      }
      case JournalEntry.TaskClosed c -> {
        json.put("type", "TaskClosed");
        json.put("outcome", c.outcome());
      }
    }
    return json;
  }

  @Override
  public JournalEntry decode(JsonNode json) {
    BigInteger taskId = new BigInteger(text(json, "taskId"));
    return switch (text(json, "type")) {
      case "TaskAssigned" -> new JournalEntry.TaskAssigned(taskId);
      case "ExecutionRejected" ->
          new JournalEntry.ExecutionRejected(taskId, text(json, "code"), text(json, "detail"));
      case "ResultPrepared" ->
          new JournalEntry.ResultPrepared(
              taskId,
              Bytes32.fromHex(text(json, "resultDigest")),
              Bytes32.fromHex(text(json, "fingerprint")),
              Bytes32.fromHex(text(json, "salt")),
              text(json, "resultUri"));
      case "CommitSent" ->
          new JournalEntry.CommitSent(
              taskId, Bytes32.fromHex(text(json, "commitment")), text(json, "txHash"));
      case "RevealSent" -> new JournalEntry.RevealSent(taskId, text(json, "txHash"));
      case "TaskClosed" -> new JournalEntry.TaskClosed(taskId, text(json, "outcome"));
      default -> throw new IllegalArgumentException("unknown entry type " + text(json, "type"));
    };
  }

  private static String text(JsonNode json, String field) {
    JsonNode value = json.get(field);
    if (value == null || !value.isTextual()) {
      throw new IllegalArgumentException("missing field " + field);
    }
    return value.asText();
  }
}

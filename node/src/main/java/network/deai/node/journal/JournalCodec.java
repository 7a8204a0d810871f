package network.deai.node.journal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.zip.CRC32C;
import network.deai.contracts.abi.Bytes32;
import network.deai.node.domain.JournalEntry;

/**
 * One journal line: {@code <crc32c of the JSON, 8 hex digits> <JSON object>\n}. A line whose
 * checksum does not match, or that lacks its newline, was torn by a crash.
 */
final class JournalCodec {
  private static final ObjectMapper MAPPER = new ObjectMapper();

  private JournalCodec() {}

  static byte[] encode(JournalEntry entry) {
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
    String body = json.toString();
    return (checksum(body) + " " + body + "\n").getBytes(StandardCharsets.UTF_8);
  }

  /** Decodes one line without its newline; throws IOException when it is damaged. */
  static JournalEntry decode(String line) throws IOException {
    int space = line.indexOf(' ');
    if (space != 8 || !line.substring(0, 8).equals(checksum(line.substring(9)))) {
      throw new IOException("checksum mismatch");
    }
    JsonNode json = MAPPER.readTree(line.substring(9));
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
      default -> throw new IOException("unknown entry type " + text(json, "type"));
    };
  }

  private static String text(JsonNode json, String field) throws IOException {
    JsonNode value = json.get(field);
    if (value == null || !value.isTextual()) {
      throw new IOException("missing field " + field);
    }
    return value.asText();
  }

  private static String checksum(String body) {
    CRC32C crc = new CRC32C();
    crc.update(body.getBytes(StandardCharsets.UTF_8));
    return HexFormat.of().toHexDigits((int) crc.getValue());
  }
}

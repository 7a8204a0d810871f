package network.deai.node.audit;

import java.math.BigInteger;
import java.util.List;
import network.deai.contracts.gen.TaskManager;
import network.deai.node.domain.Node;
import network.deai.node.domain.SlashReason;
import org.jspecify.annotations.Nullable;
import org.web3j.abi.EventEncoder;
import org.web3j.protocol.core.methods.response.Log;

/** A node's record: its registry entry and every commit, reveal, payment and slash in events. */
public record NodeAudit(
    String address,
    String status,
    BigInteger stake,
    long gpuClass,
    String endpoint,
    BigInteger owed,
    long slashCount,
    int tasksCommitted,
    int tasksRevealed,
    BigInteger totalPaid,
    BigInteger totalSlashed,
    List<Entry> history) {

  /** Copies the history. */
  public NodeAudit {
    history = List.copyOf(history);
  }

  /** One event about the node. */
  public record Entry(
      long block, BigInteger taskId, String event, BigInteger amount, String detail) {
    static @Nullable Entry of(Log log) {
      String topic = log.getTopics().get(0);
      long block = log.getBlockNumber().longValueExact();
      if (topic.equals(EventEncoder.encode(TaskManager.COMMITTED_EVENT))) {
        var e = TaskManager.getCommittedEventFromLog(log);
        return new Entry(block, e.taskId, "Committed", BigInteger.ZERO, "");
      } else if (topic.equals(EventEncoder.encode(TaskManager.REVEALED_EVENT))) {
        var e = TaskManager.getRevealedEventFromLog(log);
        return new Entry(block, e.taskId, "Revealed", BigInteger.ZERO, e.resultURI);
      } else if (topic.equals(EventEncoder.encode(TaskManager.REPLICAPAID_EVENT))) {
        var e = TaskManager.getReplicaPaidEventFromLog(log);
        return new Entry(block, e.taskId, "Paid", e.amount, "");
      } else if (topic.equals(EventEncoder.encode(TaskManager.REPLICASLASHED_EVENT))) {
        var e = TaskManager.getReplicaSlashedEventFromLog(log);
        return new Entry(
            block,
            e.taskId,
            "Slashed",
            e.amount,
            SlashReason.fromChain(e.reason.intValue()).label());
      }
      return null;
    }
  }

  static NodeAudit of(String address, Node info, BigInteger owed, List<Entry> history) {
    BigInteger paid = BigInteger.ZERO;
    BigInteger slashed = BigInteger.ZERO;
    int committed = 0;
    int revealed = 0;
    for (Entry e : history) {
      switch (e.event()) {
        case "Paid" -> paid = paid.add(e.amount());
        case "Slashed" -> slashed = slashed.add(e.amount());
        case "Committed" -> committed++;
        case "Revealed" -> revealed++;
        default -> {}
      }
    }
    return new NodeAudit(
        address,
        info.status().solidityName(),
        info.stake(),
        info.gpuClass(),
        info.endpoint(),
        owed,
        info.slashCount(),
        committed,
        revealed,
        paid,
        slashed,
        history);
  }
}

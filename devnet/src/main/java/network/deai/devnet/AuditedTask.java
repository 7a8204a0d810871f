package network.deai.devnet;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import network.deai.node.audit.Auditor;
import network.deai.node.audit.TaskAudit;
import network.deai.node.chain.TaskManagerClient;
import network.deai.node.domain.Replica;
import network.deai.node.domain.ReplicaOutcome;
import network.deai.node.domain.Task;

/**
 * A task as the report needs it: the {@link Auditor}'s re-check, or, when the auditor cannot
 * re-check the task at all, the chain's own record of it with that failure as its problem, so that
 * one task the auditor does not understand costs an audit failure, not the whole report.
 */
record AuditedTask(
    String state,
    String mode,
    int groupSize,
    List<TaskAudit.Replica> replicas,
    List<String> problems) {
  /** Copies the lists. */
  AuditedTask {
    replicas = List.copyOf(replicas);
    problems = List.copyOf(problems);
  }

  /** Whether the re-check passed. */
  boolean consistent() {
    return problems.isEmpty();
  }

  /** Audits task {@code id}. */
  static AuditedTask of(Auditor auditor, TaskManagerClient client, BigInteger id) {
    try {
      TaskAudit audit = auditor.task(id);
      return new AuditedTask(
          audit.state(), audit.mode(), audit.groupSize(), audit.replicas(), audit.problems());
    } catch (RuntimeException e) {
      return fromChain(client, id, "the auditor could not re-check it: " + e.getMessage());
    }
  }

  private static AuditedTask fromChain(TaskManagerClient client, BigInteger id, String problem) {
    Task task = client.task(id);
    List<String> workers = client.replicas(id);
    List<TaskAudit.Replica> replicas = new ArrayList<>();
    for (int i = 0; i < workers.size(); i++) {
      Replica r = client.replica(id, i);
      replicas.add(
          new TaskAudit.Replica(
              i,
              workers.get(i),
              r.commitment().toHex(),
              "",
              r.fingerprint().toHex(),
              "",
              "",
              false,
              r.outcome().solidityName(),
              r.payout(),
              r.slashed(),
              r.outcome() == ReplicaOutcome.SLASHED_WRONG
                  ? "WrongResult"
                  : r.outcome() == ReplicaOutcome.SLASHED_NO_SHOW ? "NoShow" : "None"));
    }
    return new AuditedTask(
        task.state().solidityName(),
        task.mode().name(),
        task.groupSize(),
        replicas,
        List.of(problem));
  }
}

package network.deai.bench.faults;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import network.deai.node.audit.Auditor;
import network.deai.node.audit.TaskAudit;
import network.deai.node.chain.TaskManagerClient;
import network.deai.node.domain.Node;
import network.deai.node.domain.Task;
import network.deai.node.domain.TaskState;
import org.web3j.protocol.core.DefaultBlockParameterName;

/**
 * What the chain says at the end of a faults run, every worker being honest: slashes, lost tasks
 * and the books.
 *
 * @param honestSlashed slashes of the (all honest) workers: the larger of their nodes' slash counts
 *     and the replica seats the audit finds slashed
 * @param tasksLost tasks that are neither Settled, NoConsensus, nor Expired or Cancelled with the
 *     whole fee credited back, or whose audit (commitments, verdict, payouts) does not check out
 * @param weiUnaccounted |balance − (stakes + owed + open escrows)| + |deposited − withdrawn −
 *     balance|
 * @param states how many tasks ended in each state
 * @param slashes each slashed seat: task, replica, worker, outcome and reason
 */
public record Tally(
    int honestSlashed,
    int tasksLost,
    BigInteger weiUnaccounted,
    int settled,
    int auditProblems,
    Map<String, Integer> states,
    List<String> slashes) {

  /**
   * Reads the outcome of {@code tasks}, the {@code workers}' nodes and the books, given what was
   * {@code deposited} into the contract and {@code withdrawn} from it; {@code accounts} are every
   * address that can be owed (workers, requester, treasury).
   */
  static Tally read(
      TaskManagerClient client,
      List<BigInteger> tasks,
      List<String> workers,
      List<String> accounts,
      BigInteger deposited,
      BigInteger withdrawn) {
    Auditor auditor = new Auditor(client);
    Map<String, Integer> states = new TreeMap<>();
    int lost = 0;
    List<String> slashes = new java.util.ArrayList<>();
    int problems = 0;
    BigInteger escrow = BigInteger.ZERO;
    for (BigInteger id : tasks) {
      Task task = client.task(id);
      states.merge(task.state().solidityName(), 1, Integer::sum);
      if (!task.isFinal()) {
        escrow = escrow.add(task.fee());
        lost++;
        continue;
      }
      TaskAudit audit = auditor.task(id);
      problems += audit.consistent() ? 0 : 1;
      for (TaskAudit.Replica r : audit.replicas()) {
        if (r.slashed().signum() > 0) {
          slashes.add(
              String.format(
                  java.util.Locale.ROOT,
                  "task %s replica %d worker %s: %s %s",
                  id,
                  r.index(),
                  r.worker(),
                  r.outcome(),
                  r.slashReason()));
        }
      }
      lost += lost(task, audit) ? 1 : 0;
    }
    int slashCount = 0;
    BigInteger held = escrow;
    for (String worker : workers) {
      Node node = client.node(worker);
      slashCount += (int) node.slashCount();
      held = held.add(node.stake());
    }
    for (String account : accounts) {
      held = held.add(client.owed(account));
    }
    BigInteger balance = balance(client);
    BigInteger unaccounted =
        balance.subtract(held).abs().add(deposited.subtract(withdrawn).subtract(balance).abs());
    return new Tally(
        Math.max(slashCount, slashes.size()),
        lost,
        unaccounted,
        states.getOrDefault(TaskState.SETTLED.solidityName(), 0),
        problems,
        states,
        slashes);
  }

  private static boolean lost(Task task, TaskAudit audit) {
    if (!audit.consistent()) {
      return true;
    }
    return switch (task.state()) {
      case SETTLED, NO_CONSENSUS -> false;
      case EXPIRED, CANCELLED -> task.requesterCredit().compareTo(audit.fee()) < 0;
      case PENDING, COMMITTING, REVEALING -> true;
    };
  }

  private static BigInteger balance(TaskManagerClient client) {
    try {
      return client
          .web3j()
          .ethGetBalance(client.address(), DefaultBlockParameterName.LATEST)
          .send()
          .getBalance();
    } catch (IOException e) {
      throw new UncheckedIOException("reading the contract's balance failed", e);
    }
  }
}

package network.deai.contracts.testing;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import network.deai.contracts.abi.Bytes32;
import org.web3j.crypto.Credentials;
import org.web3j.protocol.core.methods.response.TransactionReceipt;

/**
 * Prints the gas of full 3-replica task lifecycles (create, startTask, 3 commits, 3 reveals,
 * finalize) summed from real receipts on anvil: one line {@code <scenario> <gasUsed>} per scenario,
 * then per-step lines {@code <scenario>.<step> <gas>}, then {@code withdraw} and {@code abstain}
 * (one replica stepping back while a free node replaces it). Run it with {@code
 * contracts/scripts/gas-report}.
 */
public final class GasReport {
  private GasReport() {}

  /** Starts anvil, deploys, runs the scenarios and prints the table. */
  public static void main(String[] args) {
    try (LocalChain chain = LocalChain.start()) {
      TaskManagerDriver tm = TaskManagerDriver.deploy(chain);
      for (int i = 1; i <= 3; i++) {
        tm.register(chain.account(i));
      }
      Credentials requester = chain.account(29);
      Map<String, Long> report = new LinkedHashMap<>();
      Bytes32 result = Bytes32.fromLongs(11, 12, 13, 14);
      record(report, "lifecycle3-exact-first", lifecycle(tm, requester, 0, result, result));
      record(report, "lifecycle3-exact", lifecycle(tm, requester, 0, result, result));
      record(
          report,
          "lifecycle3-similar",
          lifecycle(tm, requester, 1, result, Bytes32.fromLongs(1, 2, 3, 4)));
      TransactionReceipt withdrawal = TaskManagerDriver.send(tm.as(chain.account(1)).withdraw());
      report.put("withdraw", withdrawal.getGasUsed().longValueExact());
      report.put("abstain", abstain(tm, chain, requester));
      report.forEach((name, gas) -> System.out.println(name + " " + gas));
    }
  }

  private static void record(Map<String, Long> report, String scenario, Map<String, Long> steps) {
    long total = steps.values().stream().mapToLong(Long::longValue).sum();
    report.put(scenario, total);
    steps.forEach((step, gas) -> report.put(scenario + "." + step, gas));
  }

  /**
   * Gas of one replica abstaining while a free node can replace it (a fourth node is registered for
   * it); the task is then left to expire.
   */
  private static long abstain(TaskManagerDriver tm, LocalChain chain, Credentials requester) {
    tm.register(chain.account(4));
    BigInteger taskId =
        tm.createStartedTask(
            requester,
            TaskManagerDriver.params(3, 0, 0, 20),
            BigInteger.valueOf(3_000_000_000_000L));
    Credentials worker = tm.credentialsOf(tm.replicas(taskId).get(0));
    return tm.abstain(worker, taskId).getGasUsed().longValueExact();
  }

  private static Map<String, Long> lifecycle(
      TaskManagerDriver tm, Credentials requester, int mode, Bytes32 digest, Bytes32 fingerprint) {
    Map<String, Long> steps = new LinkedHashMap<>();
    TransactionReceipt created =
        tm.createTask(
            requester,
            TaskManagerDriver.params(3, mode, mode == 1 ? 8 : 0, 20),
            BigInteger.valueOf(3_000_000_000_000L));
    steps.put("create", created.getGasUsed().longValueExact());
    BigInteger taskId = tm.taskIdOf(created);
    steps.put("startTask", tm.startTask(taskId).getGasUsed().longValueExact());
    List<Credentials> workers = new ArrayList<>();
    for (String address : tm.replicas(taskId)) {
      workers.add(tm.credentialsOf(address));
    }
    long commits = 0;
    for (Credentials w : workers) {
      commits += tm.commit(w, taskId, digest, fingerprint).getGasUsed().longValueExact();
    }
    steps.put("commit3", commits);
    long reveals = 0;
    for (Credentials w : workers) {
      reveals += tm.reveal(w, taskId, digest, fingerprint).getGasUsed().longValueExact();
    }
    steps.put("reveal3", reveals);
    steps.put("finalize", tm.finalizeTask(taskId).getGasUsed().longValueExact());
    return steps;
  }
}

package network.deai.node.explorer;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import network.deai.contracts.abi.Bytes32;
import network.deai.contracts.testing.LocalChain;
import network.deai.contracts.testing.TaskManagerDriver;
import org.web3j.crypto.Hash;
import org.web3j.protocol.core.Request;
import org.web3j.protocol.http.HttpService;
import org.web3j.utils.Numeric;

/**
 * Chain states for the explorer's tests, made through the real contract on anvil: settled tasks, a
 * task whose replica is slashed for not revealing, and a tampered one whose stored fingerprints no
 * longer match its events (anvil_setStorageAt), which the audit must report.
 */
final class ExplorerChain {
  static final Bytes32 RESULT = Bytes32.fromLongs(7, 7, 7, 7);

  /** Storage slot of the TaskManager's {@code _tasks} mapping ({@code forge inspect}). */
  private static final int TASKS_SLOT = 6;

  /** Offset of {@code TaskRecord.words} (commitments, then fingerprints) in a task's slots. */
  private static final int WORDS_OFFSET = 5;

  private final LocalChain chain;
  private final TaskManagerDriver tm;

  ExplorerChain(LocalChain chain, TaskManagerDriver tm) {
    this.chain = chain;
    this.tm = tm;
  }

  /** Three replicas commit and reveal the same result: Settled, all paid. */
  BigInteger settled() {
    BigInteger taskId =
        tm.createStartedTask(requester(), TaskManagerDriver.params(3, 0, 0, 10), fee());
    List<String> seats = tm.replicas(taskId);
    seats.forEach(s -> tm.commit(tm.credentialsOf(s), taskId, RESULT, RESULT));
    seats.forEach(s -> tm.reveal(tm.credentialsOf(s), taskId, RESULT, RESULT));
    tm.finalizeTask(taskId);
    return taskId;
  }

  /** Three replicas commit, one never reveals: it is slashed (no-show), the others are paid. */
  BigInteger withNoShow() {
    BigInteger taskId =
        tm.createStartedTask(requester(), TaskManagerDriver.params(3, 0, 0, 10), fee());
    List<String> seats = tm.replicas(taskId);
    seats.forEach(s -> tm.commit(tm.credentialsOf(s), taskId, RESULT, RESULT));
    for (String s : seats.subList(0, 2)) {
      tm.reveal(tm.credentialsOf(s), taskId, RESULT, RESULT);
    }
    chain.mine(12); // past the reveal deadline
    tm.finalizeTask(taskId);
    return taskId;
  }

  /** {@code count} tasks created and left pending (cheap: one transaction each). */
  List<BigInteger> pending(int count) {
    List<BigInteger> ids = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      ids.add(
          tm.taskIdOf(tm.createTask(requester(), TaskManagerDriver.params(3, 0, 0, 10), fee())));
    }
    return ids;
  }

  /**
   * Overwrites the stored fingerprints of a final task's seats with {@code 0xbad…}, as a contract
   * bug or a lying endpoint would, and mines a block: the task's view no longer matches its events.
   */
  void tamperFingerprints(BigInteger taskId, int seats) throws java.io.IOException {
    byte[] key =
        Numeric.hexStringToByteArray(
            Numeric.toHexStringNoPrefixZeroPadded(taskId, 64)
                + Numeric.toHexStringNoPrefixZeroPadded(BigInteger.valueOf(TASKS_SLOT), 64));
    BigInteger base = Numeric.toBigInt(Hash.sha3(key));
    for (int i = 0; i < seats; i++) {
      String slot = Numeric.toHexStringWithPrefix(base.add(BigInteger.valueOf(WORDS_OFFSET + i)));
      String value = "0x" + "0bad".repeat(16);
      new Request<>(
              "anvil_setStorageAt",
              List.of(tm.address(), slot, value),
              new HttpService(chain.rpcUrl()),
              LocalChain.MineResponse.class)
          .send();
    }
    chain.mine(1);
  }

  private org.web3j.crypto.Credentials requester() {
    return chain.account(chain.accountCount() - 1);
  }

  private static BigInteger fee() {
    return TaskManagerDriver.ether(1);
  }
}

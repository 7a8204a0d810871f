package network.deai.node.explorer;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import network.deai.contracts.abi.Bytes32;
import network.deai.contracts.gen.TaskManager;
import network.deai.contracts.testing.LocalChain;
import network.deai.contracts.testing.TaskManagerDriver;
import org.web3j.crypto.Credentials;
import org.web3j.crypto.Hash;
import org.web3j.protocol.core.DefaultBlockParameterName;
import org.web3j.protocol.core.Request;
import org.web3j.protocol.http.HttpService;
import org.web3j.utils.Numeric;

/**
 * Chain states for the explorer's tests, made through the real contract on anvil: settled tasks, a
 * task whose replica is slashed for not revealing, sampled tasks (checked, challenged, unchecked in
 * their challenge window), and tampered ones whose stored fingerprints or check decision no longer
 * match their events (anvil_setStorageAt), which the audit must report.
 */
final class ExplorerChain {
  static final Bytes32 RESULT = Bytes32.fromLongs(7, 7, 7, 7);

  /** Storage slot of the TaskManager's {@code _tasks} mapping ({@code forge inspect}). */
  private static final int TASKS_SLOT = 6;

  /** Offset of {@code TaskRecord.words} (commitments, then fingerprints) in a task's slots. */
  private static final int WORDS_OFFSET = 5;

  /**
   * Slot and bit that turn {@code TaskRecord.stage} Checked (2) into Unchecked (3): the lowest bit
   * of the stage (slot 0, byte offset 21: {@code forge inspect}).
   */
  private static final int STAGE_OFFSET = 0;

  private static final int STAGE_CHECKED_BIT = 21 * 8;

  /** The fee of a sampled task at a low rate: the least the contract takes for three seats. */
  static final BigInteger SMALL_FEE =
      TaskManagerDriver.MIN_FEE_PER_REPLICA.multiply(BigInteger.valueOf(3));

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
   * A sampled task at 100% (three seats, quorum 0): the executor commits, the next block's hash
   * decides it checked, both validators commit, every seat reveals the same result: Settled.
   */
  BigInteger sampledChecked() {
    BigInteger taskId = sampledStarted(10_000, 10, fee());
    Credentials executor = tm.credentialsOf(tm.replicas(taskId).get(0));
    tm.commit(executor, taskId, RESULT, RESULT);
    chain.mine(1); // the decision block, so startTask lands after it
    tm.startTask(taskId);
    List<String> seats = tm.replicas(taskId);
    seats
        .subList(1, seats.size())
        .forEach(s -> tm.commit(tm.credentialsOf(s), taskId, RESULT, RESULT));
    seats.forEach(s -> tm.reveal(tm.credentialsOf(s), taskId, RESULT, RESULT));
    tm.finalizeTask(taskId);
    return taskId;
  }

  /**
   * A sampled task at the least rate the contract takes (1 bps at {@link #SMALL_FEE}) whose check
   * was decided unchecked and whose executor revealed: its challenge window is open. Tries another
   * task in the rare case (1 in 10000) the block hash decides it checked.
   */
  BigInteger sampledUnchecked(int window) {
    for (int attempt = 0; attempt < 3; attempt++) {
      BigInteger taskId = sampledStarted(1, window, SMALL_FEE);
      Credentials executor = tm.credentialsOf(tm.replicas(taskId).get(0));
      tm.commit(executor, taskId, RESULT, RESULT);
      chain.mine(1);
      tm.startTask(taskId);
      if (tm.replicas(taskId).size() == 1) {
        tm.reveal(executor, taskId, RESULT, RESULT);
        return taskId;
      }
      List<String> seats = tm.replicas(taskId);
      seats
          .subList(1, seats.size())
          .forEach(s -> tm.commit(tm.credentialsOf(s), taskId, RESULT, RESULT));
      seats.forEach(s -> tm.reveal(tm.credentialsOf(s), taskId, RESULT, RESULT));
      tm.finalizeTask(taskId);
    }
    throw new IllegalStateException("three tasks at 1 bps were all decided checked");
  }

  /** {@code challenger} challenges the unchecked task, posting {@code challengeBond}. */
  void challenge(BigInteger taskId, Credentials challenger) throws Exception {
    BigInteger bond = tm.as(challenger).challengeBond(taskId).send();
    TaskManagerDriver.send(tm.as(challenger).challenge(taskId, bond));
  }

  /**
   * An unchecked task challenged by {@code challenger}: the validators drawn for the challenge
   * compute the executor's result, so the challenge is rejected and its bond goes to the requester.
   */
  BigInteger challengedRejected(Credentials challenger) throws Exception {
    BigInteger taskId = sampledUnchecked(10);
    challenge(taskId, challenger);
    tm.startTask(taskId);
    List<String> seats = tm.replicas(taskId);
    List<String> validators = seats.subList(1, seats.size());
    validators.forEach(s -> tm.commit(tm.credentialsOf(s), taskId, RESULT, RESULT));
    validators.forEach(s -> tm.reveal(tm.credentialsOf(s), taskId, RESULT, RESULT));
    tm.finalizeTask(taskId);
    return taskId;
  }

  private BigInteger sampledStarted(int rateBps, int window, BigInteger fee) {
    TaskManager.TaskParams p = TaskManagerDriver.params(3, 0, 0, window);
    TaskManager.TaskParams sampled =
        new TaskManager.TaskParams(
            p.kind,
            p.specDigest,
            p.specURI,
            p.gpuClass,
            p.replicas,
            p.quorum,
            p.mode,
            p.maxDistance,
            p.commitWindow,
            p.revealWindow,
            p.minVramMiB,
            p.executors,
            p.startWindow,
            BigInteger.valueOf(rateBps));
    return tm.createStartedTask(requester(), sampled, fee);
  }

  /**
   * Flips the stored check decision of a sampled task, as a contract bug or a lying endpoint would,
   * and mines a block: {@code getSampling} no longer matches the decision block's hash.
   */
  void tamperDecision(BigInteger taskId) throws java.io.IOException {
    BigInteger slot = taskSlot(taskId).add(BigInteger.valueOf(STAGE_OFFSET));
    BigInteger word =
        Numeric.toBigInt(
            chain
                .web3j()
                .ethGetStorageAt(tm.address(), slot, DefaultBlockParameterName.LATEST)
                .send()
                .getData());
    setStorage(slot, word.flipBit(STAGE_CHECKED_BIT));
    chain.mine(1);
  }

  private static BigInteger taskSlot(BigInteger taskId) {
    byte[] key =
        Numeric.hexStringToByteArray(
            Numeric.toHexStringNoPrefixZeroPadded(taskId, 64)
                + Numeric.toHexStringNoPrefixZeroPadded(BigInteger.valueOf(TASKS_SLOT), 64));
    return Numeric.toBigInt(Hash.sha3(key));
  }

  private void setStorage(BigInteger slot, BigInteger value) throws java.io.IOException {
    new Request<>(
            "anvil_setStorageAt",
            List.of(
                tm.address(),
                Numeric.toHexStringWithPrefix(slot),
                Numeric.toHexStringWithPrefixZeroPadded(value, 64)),
            new HttpService(chain.rpcUrl()),
            LocalChain.MineResponse.class)
        .send();
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

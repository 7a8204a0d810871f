package network.deai.contracts.chain;

import static network.deai.contracts.testing.TaskManagerDriver.NO_SHOW;
import static network.deai.contracts.testing.TaskManagerDriver.STAKE;
import static network.deai.contracts.testing.TaskManagerDriver.TREASURY;
import static network.deai.contracts.testing.TaskManagerDriver.ether;
import static network.deai.contracts.testing.TaskManagerDriver.params;
import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigInteger;
import java.util.List;
import network.deai.contracts.abi.Bytes32;
import network.deai.contracts.gen.TaskManager;
import network.deai.contracts.testing.LocalChain;
import network.deai.contracts.testing.LocalChainExtension;
import network.deai.contracts.testing.TaskManagerDriver;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.web3j.crypto.Credentials;
import org.web3j.protocol.core.methods.response.TransactionReceipt;

/** Started tasks: verdicts, payouts of fee / replicas, and penalties credited to the treasury. */
@ExtendWith(LocalChainExtension.class)
class TaskManagerIT {
  private static final Bytes32 GOOD = Bytes32.fromLongs(7, 7, 7, 7);
  private static final Bytes32 BAD = Bytes32.fromLongs(6, 6, 6, 6);
  private static final BigInteger FEE = ether(3);
  private static final BigInteger SHARE = FEE.divide(BigInteger.valueOf(3));
  private static final int WINDOW = 4;

  private LocalChain chain;
  private TaskManagerDriver tm;
  private Credentials requester;

  @BeforeEach
  void deploy(LocalChain chain) {
    this.chain = chain;
    this.tm = TaskManagerDriver.deployWithNodes(chain, 3);
    this.requester = chain.account(29);
  }

  @Test
  void exactLifecyclePaysAllThreeReplicas() {
    BigInteger taskId = create(0, 0);
    List<Credentials> workers = workers(taskId);

    TransactionReceipt receipt = commitRevealFinalize(taskId, workers, GOOD, GOOD, GOOD);

    assertThat(TaskManager.getTaskFinalizedEvents(receipt))
        .singleElement()
        .satisfies(e -> assertThat(e.state).isEqualTo(BigInteger.valueOf(3)))
        .satisfies(e -> assertThat(e.verdictFingerprint).isEqualTo(GOOD.toArray()));
    assertThat(TaskManager.getReplicaPaidEvents(receipt)).hasSize(3);
    for (Credentials w : workers) {
      assertThat(tm.owed(w.getAddress())).isEqualTo(SHARE);
    }
    assertBooksBalance(taskId);
  }

  @Test
  void similarLifecycleLeavesTheFarReplicaUnpaidWithoutASlashByABareMajority() {
    BigInteger taskId = create(1, 3);
    List<Credentials> workers = workers(taskId);
    Bytes32 near = Bytes32.fromLongs(7, 7, 7, 7 ^ 0b101);
    Bytes32 far = Bytes32.fromLongs(~7L, ~7L, ~7L, ~7L);
    Bytes32[] fingerprints = {GOOD, near, far};

    for (int i = 0; i < 3; i++) {
      tm.commit(workers.get(i), taskId, BAD, fingerprints[i]);
    }
    for (int i = 0; i < 3; i++) {
      tm.reveal(workers.get(i), taskId, BAD, fingerprints[i]);
    }
    TransactionReceipt receipt = tm.finalizeTask(taskId);

    // 2 of 3 is a majority but not a group of 3 holding two thirds: it cannot take a stake.
    assertThat(TaskManager.getReplicaSlashedEvents(receipt)).isEmpty();
    assertThat(TaskManager.getReplicaPaidEvents(receipt)).hasSize(2);
    assertThat(tm.node(workers.get(2).getAddress()).stake).isEqualTo(STAKE);
    assertThat(tm.replica(taskId, 2).outcome).isEqualTo(BigInteger.valueOf(4)); // Unpaid
    assertThat(tm.task(taskId).groupMask).isEqualTo(BigInteger.valueOf(3));
    assertThat(tm.owed(TREASURY)).isZero();
    assertThat(tm.owed(requester.getAddress())).isEqualTo(FEE.subtract(SHARE.shiftLeft(1)));
    assertBooksBalance(taskId);
  }

  @Test
  void wrongReplicaInExactModeIsUnpaidAndTheRequesterKeepsItsShare() {
    BigInteger taskId = create(0, 0);
    List<Credentials> workers = workers(taskId);
    commitRevealFinalize(taskId, workers, GOOD, BAD, GOOD);

    assertThat(tm.node(workers.get(1).getAddress()).stake).isEqualTo(STAKE);
    assertThat(tm.owed(workers.get(0).getAddress())).isEqualTo(SHARE);
    assertThat(tm.owed(workers.get(1).getAddress())).isZero();
    assertThat(tm.owed(requester.getAddress())).isEqualTo(FEE.subtract(SHARE.shiftLeft(1)));
    assertThat(tm.owed(TREASURY)).isZero();
    assertBooksBalance(taskId);
  }

  @Test
  void noShowIsPenalisedForTheTreasuryAfterTheDeadlinesPass() {
    BigInteger taskId = create(0, 0);
    List<Credentials> workers = workers(taskId);
    tm.commit(workers.get(0), taskId, GOOD, GOOD);
    tm.commit(workers.get(1), taskId, GOOD, GOOD);
    long commitDeadline = tm.task(taskId).commitDeadline.longValueExact();
    chain.mine(commitDeadline - chain.blockNumber()); // the next transaction lands after it
    tm.reveal(workers.get(0), taskId, GOOD, GOOD);
    tm.reveal(workers.get(1), taskId, GOOD, GOOD);

    TransactionReceipt receipt = tm.finalizeTask(taskId);

    assertThat(TaskManager.getReplicaSlashedEvents(receipt))
        .singleElement()
        .satisfies(e -> assertThat(e.amount).isEqualTo(NO_SHOW))
        .satisfies(e -> assertThat(e.reason).isEqualTo(BigInteger.TWO));
    assertThat(TaskManager.getTreasuryCreditedEvents(receipt))
        .singleElement()
        .satisfies(e -> assertThat(e.amount).isEqualTo(NO_SHOW));
    assertThat(tm.owed(TREASURY)).isEqualTo(NO_SHOW);
    assertBooksBalance(taskId);
  }

  @Test
  void disagreementWithoutAnEscalationPaysAndSlashesNobodyAndSpendsTheRevealedShares() {
    BigInteger taskId = create(0, 0);
    List<Credentials> workers = workers(taskId);
    TransactionReceipt escalated =
        commitRevealFinalize(taskId, workers, GOOD, BAD, Bytes32.fromLongs(5, 5, 5, 5));
    assertThat(TaskManager.getTaskEscalatedEvents(escalated))
        .singleElement()
        .satisfies(e -> assertThat(e.seats).isEqualTo(BigInteger.valueOf(7)));
    TaskManager.TaskView waiting = tm.task(taskId);
    assertThat(waiting.escalationPending).isTrue();
    // Three nodes only: no 7 fresh ones to draw. Past its start deadline the dispute ends.
    chain.mine(waiting.startDeadline.longValueExact() + 1 - chain.blockNumber());
    TransactionReceipt receipt = tm.finalizeTask(taskId);

    assertThat(tm.task(taskId).state).isEqualTo(BigInteger.valueOf(4));
    assertThat(TaskManager.getReplicaSlashedEvents(receipt)).isEmpty();
    assertThat(TaskManager.getReplicaPaidEvents(receipt)).isEmpty();
    assertThat(TaskManager.getTreasuryCreditedEvents(receipt))
        .singleElement()
        .satisfies(e -> assertThat(e.from).isEqualToIgnoringCase(requester.getAddress()))
        .satisfies(e -> assertThat(e.amount).isEqualTo(SHARE.multiply(BigInteger.valueOf(3))));
    for (Credentials w : workers) {
      assertThat(tm.owed(w.getAddress())).isZero();
    }
    assertThat(tm.owed(requester.getAddress()))
        .isEqualTo(FEE.subtract(SHARE.multiply(BigInteger.valueOf(3))));
    assertBooksBalance(taskId);
  }

  @Test
  void decodesCustomErrorsOfRejectedCalls() {
    BigInteger taskId = create(0, 0);
    Credentials stranger = chain.account(20);

    assertThat(tm.revertOf(stranger, tm.as(stranger).commit(taskId, GOOD.toArray())))
        .hasValueSatisfying(
            e -> {
              assertThat(e.name()).isEqualTo("TaskManagerNotReplica");
              assertThat(e.args()).containsExactly(taskId, stranger.getAddress());
            });
    assertThat(
            tm.revertOf(
                stranger,
                tm.as(stranger)
                    .register(
                        BigInteger.ONE,
                        BigInteger.ONE,
                        BigInteger.ONE,
                        BigInteger.ZERO,
                        "",
                        BigInteger.ONE),
                BigInteger.ONE))
        .hasValueSatisfying(
            e -> {
              assertThat(e.name()).isEqualTo("NodeRegistryWrongStake");
              assertThat(e.args()).containsExactly(BigInteger.ONE, STAKE);
            });
    assertThat(tm.revertOf(stranger, tm.as(stranger).finalize(taskId)))
        .hasValueSatisfying(e -> assertThat(e.name()).isEqualTo("TaskManagerNotFinalizable"));
  }

  /**
   * EXACT-mode round: replica i commits and reveals {@code results[i]}, then a keeper finalizes.
   */
  private TransactionReceipt commitRevealFinalize(
      BigInteger taskId, List<Credentials> workers, Bytes32... results) {
    for (int i = 0; i < workers.size(); i++) {
      tm.commit(workers.get(i), taskId, results[i], results[i]);
    }
    for (int i = 0; i < workers.size(); i++) {
      tm.reveal(workers.get(i), taskId, results[i], results[i]);
    }
    return tm.finalizeTask(taskId);
  }

  private BigInteger create(int mode, int maxDistance) {
    return tm.createStartedTask(requester, params(3, mode, maxDistance, WINDOW), FEE);
  }

  private List<Credentials> workers(BigInteger taskId) {
    return tm.replicas(taskId).stream().map(tm::credentialsOf).toList();
  }

  /**
   * Every wei the contract holds is a node's stake or credit, the requester's or the treasury's.
   */
  private void assertBooksBalance(BigInteger taskId) {
    BigInteger total = tm.owed(requester.getAddress()).add(tm.owed(TREASURY));
    for (int i = 1; i <= 3; i++) {
      String node = chain.account(i).getAddress();
      total = total.add(tm.node(node).stake).add(tm.owed(node));
    }
    assertThat(tm.task(taskId).state.intValue()).isGreaterThanOrEqualTo(3);
    assertThat(chain.balance(tm.address())).isEqualTo(total);
  }
}

package network.deai.contracts.chain;

import static network.deai.contracts.testing.TaskManagerDriver.GPU_CLASS;
import static network.deai.contracts.testing.TaskManagerDriver.MIN_FEE_PER_REPLICA;
import static network.deai.contracts.testing.TaskManagerDriver.MIN_WINDOW;
import static network.deai.contracts.testing.TaskManagerDriver.STAKE;
import static network.deai.contracts.testing.TaskManagerDriver.START_WINDOW;
import static network.deai.contracts.testing.TaskManagerDriver.ether;
import static network.deai.contracts.testing.TaskManagerDriver.params;
import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigInteger;
import java.util.List;
import network.deai.contracts.abi.Bytes32;
import network.deai.contracts.abi.TaskSeed;
import network.deai.contracts.gen.TaskManager;
import network.deai.contracts.testing.LocalChain;
import network.deai.contracts.testing.LocalChainExtension;
import network.deai.contracts.testing.TaskManagerDriver;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.web3j.crypto.Credentials;
import org.web3j.protocol.core.methods.response.TransactionReceipt;

/** The two-step start, cancellation, expiry of unstarted tasks, and abstaining replicas. */
@ExtendWith(LocalChainExtension.class)
class TaskStartIT {
  private static final Bytes32 GOOD = Bytes32.fromLongs(7, 7, 7, 7);
  private static final BigInteger FEE = ether(3);
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
  void startDrawsReplicasWithTheHashOfTheCreationBlock() {
    TransactionReceipt created = tm.createTask(requester, params(3, 0, 0, WINDOW), FEE);
    BigInteger taskId = tm.taskIdOf(created);
    assertThat(TaskManager.getTaskPendingEvents(created))
        .singleElement()
        .satisfies(e -> assertThat(e.seedBlock).isEqualTo(created.getBlockNumber()));
    assertThat(tm.task(taskId).state).isZero();
    assertThat(tm.replicas(taskId)).isEmpty();
    Credentials keeper = chain.account(0);
    assertThat(tm.revertOf(keeper, tm.as(keeper).startTask(taskId)))
        .as("simulated in the creation block itself")
        .hasValueSatisfying(
            e -> {
              assertThat(e.name()).isEqualTo("TaskManagerSeedNotReady");
              assertThat(e.args())
                  .containsExactly(taskId, created.getBlockNumber().add(BigInteger.ONE));
            });

    TransactionReceipt started = tm.startTask(taskId);

    Bytes32 expected =
        TaskSeed.compute(
            Bytes32.fromHex(chain.blockHash(created.getBlockNumber().longValueExact())), taskId);
    assertThat(TaskManager.getTaskStartedEvents(started))
        .singleElement()
        .satisfies(e -> assertThat(e.seed).isEqualTo(expected.toArray()))
        .satisfies(e -> assertThat(e.seedBlock).isEqualTo(created.getBlockNumber()))
        .satisfies(e -> assertThat(e.workers).hasSize(3))
        .satisfies(
            e ->
                assertThat(e.commitDeadline)
                    .isEqualTo(started.getBlockNumber().add(BigInteger.valueOf(WINDOW))));
    assertThat(tm.task(taskId).state).isEqualTo(BigInteger.ONE);
  }

  @Test
  void startWaitsUntilEnoughNodesAreFree() {
    BigInteger first = tm.createStartedTask(requester, params(3, 0, 0, 10), FEE);
    BigInteger second = tm.taskIdOf(tm.createTask(requester, params(3, 0, 0, WINDOW), FEE));
    Credentials keeper = chain.account(0);
    chain.mine(1); // simulations run in the latest block, which must be after the seed block

    assertThat(tm.revertOf(keeper, tm.as(keeper).startTask(second)))
        .hasValueSatisfying(
            e -> {
              assertThat(e.name()).isEqualTo("TaskManagerNotEnoughNodes");
              assertThat(e.args())
                  .containsExactly(second, GPU_CLASS, BigInteger.ZERO, BigInteger.valueOf(3));
            });
    List<Credentials> workers = tm.replicas(first).stream().map(tm::credentialsOf).toList();
    for (Credentials w : workers) {
      tm.commit(w, first, GOOD, GOOD);
    }
    for (Credentials w : workers) {
      tm.reveal(w, first, GOOD, GOOD);
    }
    tm.finalizeTask(first);

    assertThat(TaskManager.getTaskStartedEvents(tm.startTask(second))).hasSize(1);
    assertThat(tm.task(second).state).isEqualTo(BigInteger.ONE);
  }

  @Test
  void cancelRefundsAPendingTaskToItsRequesterOnly() {
    BigInteger taskId = tm.taskIdOf(tm.createTask(requester, params(3, 0, 0, WINDOW), FEE));
    Credentials stranger = chain.account(20);
    assertThat(tm.revertOf(stranger, tm.as(stranger).cancelTask(taskId)))
        .hasValueSatisfying(e -> assertThat(e.name()).isEqualTo("TaskManagerNotRequester"));

    TransactionReceipt cancelled = TaskManagerDriver.send(tm.as(requester).cancelTask(taskId));

    assertThat(TaskManager.getTaskFinalizedEvents(cancelled))
        .singleElement()
        .satisfies(e -> assertThat(e.state).isEqualTo(BigInteger.valueOf(6)));
    assertThat(tm.owed(requester.getAddress())).isEqualTo(FEE);
    BigInteger before = chain.balance(requester.getAddress());
    TransactionReceipt withdrawal = TaskManagerDriver.send(tm.as(requester).withdraw());
    BigInteger gasCost =
        withdrawal
            .getGasUsed()
            .multiply(
                withdrawal.getEffectiveGasPrice() == null
                    ? BigInteger.ZERO
                    : new BigInteger(withdrawal.getEffectiveGasPrice().substring(2), 16));
    assertThat(chain.balance(requester.getAddress())).isEqualTo(before.add(FEE).subtract(gasCost));
  }

  @Test
  void unstartedTaskExpiresWithAFullRefundAfterItsStartDeadline() {
    BigInteger taskId = tm.taskIdOf(tm.createTask(requester, params(3, 0, 0, WINDOW), FEE));
    chain.mine(START_WINDOW);

    TransactionReceipt receipt = tm.finalizeTask(taskId);

    assertThat(TaskManager.getTaskFinalizedEvents(receipt))
        .singleElement()
        .satisfies(e -> assertThat(e.state).isEqualTo(BigInteger.valueOf(5)));
    assertThat(tm.owed(requester.getAddress())).isEqualTo(FEE);
  }

  @Test
  void abstainingReplicaIsReplacedByAFreeNode() {
    Credentials spare = chain.account(4);
    tm.register(spare);
    BigInteger taskId = tm.createStartedTask(requester, params(3, 0, 0, WINDOW), FEE);
    List<String> replicas = tm.replicas(taskId);
    String abstainer = replicas.get(1);
    String free =
        List.of(1, 2, 3, 4).stream()
            .map(i -> chain.account(i).getAddress())
            .filter(a -> replicas.stream().noneMatch(a::equalsIgnoreCase))
            .findFirst()
            .orElseThrow();

    TransactionReceipt receipt = tm.abstain(tm.credentialsOf(abstainer), taskId);

    assertThat(TaskManager.getReplicaAbstainedEvents(receipt))
        .singleElement()
        .satisfies(e -> assertThat(e.worker).isEqualToIgnoringCase(abstainer))
        .satisfies(e -> assertThat(e.index).isEqualTo(BigInteger.ONE))
        .satisfies(e -> assertThat(e.replacement).isEqualToIgnoringCase(free));
    assertThat(tm.replicas(taskId).get(1)).isEqualToIgnoringCase(free);
    assertThat(tm.node(abstainer).activeTask).isZero();
    assertThat(tm.node(free).activeTask).isEqualTo(taskId);
  }

  @Test
  void abstainingWithoutReplacementIsNeitherPaidNorSlashed() {
    BigInteger taskId = tm.createStartedTask(requester, params(3, 0, 0, WINDOW), FEE);
    List<Credentials> workers = tm.replicas(taskId).stream().map(tm::credentialsOf).toList();

    TransactionReceipt receipt = tm.abstain(workers.get(0), taskId);
    tm.commit(workers.get(1), taskId, GOOD, GOOD);
    tm.commit(workers.get(2), taskId, GOOD, GOOD);
    tm.reveal(workers.get(1), taskId, GOOD, GOOD);
    tm.reveal(workers.get(2), taskId, GOOD, GOOD);
    TransactionReceipt finalized = tm.finalizeTask(taskId);

    assertThat(TaskManager.getReplicaAbstainedEvents(receipt))
        .singleElement()
        .satisfies(e -> assertThat(e.replacement).isEqualTo("0x" + "0".repeat(40)));
    assertThat(TaskManager.getReplicaSlashedEvents(finalized)).isEmpty();
    assertThat(tm.task(taskId).state).isEqualTo(BigInteger.valueOf(3));
    assertThat(tm.replica(taskId, 0).outcome).isEqualTo(BigInteger.valueOf(5));
    assertThat(tm.node(workers.get(0).getAddress()).stake).isEqualTo(STAKE);
    assertThat(tm.owed(workers.get(0).getAddress())).isZero();
    assertThat(tm.owed(requester.getAddress())).isEqualTo(FEE.divide(BigInteger.valueOf(3)));
  }

  @Test
  void createTaskRejectsLowFeesShortWindowsAndMinorityQuorums() {
    TaskManager.TaskParams p = params(3, 0, 0, WINDOW);
    BigInteger tooLow =
        MIN_FEE_PER_REPLICA.multiply(BigInteger.valueOf(3)).subtract(BigInteger.ONE);
    assertThat(tm.revertOf(requester, tm.as(requester).createTask(p, tooLow), tooLow))
        .hasValueSatisfying(e -> assertThat(e.name()).isEqualTo("TaskManagerFeeTooLow"));
    TaskManager.TaskParams shortWindow = params(3, 0, 0, MIN_WINDOW.intValueExact() - 1);
    assertThat(tm.revertOf(requester, tm.as(requester).createTask(shortWindow, FEE), FEE))
        .hasValueSatisfying(e -> assertThat(e.name()).isEqualTo("TaskManagerInvalidWindow"));
    TaskManager.TaskParams minority = withQuorum(p, 1);
    assertThat(tm.revertOf(requester, tm.as(requester).createTask(minority, FEE), FEE))
        .hasValueSatisfying(
            e -> {
              assertThat(e.name()).isEqualTo("TaskManagerInvalidQuorum");
              assertThat(e.args()).containsExactly(BigInteger.ONE, BigInteger.valueOf(3));
            });
  }

  private static TaskManager.TaskParams withQuorum(TaskManager.TaskParams p, int quorum) {
    return new TaskManager.TaskParams(
        p.kind,
        p.specDigest,
        p.specURI,
        p.gpuClass,
        p.replicas,
        BigInteger.valueOf(quorum),
        p.mode,
        p.maxDistance,
        p.commitWindow,
        p.revealWindow,
        p.minVramMiB,
        p.executors,
        p.startWindow,
        p.sampleRateBps);
  }
}

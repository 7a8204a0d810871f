package network.deai.node.chain;

import java.math.BigInteger;
import java.util.List;
import java.util.Optional;
import network.deai.contracts.abi.Bytes32;
import network.deai.contracts.gen.TaskManager;
import network.deai.node.domain.Node;
import network.deai.node.domain.NodeDeclaration;
import network.deai.node.domain.Replica;
import network.deai.node.domain.Sampling;
import network.deai.node.domain.SelectionDraw;
import network.deai.node.domain.Task;
import org.jspecify.annotations.Nullable;
import org.web3j.protocol.Web3j;
import org.web3j.protocol.core.RemoteFunctionCall;
import org.web3j.tx.ReadonlyTransactionManager;
import org.web3j.tx.gas.DefaultGasProvider;

/**
 * The TaskManager contract over plain JSON-RPC: typed views, call data for transactions (sent by a
 * {@link TransactionSender}), and {@code eth_call} simulation that decodes custom errors.
 */
public final class TaskManagerClient implements TaskChain {
  /** Blocks per {@code eth_getLogs} request. */
  public static final long LOG_RANGE = ContractRpc.LOG_RANGE;

  private final ContractRpc rpc;
  private final TaskManager views;

  private TaskManagerClient(ContractRpc rpc) {
    this.rpc = rpc;
    this.views =
        TaskManager.load(
            rpc.address(),
            rpc.web3j(),
            new ReadonlyTransactionManager(rpc.web3j(), rpc.address()),
            new DefaultGasProvider());
  }

  /**
   * Connects after checking that the endpoint serves {@code expectedChainId} and that {@code
   * address} holds code; a wrong endpoint or address fails here, not at the first transaction.
   */
  public static TaskManagerClient connect(Web3j web3j, String address, long expectedChainId) {
    return new TaskManagerClient(
        ContractRpc.connect(web3j, address, expectedChainId, "TaskManager"));
  }

  /** The contract address. */
  @Override
  public String address() {
    return rpc.address();
  }

  /** The chain id checked at connect. */
  @Override
  public long chainId() {
    return rpc.chainId();
  }

  /** The RPC connection. */
  public Web3j web3j() {
    return rpc.web3j();
  }

  /** The latest block number. */
  @Override
  public long blockNumber() {
    return rpc.blockNumber();
  }

  /** A task's record. */
  @Override
  public Task task(BigInteger taskId) {
    return TaskManagerViews.task(call(views.getTask(taskId)));
  }

  /** A task's sampling record (stage None for a fully replicated task). */
  @Override
  public Sampling sampling(BigInteger taskId) {
    return TaskManagerViews.sampling(call(views.getSampling(taskId)));
  }

  /** The bond a challenge of {@code taskId} must post, in wei. */
  public BigInteger challengeBond(BigInteger taskId) {
    return call(views.challengeBond(taskId));
  }

  /** The lowest check rate, in basis points, that {@code createTask} accepts for this fee share. */
  public int minSampleRateBps(BigInteger feePerSeat) {
    return call(views.minSampleRateBps(feePerSeat)).intValueExact();
  }

  /** A task's replicas in selection order. */
  @Override
  public List<String> replicas(BigInteger taskId) {
    List<?> workers = call(views.getReplicas(taskId));
    return workers.stream().map(Object::toString).toList();
  }

  /** One replica's record. */
  @Override
  public Replica replica(BigInteger taskId, int index) {
    return TaskManagerViews.replica(call(views.getReplica(taskId, BigInteger.valueOf(index))));
  }

  /** A node's record (status None, every number zero, for an address that never registered). */
  @Override
  public Node node(String account) {
    return TaskManagerViews.node(call(views.getNode(account)));
  }

  /** What {@code account} can withdraw. */
  public BigInteger owed(String account) {
    return call(views.owed(account));
  }

  /** The stake a node must lock. */
  public BigInteger nodeStake() {
    return call(views.nodeStake());
  }

  /** The penalty for a wrong result. */
  public BigInteger slashAmount() {
    return call(views.slashAmount());
  }

  /** The penalty for a missed commit or reveal. */
  public BigInteger noShowAmount() {
    return call(views.noShowAmount());
  }

  /** The hash of block {@code number}. */
  public Bytes32 blockHash(long number) {
    return rpc.blockHash(number);
  }

  /** The account every penalty is credited to. */
  public String treasury() {
    return call(views.treasury());
  }

  /** The shortest commit or reveal window a task may ask for, in blocks. */
  public long minWindow() {
    return call(views.minWindow()).longValueExact();
  }

  /** The smallest fee per replica a task may offer, in wei. */
  public BigInteger minFeePerReplica() {
    return call(views.minFeePerReplica());
  }

  /** Active, unassigned nodes of a GPU class. */
  public long availableCount(long gpuClass) {
    return call(views.availableCount(BigInteger.valueOf(gpuClass))).longValueExact();
  }

  /**
   * The available set of {@code gpuClass} with its nodes' declarations as they were at the end of
   * block {@code block} (a historical {@code eth_call}: the endpoint must keep that state), in the
   * order selection draws from.
   */
  public List<SelectionDraw.Candidate> availableSetAt(long gpuClass, long block) {
    TaskManager atBlock =
        TaskManager.load(
            rpc.address(),
            rpc.web3j(),
            new ReadonlyTransactionManager(rpc.web3j(), rpc.address()),
            new DefaultGasProvider());
    atBlock.setDefaultBlockParameter(
        org.web3j.protocol.core.DefaultBlockParameter.valueOf(BigInteger.valueOf(block)));
    BigInteger clazz = BigInteger.valueOf(gpuClass);
    long count = call(atBlock.availableCount(clazz)).longValueExact();
    List<SelectionDraw.Candidate> set = new java.util.ArrayList<>();
    for (long i = 0; i < count; i++) {
      String address = call(atBlock.availableAt(clazz, BigInteger.valueOf(i)));
      Node node = TaskManagerViews.node(call(atBlock.getNode(address)));
      set.add(
          new SelectionDraw.Candidate(
              address, node.vramMiB(), node.executors(), node.minFeePerReplica()));
    }
    return set;
  }

  /** Tasks created so far. */
  public BigInteger taskCount() {
    return call(views.taskCount());
  }

  /**
   * The {@code TaskCreated} event of a task (spec digest and URI live only in events), searched
   * backwards from the head in bounded {@code eth_getLogs} ranges.
   */
  @Override
  public TaskManager.TaskCreatedEventResponse taskCreated(BigInteger taskId) {
    String topic = org.web3j.abi.EventEncoder.encode(TaskManager.TASKCREATED_EVENT);
    String idTopic = org.web3j.utils.Numeric.toHexStringWithPrefixZeroPadded(taskId, 64);
    long to = blockNumber();
    while (to >= 0) {
      long from = Math.max(0, to - LOG_RANGE + 1);
      for (org.web3j.protocol.core.methods.response.Log log : logs(from, to, topic, idTopic)) {
        return TaskManager.getTaskCreatedEventFromLog(log);
      }
      to = from - 1;
    }
    throw new IllegalStateException("no TaskCreated event for task " + taskId);
  }

  /** The {@code TaskStarted} event of a task, or empty while it has not started. */
  public Optional<TaskManager.TaskStartedEventResponse> taskStarted(BigInteger taskId) {
    String topic = org.web3j.abi.EventEncoder.encode(TaskManager.TASKSTARTED_EVENT);
    return taskLogs(taskId).stream()
        .filter(log -> log.getTopics().get(0).equals(topic))
        .map(TaskManager::getTaskStartedEventFromLog)
        .findFirst();
  }

  /** Every log of a task (all its events carry the task id as the first indexed topic). */
  public List<org.web3j.protocol.core.methods.response.Log> taskLogs(BigInteger taskId) {
    return taskLogs(taskId, taskCreated(taskId).log.getBlockNumber().longValueExact());
  }

  /** Every log of a task from block {@code from} (its creation block) on. */
  public List<org.web3j.protocol.core.methods.response.Log> taskLogs(BigInteger taskId, long from) {
    return rpc.logsSince(
        from, null, org.web3j.utils.Numeric.toHexStringWithPrefixZeroPadded(taskId, 64));
  }

  /** Logs of this contract in {@code [from, to]} matching {@code topics} (null = any). */
  public List<org.web3j.protocol.core.methods.response.Log> logs(
      long from, long to, @Nullable String... topics) {
    return rpc.logs(from, to, topics);
  }

  /** Call data for {@code commit}. */
  @Override
  public String commitData(BigInteger taskId, Bytes32 commitment) {
    return views.commit(taskId, commitment.toArray()).encodeFunctionCall();
  }

  /** Call data for {@code reveal}. */
  @Override
  public String revealData(
      BigInteger taskId, Bytes32 resultDigest, Bytes32 fingerprint, Bytes32 salt, String uri) {
    return views
        .reveal(taskId, resultDigest.toArray(), fingerprint.toArray(), salt.toArray(), uri)
        .encodeFunctionCall();
  }

  /** Call data for {@code finalize}. */
  @Override
  public String finalizeData(BigInteger taskId) {
    return views.finalize(taskId).encodeFunctionCall();
  }

  /** Sends {@code register} from {@code sender}'s key with the required stake attached. */
  public TransactionSender.Sent register(TransactionSender sender, NodeDeclaration declaration) {
    return sender.send(
        rpc.address(), nodeStake(), registerData(declaration), BigInteger.valueOf(500_000));
  }

  /** Call data for {@code register}. */
  public String registerData(NodeDeclaration d) {
    return views
        .register(
            BigInteger.valueOf(d.gpuClass()),
            BigInteger.valueOf(d.vramMiB()),
            BigInteger.valueOf(d.executors()),
            d.minFeePerReplica(),
            d.endpoint(),
            BigInteger.ZERO)
        .encodeFunctionCall();
  }

  /** Call data for {@code topUpStake} (send it with the missing stake attached). */
  public String topUpStakeData() {
    return views.topUpStake(BigInteger.ZERO).encodeFunctionCall();
  }

  /** Call data for {@code createTask}. */
  public String createTaskData(TaskManager.TaskParams params) {
    return views.createTask(params, BigInteger.ZERO).encodeFunctionCall();
  }

  /** Call data for {@code startTask} (anyone may start a Pending task). */
  @Override
  public String startTaskData(BigInteger taskId) {
    return views.startTask(taskId).encodeFunctionCall();
  }

  /** Call data for {@code challenge} (send it with {@link #challengeBond} attached). */
  public String challengeData(BigInteger taskId) {
    return views.challenge(taskId, BigInteger.ZERO).encodeFunctionCall();
  }

  /** Call data for {@code cancelTask} (the requester of a Pending task). */
  public String cancelTaskData(BigInteger taskId) {
    return views.cancelTask(taskId).encodeFunctionCall();
  }

  /** Call data for {@code abstain} (a replica that has not committed). */
  @Override
  public String abstainData(BigInteger taskId) {
    return views.abstain(taskId).encodeFunctionCall();
  }

  /** Call data for {@code requestExit}. */
  public String requestExitData() {
    return views.requestExit().encodeFunctionCall();
  }

  /** Call data for {@code withdrawStake}. */
  public String withdrawStakeData() {
    return views.withdrawStake().encodeFunctionCall();
  }

  /** Call data for {@code withdraw}. */
  public String withdrawData() {
    return views.withdraw().encodeFunctionCall();
  }

  /** The error a call would revert with now, or empty when it would succeed. */
  @Override
  public Optional<ChainError> simulate(String from, String data, BigInteger value) {
    return rpc.simulate(from, data, value).map(ChainErrors::decode);
  }

  /**
   * As {@link #simulate}, in the pending block: the block a transaction sent now would be included
   * in (endpoints without one, like Besu, answer for the latest block).
   */
  @Override
  public Optional<ChainError> simulatePending(String from, String data, BigInteger value) {
    return rpc.simulate(
            from, data, value, org.web3j.protocol.core.DefaultBlockParameterName.PENDING)
        .map(ChainErrors::decode);
  }

  private static <T> T call(RemoteFunctionCall<T> call) {
    return ContractRpc.call(call);
  }
}

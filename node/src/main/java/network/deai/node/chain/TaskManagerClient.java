package network.deai.node.chain;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.util.List;
import java.util.Optional;
import network.deai.contracts.abi.Bytes32;
import network.deai.contracts.chain.CustomErrors;
import network.deai.contracts.gen.TaskManager;
import org.jspecify.annotations.Nullable;
import org.web3j.protocol.Web3j;
import org.web3j.protocol.core.DefaultBlockParameterName;
import org.web3j.protocol.core.RemoteFunctionCall;
import org.web3j.protocol.core.methods.request.Transaction;
import org.web3j.protocol.core.methods.response.EthCall;
import org.web3j.tx.ReadonlyTransactionManager;
import org.web3j.tx.gas.DefaultGasProvider;

/**
 * The TaskManager contract over plain JSON-RPC: typed views, call data for transactions (sent by a
 * {@link TransactionSender}), and {@code eth_call} simulation that decodes custom errors.
 */
public final class TaskManagerClient {
  private static final CustomErrors ERRORS = CustomErrors.forContract("TaskManager");

  /** Blocks per {@code eth_getLogs} request. */
  public static final long LOG_RANGE = 5_000;

  private final Web3j web3j;
  private final String address;
  private final long chainId;
  private final TaskManager views;

  private TaskManagerClient(Web3j web3j, String address, long chainId) {
    this.web3j = web3j;
    this.address = address;
    this.chainId = chainId;
    this.views =
        TaskManager.load(
            address,
            web3j,
            new ReadonlyTransactionManager(web3j, address),
            new DefaultGasProvider());
  }

  /**
   * Connects after checking that the endpoint serves {@code expectedChainId} and that {@code
   * address} holds code; a wrong endpoint or address fails here, not at the first transaction.
   */
  public static TaskManagerClient connect(Web3j web3j, String address, long expectedChainId) {
    try {
      long actual = web3j.ethChainId().send().getChainId().longValueExact();
      if (actual != expectedChainId) {
        throw new IllegalArgumentException(
            "RPC endpoint serves chain id "
                + actual
                + " but the configuration expects "
                + expectedChainId
                + "; fix chain_id or rpc_url");
      }
      String code = web3j.ethGetCode(address, DefaultBlockParameterName.LATEST).send().getCode();
      if (code == null || code.equals("0x") || code.isEmpty()) {
        throw new IllegalArgumentException(
            "no contract code at "
                + address
                + " on chain "
                + actual
                + "; fix contract (was it deployed on this chain?)");
      }
      return new TaskManagerClient(web3j, address, actual);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot reach the RPC endpoint: " + e.getMessage(), e);
    }
  }

  /** The contract address. */
  public String address() {
    return address;
  }

  /** The chain id checked at connect. */
  public long chainId() {
    return chainId;
  }

  /** The RPC connection. */
  public Web3j web3j() {
    return web3j;
  }

  /** The latest block number. */
  public long blockNumber() {
    try {
      return web3j.ethBlockNumber().send().getBlockNumber().longValueExact();
    } catch (IOException e) {
      throw new UncheckedIOException("eth_blockNumber failed", e);
    }
  }

  /** A task's record. */
  public TaskManager.TaskView task(BigInteger taskId) {
    return call(views.getTask(taskId));
  }

  /** A task's replicas in selection order. */
  public List<String> replicas(BigInteger taskId) {
    List<?> workers = call(views.getReplicas(taskId));
    return workers.stream().map(Object::toString).toList();
  }

  /** One replica's record. */
  public TaskManager.ReplicaView replica(BigInteger taskId, int index) {
    return call(views.getReplica(taskId, BigInteger.valueOf(index)));
  }

  /** A node's record. */
  public TaskManager.NodeInfo node(String account) {
    return call(views.getNode(account));
  }

  /** What {@code account} can withdraw. */
  public BigInteger owed(String account) {
    return call(views.owed(account));
  }

  /** The stake a node must lock. */
  public BigInteger nodeStake() {
    return call(views.nodeStake());
  }

  /** Active, unassigned nodes of a GPU class. */
  public long availableCount(long gpuClass) {
    return call(views.availableCount(BigInteger.valueOf(gpuClass))).longValueExact();
  }

  /** Tasks created so far. */
  public BigInteger taskCount() {
    return call(views.taskCount());
  }

  /**
   * The {@code TaskCreated} event of a task (spec digest and URI live only in events), searched
   * backwards from the head in bounded {@code eth_getLogs} ranges.
   */
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

  /** Every log of a task (all its events carry the task id as the first indexed topic). */
  public List<org.web3j.protocol.core.methods.response.Log> taskLogs(BigInteger taskId) {
    return taskLogs(taskId, taskCreated(taskId).log.getBlockNumber().longValueExact());
  }

  /** Every log of a task from block {@code from} (its creation block) on. */
  public List<org.web3j.protocol.core.methods.response.Log> taskLogs(BigInteger taskId, long from) {
    String idTopic = org.web3j.utils.Numeric.toHexStringWithPrefixZeroPadded(taskId, 64);
    List<org.web3j.protocol.core.methods.response.Log> out = new java.util.ArrayList<>();
    long head = blockNumber();
    for (long start = from; start <= head; start += LOG_RANGE) {
      out.addAll(logs(start, Math.min(head, start + LOG_RANGE - 1), null, idTopic));
    }
    return out;
  }

  /** Logs of this contract in {@code [from, to]} matching {@code topics} (null = any). */
  @SuppressWarnings("rawtypes") // web3j's EthLog API is declared with raw LogResult
  public List<org.web3j.protocol.core.methods.response.Log> logs(
      long from, long to, @Nullable String... topics) {
    org.web3j.protocol.core.methods.request.EthFilter filter =
        new org.web3j.protocol.core.methods.request.EthFilter(
            org.web3j.protocol.core.DefaultBlockParameter.valueOf(BigInteger.valueOf(from)),
            org.web3j.protocol.core.DefaultBlockParameter.valueOf(BigInteger.valueOf(to)),
            address);
    for (String topic : topics) {
      if (topic == null) {
        filter.addNullTopic();
      } else {
        filter.addSingleTopic(topic);
      }
    }
    try {
      org.web3j.protocol.core.methods.response.EthLog response = web3j.ethGetLogs(filter).send();
      if (response.hasError()) {
        throw new UncheckedIOException(
            new IOException("eth_getLogs failed: " + response.getError().getMessage()));
      }
      List<org.web3j.protocol.core.methods.response.Log> out = new java.util.ArrayList<>();
      for (org.web3j.protocol.core.methods.response.EthLog.LogResult result : response.getLogs()) {
        out.add((org.web3j.protocol.core.methods.response.Log) result.get());
      }
      return out;
    } catch (IOException e) {
      throw new UncheckedIOException("eth_getLogs failed: " + e.getMessage(), e);
    }
  }

  /** Call data for {@code commit}. */
  public String commitData(BigInteger taskId, Bytes32 commitment) {
    return views.commit(taskId, commitment.toArray()).encodeFunctionCall();
  }

  /** Call data for {@code reveal}. */
  public String revealData(
      BigInteger taskId, Bytes32 resultDigest, Bytes32 fingerprint, Bytes32 salt, String uri) {
    return views
        .reveal(taskId, resultDigest.toArray(), fingerprint.toArray(), salt.toArray(), uri)
        .encodeFunctionCall();
  }

  /** Call data for {@code finalize}. */
  public String finalizeData(BigInteger taskId) {
    return views.finalize(taskId).encodeFunctionCall();
  }

  /** Sends {@code register} from {@code sender}'s key with the required stake attached. */
  public TransactionSender.Sent register(
      TransactionSender sender, long gpuClass, long vramMiB, String endpoint) {
    return sender.send(
        address,
        nodeStake(),
        registerData(gpuClass, vramMiB, endpoint),
        BigInteger.valueOf(500_000));
  }

  /** Call data for {@code register}. */
  public String registerData(long gpuClass, long vramMiB, String endpoint) {
    return views
        .register(
            BigInteger.valueOf(gpuClass), BigInteger.valueOf(vramMiB), endpoint, BigInteger.ZERO)
        .encodeFunctionCall();
  }

  /** Call data for {@code createTask}. */
  public String createTaskData(TaskManager.TaskParams params) {
    return views.createTask(params, BigInteger.ZERO).encodeFunctionCall();
  }

  /** Call data for {@code withdraw}. */
  public String withdrawData() {
    return views.withdraw().encodeFunctionCall();
  }

  /** The custom error a call would revert with now, or empty when it would succeed. */
  public Optional<CustomErrors.Decoded> simulate(String from, String data, BigInteger value) {
    try {
      EthCall result =
          web3j
              .ethCall(
                  Transaction.createFunctionCallTransaction(
                      from, null, null, null, address, value, data),
                  DefaultBlockParameterName.LATEST)
              .send();
      if (!result.hasError()) {
        return Optional.empty();
      }
      Object revert = result.getError().getData();
      String hex = revert == null ? "" : revert.toString().replace("\"", "");
      return Optional.of(
          ERRORS
              .decode(hex)
              .orElse(new CustomErrors.Decoded(result.getError().getMessage(), List.of())));
    } catch (IOException e) {
      throw new UncheckedIOException("eth_call failed", e);
    }
  }

  private static <T> T call(RemoteFunctionCall<T> call) {
    try {
      return call.send();
    } catch (IOException e) {
      throw new UncheckedIOException("contract view failed: " + e.getMessage(), e);
    } catch (Exception e) {
      throw new IllegalStateException("contract view failed: " + e.getMessage(), e);
    }
  }
}

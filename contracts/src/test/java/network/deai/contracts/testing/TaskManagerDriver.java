package network.deai.contracts.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import network.deai.contracts.abi.Address;
import network.deai.contracts.abi.Bytes32;
import network.deai.contracts.abi.Commitment;
import network.deai.contracts.chain.CustomErrors;
import network.deai.contracts.gen.TaskManager;
import org.web3j.crypto.Credentials;
import org.web3j.protocol.core.DefaultBlockParameterName;
import org.web3j.protocol.core.RemoteFunctionCall;
import org.web3j.protocol.core.methods.request.Transaction;
import org.web3j.protocol.core.methods.response.EthCall;
import org.web3j.protocol.core.methods.response.TransactionReceipt;
import org.web3j.tx.gas.ContractGasProvider;
import org.web3j.tx.gas.StaticGasProvider;

/**
 * Drives a freshly deployed TaskManager on a {@link LocalChain} through the generated web3j
 * wrapper: registering nodes, creating tasks, committing and revealing with the canonical Java
 * commitment, finalizing, and decoding custom errors of calls that would revert.
 */
public final class TaskManagerDriver {
  /** Default economics used by the tests (wei). */
  public static final BigInteger STAKE = ether(10);

  public static final BigInteger SLASH = ether(1);
  public static final BigInteger NO_SHOW = ether(2);
  public static final BigInteger UNBONDING = BigInteger.TEN;
  public static final BigInteger GPU_CLASS = BigInteger.ONE;

  /** Account every penalty is credited to: a burn address nobody holds a key for. */
  public static final String TREASURY = "0x000000000000000000000000000000000000dEaD";

  /** Shortest commit or reveal window a task may ask for, in blocks. */
  public static final BigInteger MIN_WINDOW = BigInteger.TWO;

  /** Smallest fee per replica a task may offer (1 gwei). */
  public static final BigInteger MIN_FEE_PER_REPLICA = BigInteger.TEN.pow(9);

  /** Executor kinds every test node declares (linear, djl-linear, process). */
  public static final BigInteger EXECUTORS = BigInteger.valueOf(0b111);

  /** Blocks a test task may stay Pending. */
  public static final int START_WINDOW = 100;

  private static final ContractGasProvider GAS =
      new StaticGasProvider(BigInteger.valueOf(2_000_000_000L), BigInteger.valueOf(10_000_000));
  private static final CustomErrors ERRORS = CustomErrors.forContract("TaskManager");

  private final LocalChain chain;
  private final String address;

  private TaskManagerDriver(LocalChain chain, String address) {
    this.chain = chain;
    this.address = address;
  }

  /** Deploys a TaskManager from account 0 with the default economics. */
  public static TaskManagerDriver deploy(LocalChain chain) {
    try {
      TaskManager deployed =
          TaskManager.deploy(
                  chain.web3j(),
                  chain.transactionManager(chain.account(0)),
                  GAS,
                  STAKE,
                  SLASH,
                  NO_SHOW,
                  UNBONDING,
                  TREASURY,
                  MIN_WINDOW,
                  MIN_FEE_PER_REPLICA)
              .send();
      return new TaskManagerDriver(chain, deployed.getContractAddress());
    } catch (Exception e) {
      throw new IllegalStateException("deploying TaskManager failed", e);
    }
  }

  /** Drives a TaskManager already deployed at {@code address} with the default economics. */
  public static TaskManagerDriver at(LocalChain chain, String address) {
    return new TaskManagerDriver(chain, address);
  }

  /** Deploys as {@link #deploy} and registers accounts 1 to {@code nodes} as nodes. */
  public static TaskManagerDriver deployWithNodes(LocalChain chain, int nodes) {
    TaskManagerDriver tm = deploy(chain);
    for (int i = 1; i <= nodes; i++) {
      tm.register(chain.account(i));
    }
    return tm;
  }

  /** Wei from ether. */
  public static BigInteger ether(long amount) {
    return BigInteger.TEN.pow(18).multiply(BigInteger.valueOf(amount));
  }

  /** The contract address. */
  public String address() {
    return address;
  }

  /** The wrapper bound to {@code who}'s key. */
  public TaskManager as(Credentials who) {
    return TaskManager.load(address, chain.web3j(), chain.transactionManager(who), GAS);
  }

  /**
   * Registers {@code node} with the exact stake, declaring every executor kind and no minimum fee.
   */
  public TransactionReceipt register(Credentials node) {
    return send(
        as(node)
            .register(
                GPU_CLASS,
                BigInteger.valueOf(24576),
                EXECUTORS,
                BigInteger.ZERO,
                "http://127.0.0.1:9000",
                STAKE));
  }

  /** Task parameters with commit and reveal windows of {@code window} blocks. */
  public static TaskManager.TaskParams params(int replicas, int mode, int maxDistance, int window) {
    return new TaskManager.TaskParams(
        BigInteger.ZERO,
        Bytes32.fromLongs(1, 2, 3, 4).toArray(),
        "http://127.0.0.1:9000/spec",
        GPU_CLASS,
        BigInteger.valueOf(replicas),
        BigInteger.ZERO,
        BigInteger.valueOf(mode),
        BigInteger.valueOf(maxDistance),
        BigInteger.valueOf(window),
        BigInteger.valueOf(window),
        BigInteger.ZERO,
        BigInteger.ZERO,
        BigInteger.valueOf(START_WINDOW),
        BigInteger.ZERO);
  }

  /** Creates a Pending task and returns the creation receipt. */
  public TransactionReceipt createTask(
      Credentials requester, TaskManager.TaskParams p, BigInteger fee) {
    return send(as(requester).createTask(p, fee));
  }

  /**
   * Starts a Pending task from account 0 (anyone may); with automine the call lands in a later
   * block than the creation, so the seed block's hash exists.
   */
  public TransactionReceipt startTask(BigInteger taskId) {
    return send(as(chain.account(0)).startTask(taskId));
  }

  /** Creates a task, starts it and returns its id. */
  public BigInteger createStartedTask(
      Credentials requester, TaskManager.TaskParams p, BigInteger fee) {
    BigInteger taskId = taskIdOf(createTask(requester, p, fee));
    startTask(taskId);
    return taskId;
  }

  /** {@code worker}, a replica that has not committed, abstains. */
  public TransactionReceipt abstain(Credentials worker, BigInteger taskId) {
    return send(as(worker).abstain(taskId));
  }

  /** The id of the task created in {@code receipt}. */
  public BigInteger taskIdOf(TransactionReceipt receipt) {
    return TaskManager.getTaskCreatedEvents(receipt).get(0).taskId;
  }

  /** The salt a test worker uses for a task (deterministic so tests can reveal it). */
  public static Bytes32 saltFor(BigInteger taskId, Credentials worker) {
    return network.deai.contracts.crypto.Hashes.keccak256(
        (taskId + ":" + worker.getAddress()).getBytes(java.nio.charset.StandardCharsets.UTF_8));
  }

  /** Commits with the commitment computed by {@link Commitment#compute}. */
  public TransactionReceipt commit(
      Credentials worker, BigInteger taskId, Bytes32 digest, Bytes32 fingerprint) {
    Bytes32 commitment =
        Commitment.compute(
            LocalChain.CHAIN_ID,
            Address.of(address),
            taskId,
            Address.of(worker.getAddress()),
            digest,
            fingerprint,
            saltFor(taskId, worker));
    return send(as(worker).commit(taskId, commitment.toArray()));
  }

  /** Reveals the values behind {@link #commit}. */
  public TransactionReceipt reveal(
      Credentials worker, BigInteger taskId, Bytes32 digest, Bytes32 fingerprint) {
    return send(
        as(worker)
            .reveal(
                taskId,
                digest.toArray(),
                fingerprint.toArray(),
                saltFor(taskId, worker).toArray(),
                "http://127.0.0.1:9000/result"));
  }

  /** Finalizes a task from account 0 (a keeper). */
  public TransactionReceipt finalizeTask(BigInteger taskId) {
    return send(as(chain.account(0)).finalize(taskId));
  }

  /** Replicas of a task, in replica order. */
  public List<String> replicas(BigInteger taskId) {
    try {
      List<?> raw = as(chain.account(0)).getReplicas(taskId).send();
      List<String> out = new ArrayList<>();
      for (Object o : raw) {
        out.add(o.toString());
      }
      return out;
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  /** The task record. */
  public TaskManager.TaskView task(BigInteger taskId) {
    return call(as(chain.account(0)).getTask(taskId));
  }

  /** Replica {@code index} of a started task. */
  public TaskManager.ReplicaView replica(BigInteger taskId, int index) {
    return call(as(chain.account(0)).getReplica(taskId, BigInteger.valueOf(index)));
  }

  /** Wei owed to an account. */
  public BigInteger owed(String account) {
    return call(as(chain.account(0)).owed(account));
  }

  /** A node's record. */
  public TaskManager.NodeInfo node(String account) {
    return call(as(chain.account(0)).getNode(account));
  }

  /**
   * Simulates {@code call} from {@code from} with eth_call and decodes the custom error it reverts
   * with; empty when it would succeed.
   */
  public Optional<CustomErrors.Decoded> revertOf(Credentials from, RemoteFunctionCall<?> call) {
    return revertOf(from, call, BigInteger.ZERO);
  }

  /** As {@link #revertOf(Credentials, RemoteFunctionCall)} with {@code value} wei attached. */
  public Optional<CustomErrors.Decoded> revertOf(
      Credentials from, RemoteFunctionCall<?> call, BigInteger value) {
    try {
      EthCall result =
          chain
              .web3j()
              .ethCall(
                  Transaction.createFunctionCallTransaction(
                      from.getAddress(),
                      null,
                      null,
                      null,
                      address,
                      value,
                      call.encodeFunctionCall()),
                  DefaultBlockParameterName.LATEST)
              .send();
      if (!result.hasError()) {
        return Optional.empty();
      }
      Object data = result.getError().getData();
      String hex = data == null ? "" : data.toString().replace("\"", "");
      return ERRORS.decode(hex);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Resolves {@link Credentials} for an address among the chain's funded accounts. */
  public Credentials credentialsOf(String address) {
    for (int i = 0; i < chain.accountCount(); i++) {
      if (chain.account(i).getAddress().equalsIgnoreCase(address)) {
        return chain.account(i);
      }
    }
    throw new IllegalArgumentException("no funded account " + address);
  }

  /** Sends a transaction and fails unless its receipt reports success. */
  public static TransactionReceipt send(RemoteFunctionCall<TransactionReceipt> call) {
    try {
      TransactionReceipt receipt = call.send();
      if (!receipt.isStatusOK()) {
        throw new IllegalStateException("transaction reverted: " + receipt.getTransactionHash());
      }
      return receipt;
    } catch (Exception e) {
      throw new IllegalStateException("transaction failed: " + e.getMessage(), e);
    }
  }

  private static <T> T call(RemoteFunctionCall<T> call) {
    try {
      return call.send();
    } catch (Exception e) {
      throw new IllegalStateException("call failed: " + e.getMessage(), e);
    }
  }
}

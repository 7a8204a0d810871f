package network.deai.node.chain;

import java.math.BigInteger;
import java.util.List;
import java.util.Optional;
import network.deai.contracts.abi.Bytes32;
import network.deai.contracts.gen.TaskManager;
import network.deai.node.domain.Node;
import network.deai.node.domain.Replica;
import network.deai.node.domain.Sampling;
import network.deai.node.domain.Task;

/**
 * The TaskManager as a worker sees it: the reads its task loop decides from (block number, tasks,
 * seats, sampling records, node records, a task's creation event), the call data of the
 * transactions it sends through a {@link ChainWriter}, and {@code eth_call} simulation. {@link
 * TaskManagerClient} is the implementation over JSON-RPC; the node's tests drive the worker against
 * an in-memory fake of it. A read that fails (the endpoint is down) throws an unchecked exception;
 * a simulated revert is a {@link ChainError} value.
 */
public interface TaskChain {
  /** The contract address. */
  String address();

  /** The chain id checked at connect. */
  long chainId();

  /** The latest block number. */
  long blockNumber();

  /** A task's record. */
  Task task(BigInteger taskId);

  /** A task's sampling record (stage None for a fully replicated task). */
  Sampling sampling(BigInteger taskId);

  /** A task's replicas in selection order. */
  List<String> replicas(BigInteger taskId);

  /** One replica's record. */
  Replica replica(BigInteger taskId, int index);

  /** A node's record (status None, every number zero, for an address that never registered). */
  Node node(String account);

  /** The {@code TaskCreated} event of a task (its spec digest and URI live only in events). */
  TaskManager.TaskCreatedEventResponse taskCreated(BigInteger taskId);

  /** Call data for {@code commit}. */
  String commitData(BigInteger taskId, Bytes32 commitment);

  /** Call data for {@code reveal}. */
  String revealData(
      BigInteger taskId, Bytes32 resultDigest, Bytes32 fingerprint, Bytes32 salt, String uri);

  /** Call data for {@code finalize}. */
  String finalizeData(BigInteger taskId);

  /** Call data for {@code startTask} (anyone may start a Pending task). */
  String startTaskData(BigInteger taskId);

  /** Call data for {@code abstain} (a replica that has not committed). */
  String abstainData(BigInteger taskId);

  /** The error a call would revert with now, or empty when it would succeed. */
  Optional<ChainError> simulate(String from, String data, BigInteger value);

  /** As {@link #simulate}, in the pending block: the one a transaction sent now would land in. */
  Optional<ChainError> simulatePending(String from, String data, BigInteger value);
}

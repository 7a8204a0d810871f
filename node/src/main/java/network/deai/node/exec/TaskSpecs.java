package network.deai.node.exec;

import java.math.BigInteger;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import network.deai.contracts.abi.Bytes32;
import network.deai.contracts.gen.TaskManager;
import network.deai.node.chain.TaskChain;

/**
 * The spec digest and URI of open tasks, taken from their {@code TaskCreated} logs as they pass, or
 * read from the chain for a task created before the worker followed it. Bounded: an evicted entry
 * is read again.
 */
final class TaskSpecs {
  private static final int LIMIT = 10_000;

  private record SpecRef(Bytes32 digest, String uri) {}

  private final TaskChain client;
  private final Map<BigInteger, SpecRef> specs = new ConcurrentHashMap<>();

  TaskSpecs(TaskChain client) {
    this.client = client;
  }

  /** Remembers a task's spec from its creation log. */
  void created(TaskManager.TaskCreatedEventResponse created) {
    if (specs.size() > LIMIT) {
      specs.clear(); // a bounded cache: taskCreated() finds evicted entries on chain
    }
    specs.put(created.taskId, new SpecRef(Bytes32.wrap(created.specDigest), created.specURI));
  }

  Bytes32 digest(BigInteger taskId) {
    return specs.computeIfAbsent(taskId, this::load).digest();
  }

  String uri(BigInteger taskId) {
    return specs.computeIfAbsent(taskId, this::load).uri();
  }

  void forget(BigInteger taskId) {
    specs.remove(taskId);
  }

  private SpecRef load(BigInteger taskId) {
    TaskManager.TaskCreatedEventResponse created = client.taskCreated(taskId);
    return new SpecRef(Bytes32.wrap(created.specDigest), created.specURI);
  }
}

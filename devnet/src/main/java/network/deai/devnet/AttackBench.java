package network.deai.devnet;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.io.PrintStream;
import java.math.BigInteger;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import network.deai.node.chain.TaskManagerClient;
import network.deai.node.chain.TransactionSender;
import network.deai.node.domain.ArtifactRef;
import network.deai.node.domain.ExecutorKinds;
import network.deai.node.domain.TaskSpec;
import network.deai.node.domain.TaskState;
import network.deai.node.requester.DigitsWorkload;
import network.deai.node.requester.Requester;
import org.web3j.crypto.Credentials;

/**
 * What every task attack works against: the TaskManager, the honest workers running the node
 * software, an honest artifact store with the digits model, and the measurements (stake of the
 * honest identities, what an attacker can take out of the contract, the books check of {@link
 * Monitor} on every block while an attack's tasks run).
 */
final class AttackBench {
  /** GPU class the honest workers serve. */
  static final long SERVED_CLASS = 1;

  private final TaskManagerClient client;
  private final List<String> honest;
  private final String store;
  private final Path workDir;
  private final PrintStream out;
  private final Set<String> accounts = new TreeSet<>();
  private final DigitsWorkload workload;
  private final ArtifactRef model;
  int booksChecks;
  int booksViolations;

  AttackBench(
      TaskManagerClient client,
      List<String> honest,
      String store,
      long seed,
      Path workDir,
      PrintStream out) {
    this.client = client;
    this.honest = List.copyOf(honest);
    this.store = store;
    this.workDir = workDir;
    this.out = out;
    this.accounts.addAll(honest.stream().map(a -> a.toLowerCase(Locale.ROOT)).toList());
    this.workload = DigitsWorkload.train(seed);
    this.model =
        Requester.upload(java.net.http.HttpClient.newHttpClient(), workload.model(), store);
  }

  TaskManagerClient client() {
    return client;
  }

  PrintStream out() {
    return out;
  }

  /** Honest worker identities. */
  int honestCount() {
    return honest.size();
  }

  /** A requester signing with {@code key}; its account joins the books check. */
  Requester requester(Credentials key, String name) {
    accounts.add(key.getAddress().toLowerCase(Locale.ROOT));
    return new Requester(
        client,
        TransactionSender.open(
            client.web3j(),
            key,
            client.chainId(),
            workDir.resolve(name + "-outbox"),
            Duration.ofMillis(20)));
  }

  /** An EXACT digits spec over 16 inputs starting at row {@code 16 * index}. */
  TaskSpec spec(int index) {
    ArtifactRef inputs =
        Requester.upload(
            java.net.http.HttpClient.newHttpClient(), workload.inputs(index * 16, 16), store);
    return new TaskSpec("linear", inputs, model, JsonNodeFactory.instance.objectNode(), index);
  }

  /** Honest store URL (the first worker's artifact store). */
  String store() {
    return store;
  }

  /** EXACT task parameters for the digits spec's executor. */
  static Requester.Params params(
      int replicas, int window, BigInteger fee, long gpuClass, int startWindow) {
    return new Requester.Params(
        0,
        replicas,
        0,
        0,
        window,
        window,
        gpuClass,
        fee,
        0,
        ExecutorKinds.requirement("linear"),
        startWindow);
  }

  /** Current stake of each honest identity. */
  Map<String, BigInteger> stakes() {
    Map<String, BigInteger> stakes = new LinkedHashMap<>();
    for (String a : honest) {
      stakes.put(a, client.node(a).stake());
    }
    return stakes;
  }

  /** Stake the honest identities lost since {@code before} was taken. */
  BigInteger honestLoss(Map<String, BigInteger> before) {
    BigInteger loss = BigInteger.ZERO;
    for (var e : before.entrySet()) {
      loss = loss.add(e.getValue().subtract(client.node(e.getKey()).stake()).max(BigInteger.ZERO));
    }
    return loss;
  }

  /** What {@code attacker} can withdraw now minus what it paid into the contract. */
  BigInteger gain(Credentials attacker, BigInteger paidIn) {
    return client.owed(attacker.getAddress()).subtract(paidIn);
  }

  /**
   * Follows {@code tasks} to final states with {@link Monitor}: {@code starter} tries to start the
   * Pending ones on every block, {@code finalizer} finalizes any left past a deadline, and the
   * books (every account the bench knows) are checked on every block.
   */
  void follow(Requester starter, Credentials finalizer, List<BigInteger> tasks)
      throws InterruptedException {
    Set<String> others = new TreeSet<>(accounts);
    others.remove(finalizer.getAddress().toLowerCase(Locale.ROOT)); // Monitor adds it itself
    Monitor monitor = new Monitor(client, starter, finalizer, tasks, others, out);
    try {
      monitor.awaitAll(Duration.ofSeconds(90));
    } finally {
      booksChecks += monitor.booksChecks();
      booksViolations += monitor.booksViolations().size();
      monitor.booksViolations().forEach(v -> out.println("BOOKS VIOLATION " + v));
    }
  }

  /** A task's state. */
  TaskState taskState(BigInteger taskId) {
    return client.task(taskId).state();
  }

  /** A task's state by its Solidity name, for reports. */
  String state(BigInteger taskId) {
    return taskState(taskId).solidityName();
  }
}

package network.deai.devnet;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import network.deai.node.chain.ChainError;
import network.deai.node.chain.TaskManagerClient;
import network.deai.node.domain.ArtifactRef;
import network.deai.node.domain.TaskState;
import network.deai.node.requester.Requester;
import org.web3j.crypto.Credentials;

/**
 * The requester-side attacks on the TaskManager of docs/protocol.md §6 (harvesting no-shows with
 * minimum tasks, grinding the selection, jamming the queue), each played by its own account against
 * the honest workers of an {@link AttackBench}.
 */
final class TaskAttacks {
  /** Fee of the non-minimal tasks: 0.1 ether. */
  static final BigInteger FEE = Devnet.ETHER.divide(BigInteger.TEN);

  /** Commit and reveal window of the non-minimal tasks, in blocks. */
  static final int WINDOW = 6;

  /** A GPU class no devnet worker serves. */
  static final long UNSERVED_CLASS = 9;

  private final AttackBench bench;
  private final TaskManagerClient client;

  TaskAttacks(AttackBench bench) {
    this.bench = bench;
    this.client = bench.client();
  }

  /**
   * Two tasks at the protocol minimums (windows, fee per replica) drawing every honest worker, and
   * two creations below them that the contract refuses.
   */
  AttackResult greedy(Credentials key) throws InterruptedException {
    Requester greedy = bench.requester(key, "greedy");
    Map<String, BigInteger> before = bench.stakes();
    int replicas = bench.honestCount();
    int window = (int) client.minWindow();
    BigInteger fee = client.minFeePerReplica().multiply(BigInteger.valueOf(replicas));
    ObjectNode details = JsonNodeFactory.instance.objectNode();
    ArtifactRef spec = published(greedy, 0);
    details.put(
        "oneWeiOneBlockTask",
        refusal(
            greedy, spec, AttackBench.params(1, 1, BigInteger.ONE, AttackBench.SERVED_CLASS, 1)));
    details.put(
        "oneBlockWindowTask",
        refusal(greedy, spec, AttackBench.params(replicas, 1, fee, AttackBench.SERVED_CLASS, 1)));
    List<Requester.Request> requests = new ArrayList<>();
    for (int i = 0; i < 2; i++) {
      ArtifactRef ref = i == 0 ? spec : published(greedy, i);
      requests.add(
          new Requester.Request(
              ref.digest(),
              ref.uri(),
              AttackBench.params(replicas, window, fee, AttackBench.SERVED_CLASS, 60)));
    }
    List<BigInteger> ids =
        greedy.submitAll(requests).stream().map(Requester.Submission::taskId).toList();
    bench.follow(greedy, key, ids);
    details.put("tasks", ids.size());
    details.put("replicas", replicas);
    details.put("windowBlocks", window);
    details.put("feePerTaskWei", fee.toString());
    details.put(
        "settled", ids.stream().filter(id -> bench.taskState(id) == TaskState.SETTLED).count());
    return new AttackResult(
        "greedy-requester",
        bench.gain(key, fee.multiply(BigInteger.valueOf(ids.size()))),
        bench.honestLoss(before),
        details);
  }

  /** "refused: TaskManagerFeeTooLow" or "accepted" for a creation with {@code params}. */
  private static String refusal(Requester requester, ArtifactRef spec, Requester.Params params) {
    Optional<ChainError> error = requester.refusal(spec.digest(), spec.uri(), params);
    return error.map(e -> "refused: " + e.name()).orElse("accepted");
  }

  private ArtifactRef published(Requester requester, int index) {
    return requester.upload(bench.spec(index).canonicalBytes(), bench.store());
  }

  /**
   * Creates a task and, in the creating block, simulates {@code startTask} and reads the replicas:
   * the seed does not exist yet, so nobody is picked and the start reverts. Then the task runs.
   */
  AttackResult grinding(Credentials key) throws InterruptedException {
    Requester grinder = bench.requester(key, "grinder");
    Map<String, BigInteger> before = bench.stakes();
    ObjectNode details = JsonNodeFactory.instance.objectNode();
    List<BigInteger> ids = new ArrayList<>();
    for (int attempt = 0; attempt < 3 && !details.has("startInCreatingBlock"); attempt++) {
      ArtifactRef spec = published(grinder, 10 + attempt);
      Requester.Submission created =
          grinder.submitRaw(
              spec.digest(),
              spec.uri(),
              AttackBench.params(3, WINDOW, FEE, AttackBench.SERVED_CLASS, 60));
      ids.add(created.taskId());
      String data = client.startTaskData(created.taskId());
      Optional<ChainError> start = client.simulate(key.getAddress(), data, BigInteger.ZERO);
      int picks = client.replicas(created.taskId()).size();
      if (client.blockNumber() == created.block()) { // both reads saw the creating block
        details.put(
            "startInCreatingBlock", start.map(e -> "reverted: " + e.name()).orElse("started"));
        details.put("picksSeenAtCreation", picks);
      }
    }
    bench.follow(grinder, key, ids);
    details.put("tasks", ids.size());
    details.put(
        "settled", ids.stream().filter(id -> bench.taskState(id) == TaskState.SETTLED).count());
    return new AttackResult(
        "grinding-requester",
        bench.gain(key, FEE.multiply(BigInteger.valueOf(ids.size()))),
        bench.honestLoss(before),
        details);
  }

  /**
   * Creates a task for a class nobody serves and one asking more replicas than the served class
   * has; an honest requester's tasks start and settle meanwhile. The jammer cancels the second once
   * the honest tasks have started; the first expires unstarted and is finalized for its refund.
   */
  AttackResult jammer(Credentials key, Requester honest) throws InterruptedException {
    Requester jammer = bench.requester(key, "jammer");
    Map<String, BigInteger> before = bench.stakes();
    ArtifactRef spec = published(jammer, 20);
    BigInteger unserved =
        jammer
            .submitRaw(
                spec.digest(), spec.uri(), AttackBench.params(1, WINDOW, FEE, UNSERVED_CLASS, 12))
            .taskId();
    BigInteger tooMany =
        jammer
            .submitRaw(
                spec.digest(),
                spec.uri(),
                AttackBench.params(
                    bench.honestCount() + 1, WINDOW, FEE, AttackBench.SERVED_CLASS, 60))
            .taskId();
    List<BigInteger> honestIds = startedHonestTasks(honest);
    jammer.cancel(tooMany);
    List<BigInteger> all = new ArrayList<>(honestIds);
    all.add(unserved);
    bench.follow(honest, key, all);
    ObjectNode details = JsonNodeFactory.instance.objectNode();
    details.put("honestTasks", honestIds.size());
    details.put(
        "honestTasksSettled",
        honestIds.stream().filter(id -> bench.taskState(id) == TaskState.SETTLED).count());
    details.put("unservedClassTask", bench.state(unserved));
    details.put("tooManyReplicasTask", bench.state(tooMany));
    return new AttackResult(
        "queue-jammer", bench.gain(key, FEE.shiftLeft(1)), bench.honestLoss(before), details);
  }

  /** Two 2-replica tasks of an honest requester, returned once both have started. */
  private List<BigInteger> startedHonestTasks(Requester honest) {
    List<Requester.Request> requests = new ArrayList<>();
    for (int i = 0; i < 2; i++) {
      ArtifactRef ref = published(honest, 21 + i);
      requests.add(
          new Requester.Request(
              ref.digest(),
              ref.uri(),
              AttackBench.params(2, WINDOW, FEE, AttackBench.SERVED_CLASS, 60)));
    }
    List<BigInteger> honestIds =
        honest.submitAll(requests).stream().map(Requester.Submission::taskId).toList();
    for (BigInteger id : honestIds) {
      honest.start(id, line -> {});
    }
    return honestIds;
  }
}

package network.deai.node.requester;

import java.math.BigInteger;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import network.deai.contracts.abi.Bytes32;
import network.deai.contracts.gen.TaskManager;
import network.deai.node.chain.ChainError;
import network.deai.node.chain.TaskManagerClient;
import network.deai.node.chain.TaskStarter;
import network.deai.node.chain.TransactionSender;
import network.deai.node.domain.ArtifactRef;
import network.deai.node.domain.ExecutorKinds;
import network.deai.node.domain.Task;
import network.deai.node.domain.TaskSpec;
import network.deai.node.domain.TaskState;
import org.jspecify.annotations.Nullable;
import org.web3j.abi.EventEncoder;
import org.web3j.protocol.core.methods.response.Log;
import org.web3j.protocol.core.methods.response.TransactionReceipt;

/**
 * A task requester: uploads content-addressed artifacts to a node's store, submits a spec with the
 * fee in escrow, starts the Pending task once the next block's hash can seed its draw, waits for a
 * final state and downloads the result, checking it against the digest the agreeing replicas
 * revealed. A Pending task can be cancelled for a full refund.
 */
public final class Requester {

  private final TaskManagerClient client;
  private final @Nullable TransactionSender sender;
  private final HttpClient http;

  /**
   * What {@code createTask} needs besides the spec.
   *
   * @param quorum the agreeing group's least size, a strict majority of {@code replicas} (0: the
   *     contract's default, replicas / 2 + 1)
   * @param minVramMiB accelerator memory every replica must have declared
   * @param executors executor kinds (bit set, {@link ExecutorKinds}) every replica must have
   *     declared; {@link #submit} sets it from the spec
   * @param startWindow blocks the task may stay Pending before it expires unstarted
   * @param sampleRateBps 0 for full replication; else sampled validation: the probability, in basis
   *     points, that {@code replicas - 1} validators check the executor's result
   */
  public record Params(
      int mode,
      int replicas,
      int quorum,
      int maxDistance,
      int commitWindow,
      int revealWindow,
      long gpuClass,
      BigInteger fee,
      long minVramMiB,
      int executors,
      int startWindow,
      int sampleRateBps) {
    /** Fully replicated parameters (no sampling). */
    public Params(
        int mode,
        int replicas,
        int quorum,
        int maxDistance,
        int commitWindow,
        int revealWindow,
        long gpuClass,
        BigInteger fee,
        long minVramMiB,
        int executors,
        int startWindow) {
      this(
          mode,
          replicas,
          quorum,
          maxDistance,
          commitWindow,
          revealWindow,
          gpuClass,
          fee,
          minVramMiB,
          executors,
          startWindow,
          0);
    }

    /** Whether the task is sampled (else fully replicated). */
    public boolean sampled() {
      return sampleRateBps != 0;
    }

    /** These parameters with sampled validation at {@code rateBps} (0: full replication). */
    public Params withSampleRate(int rateBps) {
      return new Params(
          mode,
          replicas,
          quorum,
          maxDistance,
          commitWindow,
          revealWindow,
          gpuClass,
          fee,
          minVramMiB,
          executors,
          startWindow,
          rateBps);
    }

    /** These parameters asking replicas for the executor kinds in {@code bits}. */
    public Params withExecutors(int bits) {
      return new Params(
          mode,
          replicas,
          quorum,
          maxDistance,
          commitWindow,
          revealWindow,
          gpuClass,
          fee,
          minVramMiB,
          bits,
          startWindow,
          sampleRateBps);
    }
  }

  /** A created task. */
  public record Submission(BigInteger taskId, String txHash, BigInteger gasUsed, long block) {}

  /**
   * A verified result: bytes whose SHA-256 is the digest the agreeing replicas revealed, with the
   * task's digest-checked spec (null when it could not be fetched; then only a rejection document
   * or an EXACT digest could be verified).
   */
  @SuppressWarnings("ArrayRecordComponent") // the bytes are handed over, not shared
  public record Result(
      String state, Bytes32 digest, byte[] bytes, String source, @Nullable TaskSpec spec) {}

  /** A read-only requester: it can follow tasks and fetch results, not submit. */
  public Requester(TaskManagerClient client) {
    this(client, null);
  }

  /** A requester signing with {@code sender}. */
  public Requester(TaskManagerClient client, @Nullable TransactionSender sender) {
    this.client = client;
    this.sender = sender;
    this.http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
  }

  /** Uploads {@code bytes} to the artifact store at {@code storeUrl} and checks its answer. */
  public ArtifactRef upload(byte[] bytes, String storeUrl) {
    return upload(http, bytes, storeUrl);
  }

  /**
   * Uploads {@code bytes} with {@code http} to the store at {@code storeUrl}, checking its answer.
   */
  public static ArtifactRef upload(HttpClient http, byte[] bytes, String storeUrl) {
    return ArtifactUpload.put(http, bytes, storeUrl);
  }

  /**
   * Uploads the spec's canonical bytes and creates a Pending task with {@code params.fee} escrowed,
   * asking replicas for the executor kind the spec names; {@link #start} starts it.
   */
  public Submission create(TaskSpec spec, String storeUrl, Params params) {
    ArtifactRef specRef = upload(spec.canonicalBytes(), storeUrl);
    Params required = params.withExecutors(ExecutorKinds.requirement(spec.executor()));
    return submitRaw(specRef.digest(), specRef.uri(), required);
  }

  /** {@link #create} and then {@link #start}: returns once the task has started. */
  public Submission submit(TaskSpec spec, String storeUrl, Params params) {
    Submission submission = create(spec, storeUrl, params);
    start(submission.taskId(), line -> {});
    return submission;
  }

  /** A published spec and the parameters to create a task for it with. */
  public record Request(Bytes32 specDigest, String specUri, Params params) {}

  /**
   * Creates many tasks: every transaction is signed and broadcast first, then the receipts are
   * collected, so a batch costs about one block instead of one block per task.
   */
  public List<Submission> submitAll(List<Request> requests) {
    TransactionSender sender = signer();
    List<TransactionSender.Sent> sent = new java.util.ArrayList<>();
    for (Request r : requests) {
      sent.add(
          sender.send(
              client.address(),
              r.params().fee(),
              client.createTaskData(taskParams(r.specDigest(), r.specUri(), r.params())),
              BigInteger.valueOf(1_500_000)));
    }
    List<Submission> submissions = new java.util.ArrayList<>();
    for (TransactionSender.Sent s : sent) {
      submissions.add(created(s));
    }
    return submissions;
  }

  private static TaskManager.TaskParams taskParams(
      Bytes32 specDigest, String specUri, Params params) {
    return new TaskManager.TaskParams(
        BigInteger.ZERO,
        specDigest.toArray(),
        specUri,
        BigInteger.valueOf(params.gpuClass()),
        BigInteger.valueOf(params.replicas()),
        BigInteger.valueOf(params.quorum()),
        BigInteger.valueOf(params.mode()),
        BigInteger.valueOf(params.maxDistance()),
        BigInteger.valueOf(params.commitWindow()),
        BigInteger.valueOf(params.revealWindow()),
        BigInteger.valueOf(params.minVramMiB()),
        BigInteger.valueOf(params.executors()),
        BigInteger.valueOf(params.startWindow()),
        BigInteger.valueOf(params.sampleRateBps()));
  }

  /**
   * The error {@code createTask} with these parameters would revert with now when sent from this
   * requester's key, or empty when the contract would accept it; nothing is sent.
   */
  public Optional<ChainError> refusal(Bytes32 specDigest, String specUri, Params params) {
    String data = client.createTaskData(taskParams(specDigest, specUri, params));
    return client.simulate(signer().address(), data, params.fee());
  }

  /**
   * Refuses, before anything is uploaded or sent, parameters that {@code createTask} would revert
   * on now for a spec with {@code executor}: it simulates the call with a placeholder spec (the
   * contract does not read the spec), so the fee, quorum, windows and sampling are checked against
   * this TaskManager's bounds; first, the requester's balance against the fee and the gas of
   * creating and starting the task ({@link Funds}).
   *
   * @throws IllegalArgumentException with one line that says what to change
   */
  public void checkParams(String executor, Params params) {
    Funds.require(client, signer().address(), params.fee());
    Params required = params.withExecutors(ExecutorKinds.requirement(executor));
    refusal(Bytes32.ZERO, "", required)
        .ifPresent(
            error -> {
              throw new IllegalArgumentException(
                  "the TaskManager would refuse this task: "
                      + TaskRefusals.explain(error, params, client));
            });
  }

  /** Creates a Pending task for an already published spec; {@link #start} starts it. */
  public Submission submitRaw(Bytes32 specDigest, String specUri, Params params) {
    TaskManager.TaskParams p = taskParams(specDigest, specUri, params);
    TransactionSender sender = signer();
    String data = client.createTaskData(p);
    refusal(specDigest, specUri, params)
        .ifPresent(
            error -> {
              throw new IllegalArgumentException(
                  "createTask would revert: " + TaskRefusals.explain(error, params, client));
            });
    return created(
        sender.send(client.address(), params.fee(), data, BigInteger.valueOf(1_500_000)));
  }

  private Submission created(TransactionSender.Sent sent) {
    TransactionReceipt receipt = signer().confirm(sent, Duration.ofMinutes(2), "createTask");
    String created = EventEncoder.encode(TaskManager.TASKCREATED_EVENT);
    for (Log log : receipt.getLogs()) {
      if (!log.getTopics().isEmpty() && log.getTopics().get(0).equals(created)) {
        BigInteger taskId = TaskManager.getTaskCreatedEventFromLog(log).taskId;
        return new Submission(
            taskId, sent.hash(), receipt.getGasUsed(), receipt.getBlockNumber().longValueExact());
      }
    }
    throw new IllegalStateException("no TaskCreated event in " + sent.hash());
  }

  /**
   * Starts a Pending task: from the block after its creation, on every new block, simulates {@code
   * startTask} and sends it when the simulation passes, until the task has started. Seed not ready
   * yet, too few free nodes or an aged-out seed block (re-seeded by the call) mean trying again on
   * a later block; past the task's start deadline it gives up with an error that says so.
   */
  public TaskManager.TaskStartedEventResponse start(BigInteger taskId, Consumer<String> progress) {
    return new StartLoop(client, new TaskStarter(client, signer()), signer(), progress).run(taskId);
  }

  /**
   * One start attempt for each of {@code taskIds} that is still Pending (for requesters with many
   * tasks, called once per block); returns the ids that are still Pending afterwards.
   */
  public List<BigInteger> startPending(List<BigInteger> taskIds) {
    signer().settle(); // forget the start transactions of earlier passes that were mined
    TaskStarter starter = new TaskStarter(client, signer());
    List<BigInteger> pending = new java.util.ArrayList<>();
    for (BigInteger taskId : taskIds) {
      if (client.task(taskId).state() == TaskState.PENDING) {
        pending.add(taskId);
        starter.attempt(taskId);
      }
    }
    return pending;
  }

  /**
   * Sends {@code finalize(taskId)} from the signer's key when a simulation passes (anyone may
   * finalize a task past its deadlines); returns whether it was sent. Sharing the signer's nonces
   * keeps it from colliding with the signer's start transactions.
   */
  public boolean finalizeIfDue(BigInteger taskId) {
    String data = client.finalizeData(taskId);
    if (client.simulate(signer().address(), data, BigInteger.ZERO).isPresent()) {
      return false;
    }
    signer().send(client.address(), BigInteger.ZERO, data, BigInteger.valueOf(2_000_000));
    return true;
  }

  /**
   * Cancels the signer's Pending task; returns the fee credited back (take it out with {@code
   * withdraw}). Fails with a clear message when the task is not the signer's or no longer Pending.
   */
  public BigInteger cancel(BigInteger taskId) {
    return Cancellation.cancel(client, signer(), taskId);
  }

  private TransactionSender signer() {
    if (sender == null) {
      throw new IllegalStateException("this requester has no key to sign with");
    }
    return sender;
  }

  /** Waits until the task is final, reporting each state change to {@code progress}. */
  public Task await(BigInteger taskId, Duration timeout, Consumer<String> progress) {
    long deadline = System.nanoTime() + timeout.toNanos();
    String last = "";
    while (System.nanoTime() < deadline) {
      Task task = client.task(taskId);
      String line =
          String.format(
              "task %s: %s, committed %d/%d, revealed %d, block %d",
              taskId,
              task.stateDescription(),
              Integer.bitCount(task.committedMask()),
              task.replicas() + task.escalationSeats(),
              Integer.bitCount(task.revealedMask()),
              client.blockNumber());
      if (!line.equals(last)) {
        progress.accept(line);
        last = line;
      }
      if (task.isFinal()) {
        return task;
      }
      try {
        Thread.sleep(100);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted", e);
      }
    }
    throw new IllegalStateException("task " + taskId + " not final after " + timeout);
  }

  /** Downloads the agreed result of a settled task from an agreeing replica and checks it. */
  public Result result(BigInteger taskId) {
    return new AgreedResultFetcher(client, http).fetch(taskId);
  }

  /** Downloads the artifact {@code ref} names and checks its size and SHA-256. */
  public byte[] artifact(ArtifactRef ref) {
    return new AgreedResultFetcher(client, http).artifact(ref);
  }
}

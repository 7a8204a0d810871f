package network.deai.node.requester;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.function.Consumer;
import network.deai.contracts.abi.Bytes32;
import network.deai.contracts.crypto.Hashes;
import network.deai.contracts.gen.TaskManager;
import network.deai.node.chain.TaskManagerClient;
import network.deai.node.chain.TransactionSender;
import network.deai.node.domain.ArtifactRef;
import network.deai.node.domain.ChainNames;
import network.deai.node.domain.TaskSpec;
import org.jspecify.annotations.Nullable;
import org.web3j.abi.EventEncoder;
import org.web3j.protocol.core.methods.response.Log;
import org.web3j.protocol.core.methods.response.TransactionReceipt;

/**
 * A task requester: uploads content-addressed artifacts to a node's store, submits a spec with the
 * fee in escrow, waits for a final state and downloads the result, checking it against the digest
 * the agreeing replicas revealed.
 */
public final class Requester {
  private static final ObjectMapper MAPPER = new ObjectMapper();
  private static final String REVEALED = EventEncoder.encode(TaskManager.REVEALED_EVENT);

  private final TaskManagerClient client;
  private final @Nullable TransactionSender sender;
  private final HttpClient http;

  /** What {@code createTask} needs besides the spec. */
  public record Params(
      int mode,
      int replicas,
      int quorum,
      int maxDistance,
      int commitWindow,
      int revealWindow,
      long gpuClass,
      BigInteger fee) {}

  /** A created task. */
  public record Submission(BigInteger taskId, String txHash, BigInteger gasUsed, long block) {}

  /** A verified result: bytes whose SHA-256 is the digest the agreeing replicas revealed. */
  @SuppressWarnings("ArrayRecordComponent") // the bytes are handed over, not shared
  public record Result(String state, Bytes32 digest, byte[] bytes, String source) {}

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
    try {
      HttpResponse<String> response =
          http.send(
              HttpRequest.newBuilder(URI.create(storeUrl + "/artifacts"))
                  .timeout(Duration.ofSeconds(60))
                  .PUT(HttpRequest.BodyPublishers.ofByteArray(bytes))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      if (response.statusCode() != 201) {
        throw new IllegalArgumentException(
            "upload to "
                + storeUrl
                + " failed: HTTP "
                + response.statusCode()
                + " "
                + response.body().strip());
      }
      JsonNode json = MAPPER.readTree(response.body());
      Bytes32 digest = Hashes.sha256(bytes);
      if (!digest.toHex().equals("0x" + json.path("digest").asText())) {
        throw new IllegalStateException("store " + storeUrl + " answered a wrong digest");
      }
      return new ArtifactRef(digest, bytes.length, json.path("uri").asText());
    } catch (IOException e) {
      throw new UncheckedIOException(
          "cannot upload to "
              + storeUrl
              + ": "
              + (e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName())
              + "; is a node's HTTP API (its /artifacts) listening there?",
          e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
  }

  /** Uploads the spec's canonical bytes and creates the task with {@code params.fee} escrowed. */
  public Submission submit(TaskSpec spec, String storeUrl, Params params) {
    ArtifactRef specRef = upload(spec.canonicalBytes(), storeUrl);
    return submitRaw(specRef.digest(), specRef.uri(), params);
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
        BigInteger.valueOf(params.revealWindow()));
  }

  /** Creates a task for an already published spec. */
  public Submission submitRaw(Bytes32 specDigest, String specUri, Params params) {
    TaskManager.TaskParams p = taskParams(specDigest, specUri, params);
    TransactionSender sender = signer();
    String data = client.createTaskData(p);
    client
        .simulate(sender.address(), data, params.fee())
        .ifPresent(
            error -> {
              throw new IllegalArgumentException("createTask would revert: " + error);
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

  private TransactionSender signer() {
    if (sender == null) {
      throw new IllegalStateException("this requester has no key to sign with");
    }
    return sender;
  }

  /** Waits until the task is final, reporting each state change to {@code progress}. */
  public TaskManager.TaskView await(
      BigInteger taskId, Duration timeout, Consumer<String> progress) {
    long deadline = System.nanoTime() + timeout.toNanos();
    String last = "";
    while (System.nanoTime() < deadline) {
      TaskManager.TaskView task = client.task(taskId);
      String line =
          String.format(
              "task %s: %s, committed %d/%d, revealed %d, block %d",
              taskId,
              ChainNames.state(task.state.intValue()),
              Integer.bitCount(task.committedMask.intValue()),
              task.replicas.intValue(),
              Integer.bitCount(task.revealedMask.intValue()),
              client.blockNumber());
      if (!line.equals(last)) {
        progress.accept(line);
        last = line;
      }
      if (task.state.intValue() >= 3) {
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
    TaskManager.TaskView task = client.task(taskId);
    int state = task.state.intValue();
    if (state != 3) {
      throw new IllegalArgumentException(
          "task " + taskId + " is " + ChainNames.state(state) + ": there is no agreed result");
    }
    List<String> workers = client.replicas(taskId);
    int group = task.groupMask.intValue();
    for (Log log : client.taskLogs(taskId)) {
      if (!log.getTopics().get(0).equals(REVEALED)) {
        continue;
      }
      TaskManager.RevealedEventResponse reveal = TaskManager.getRevealedEventFromLog(log);
      int index = indexOf(workers, reveal.worker);
      if (index < 0 || (group & (1 << index)) == 0) {
        continue;
      }
      Bytes32 digest = Bytes32.wrap(reveal.resultDigest);
      try {
        byte[] bytes = download(reveal.resultURI);
        if (Hashes.sha256(bytes).equals(digest)) {
          return new Result(ChainNames.state(state), digest, bytes, reveal.resultURI);
        }
      } catch (IOException | RuntimeException e) {
        // try the next agreeing replica
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted", e);
      }
    }
    throw new IllegalStateException(
        "no agreeing replica of task " + taskId + " served bytes matching its revealed digest");
  }

  private byte[] download(String uri) throws IOException, InterruptedException {
    HttpResponse<byte[]> response =
        http.send(
            HttpRequest.newBuilder(URI.create(uri)).timeout(Duration.ofSeconds(60)).GET().build(),
            HttpResponse.BodyHandlers.ofByteArray());
    if (response.statusCode() != 200) {
      throw new IOException(uri + " answered HTTP " + response.statusCode());
    }
    return response.body();
  }

  private static int indexOf(List<String> workers, String worker) {
    for (int i = 0; i < workers.size(); i++) {
      if (workers.get(i).equalsIgnoreCase(worker)) {
        return i;
      }
    }
    return -1;
  }
}

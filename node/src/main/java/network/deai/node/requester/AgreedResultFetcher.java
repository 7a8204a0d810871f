package network.deai.node.requester;

import java.io.IOException;
import java.math.BigInteger;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import network.deai.contracts.abi.Bytes32;
import network.deai.contracts.crypto.Hashes;
import network.deai.contracts.gen.TaskManager;
import network.deai.node.chain.TaskManagerClient;
import network.deai.node.domain.ArtifactRef;
import network.deai.node.domain.Mode;
import network.deai.node.domain.Outcome;
import network.deai.node.domain.ResultFingerprint;
import network.deai.node.domain.Task;
import network.deai.node.domain.TaskSpec;
import network.deai.node.domain.TaskState;
import network.deai.verifier.domain.fingerprint.Hamming;
import org.jspecify.annotations.Nullable;
import org.web3j.abi.EventEncoder;
import org.web3j.protocol.core.methods.response.Log;

/**
 * Fetches a settled task's result from the replicas of its agreeing group, in reveal order, and
 * accepts only bytes whose SHA-256 is the digest that replica revealed and whose fingerprint,
 * recomputed here from the bytes and the task's spec ({@link ResultFingerprint}), matches the
 * verdict: equal in EXACT mode, within the task's {@code maxDistance} in SIMILAR mode. A member's
 * revealed fingerprint is only its claim, so without the recomputation a member could serve
 * anything under a fingerprint copied from an honest replica.
 */
final class AgreedResultFetcher {
  private static final String REVEALED = EventEncoder.encode(TaskManager.REVEALED_EVENT);

  private final TaskManagerClient client;
  private final HttpClient http;

  AgreedResultFetcher(TaskManagerClient client, HttpClient http) {
    this.client = client;
    this.http = http;
  }

  /** Downloads the agreed result of a settled task from an agreeing replica and checks it. */
  Requester.Result fetch(BigInteger taskId) {
    Task task = client.task(taskId);
    TaskState state = task.state();
    if (state != TaskState.SETTLED) {
      throw new IllegalArgumentException(
          "task " + taskId + " is " + state.solidityName() + ": there is no agreed result");
    }
    List<String> workers = client.replicas(taskId);
    int group = task.groupMask();
    boolean similar = task.mode() == Mode.SIMILAR;
    TaskSpec spec = spec(taskId);
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
        if (Hashes.sha256(bytes).equals(digest) && matchesVerdict(task, spec, similar, bytes)) {
          return new Requester.Result(state.solidityName(), digest, bytes, reveal.resultURI, spec);
        }
      } catch (IOException | RuntimeException e) {
        // try the next agreeing replica
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted", e);
      }
    }
    throw new IllegalStateException(
        "no agreeing replica of task "
            + taskId
            + " served bytes whose fingerprint matches the verdict");
  }

  private static boolean matchesVerdict(
      Task task, @Nullable TaskSpec spec, boolean similar, byte[] bytes) {
    return switch (ResultFingerprint.of(spec, similar, bytes)) {
      case Outcome.Rejected<Bytes32> r -> false;
      case Outcome.Ok<Bytes32> ok ->
          similar
              ? Hamming.agree(ok.value(), task.verdictFingerprint(), task.maxDistance())
              : ok.value().equals(task.verdictFingerprint());
    };
  }

  /** The artifact {@code ref} names, checked against its size and digest. */
  byte[] artifact(ArtifactRef ref) {
    try {
      byte[] bytes = download(ref.uri());
      if (bytes.length != ref.size() || !Hashes.sha256(bytes).equals(ref.digest())) {
        throw new IllegalArgumentException(
            ref.uri() + " served bytes other than the artifact the spec names");
      }
      return bytes;
    } catch (IOException e) {
      throw new IllegalArgumentException(
          "cannot download " + ref.uri() + " (" + e.getMessage() + ")", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
  }

  /** The task's spec, digest-checked; null when it cannot be fetched or parsed. */
  private @Nullable TaskSpec spec(BigInteger taskId) {
    TaskManager.TaskCreatedEventResponse created = client.taskCreated(taskId);
    try {
      byte[] bytes = download(created.specURI);
      if (!Hashes.sha256(bytes).equals(Bytes32.wrap(created.specDigest))) {
        return null;
      }
      return TaskSpec.parse(bytes) instanceof Outcome.Ok<TaskSpec> ok ? ok.value() : null;
    } catch (IOException | RuntimeException e) {
      return null;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
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

package network.deai.node.job;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import network.deai.contracts.abi.Bytes32;
import network.deai.node.exec.ArtifactStore;

/**
 * What this node prepared for its rounds, written down before it commits: artifacts go to its store
 * (served under its base URL), entries to its {@link JobJournal}, and the updates and aggregates it
 * prepared are counted.
 */
final class Contributions {
  private final JobJournal journal;
  private final ArtifactStore store;
  private final String artifactBaseUrl;
  private final AtomicLong prepared = new AtomicLong();

  Contributions(JobJournal journal, ArtifactStore store, String artifactBaseUrl) {
    this.journal = journal;
    this.store = store;
    this.artifactBaseUrl = artifactBaseUrl;
  }

  /** The journalled entry under {@code key}, if this node prepared it already. */
  Optional<ObjectNode> get(String key) {
    return journal.get(key);
  }

  /** Stores {@code file} to be served, and returns its digest. */
  Bytes32 publish(byte[] file) {
    return store.put(file);
  }

  /** The URI under which this node serves the artifact with {@code digest}. */
  String uri(Bytes32 digest) {
    return artifactBaseUrl + "/artifacts/" + ArtifactStore.hex(digest);
  }

  /** Journals a refusal (not counted as a contribution). */
  void appendRefusal(ObjectNode entry) {
    journal.append(entry);
  }

  /** Journals a prepared update or aggregate and counts it. */
  void appendPrepared(ObjectNode entry) {
    journal.append(entry);
    prepared.incrementAndGet();
  }

  /** Updates and aggregates prepared so far. */
  long prepared() {
    return prepared.get();
  }

  /** {@code value} as 64 hex digits, without {@code 0x}, as the journal holds it. */
  static String hex(Bytes32 value) {
    return value.toHex().replaceFirst("^0x", "");
  }
}

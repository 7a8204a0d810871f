package network.deai.node.job;

import java.math.BigInteger;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import network.deai.contracts.abi.Bytes32;
import network.deai.node.domain.JobJournalEntry;
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

  /** The journalled update for {@code round} of {@code jobId}, if this node prepared it already. */
  Optional<JobJournalEntry.Update> update(BigInteger jobId, long round) {
    return journal.update(jobId, round);
  }

  /**
   * The journalled aggregate for {@code round} of {@code jobId}, if this node prepared it already.
   */
  Optional<JobJournalEntry.AggregatePrepared> aggregate(BigInteger jobId, long round) {
    return journal.aggregate(jobId, round);
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
  void appendRefusal(JobJournalEntry entry) {
    journal.append(entry);
  }

  /** Journals a prepared update or aggregate and counts it. */
  void appendPrepared(JobJournalEntry entry) {
    journal.append(entry);
    prepared.incrementAndGet();
  }

  /** Updates and aggregates prepared so far. */
  long prepared() {
    return prepared.get();
  }
}

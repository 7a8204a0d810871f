package network.deai.node.exec;

import java.math.BigInteger;
import network.deai.contracts.abi.Address;
import network.deai.contracts.abi.Bytes32;
import network.deai.contracts.abi.Commitment;
import network.deai.node.chain.ChainWriter;
import network.deai.node.chain.TaskChain;
import network.deai.node.chain.TransactionSender;
import network.deai.node.domain.JournalEntry;
import network.deai.node.domain.Replica;
import network.deai.node.domain.Task;
import network.deai.node.journal.Journal;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The commit and reveal steps of one replica, decided from its journal and from the chain. The
 * commitment is always computed from the journalled result and salt, so every commit of a task is
 * the same commitment. A commit or reveal found on chain is journalled even when the journal never
 * recorded sending it (killed, or {@code send} threw, between signing and the journal write); a
 * commit that is neither on chain nor on its way (a reorg dropped its block) is sent again.
 */
final class CommitReveal {
  private static final Logger LOG = LoggerFactory.getLogger(CommitReveal.class);
  private static final BigInteger COMMIT_GAS = BigInteger.valueOf(200_000);
  private static final BigInteger REVEAL_GAS = BigInteger.valueOf(250_000);

  /** The transaction hash journalled for a step the node found on chain instead of sending. */
  static final String OBSERVED = "observed-on-chain";

  private final TaskChain client;
  private final ChainWriter sender;
  private final Journal journal;
  private final Metrics metrics;
  private final Address me;
  private final StepListener listener;

  CommitReveal(
      TaskChain client,
      ChainWriter sender,
      Journal journal,
      Metrics metrics,
      StepListener listener) {
    this.client = client;
    this.sender = sender;
    this.journal = journal;
    this.metrics = metrics;
    this.me = Address.of(sender.address());
    this.listener = listener;
  }

  /**
   * Sends a call to the contract. A transaction that is queued but not broadcast (the endpoint is
   * down) counts as sent: the chain loop settles the outbox on every block, which sends it again.
   */
  TransactionSender.Sent send(String data, BigInteger gas) {
    try {
      return sender.send(client.address(), BigInteger.ZERO, data, gas);
    } catch (TransactionSender.NotBroadcast e) {
      LOG.warn("{}; the outbox sends it again", e.getMessage());
      return e.sent();
    }
  }

  /** Commits the journalled result and journals the commit. */
  void commit(BigInteger taskId, JournalEntry.ResultPrepared prepared) {
    Bytes32 commitment = commitment(taskId, prepared);
    TransactionSender.Sent sent;
    try {
      sent = send(client.commitData(taskId, commitment), COMMIT_GAS);
    } finally {
      listener.after(StepListener.Step.BROADCAST, taskId);
    }
    journal.append(new JournalEntry.CommitSent(taskId, commitment, sent.hash()));
    metrics.increment("commits_sent_total");
    LOG.info("task {}: commit sent in {}", taskId, sent.hash());
  }

  /**
   * The journal says prepared. If the commit is on chain, journals it (the reveal follows on the
   * next block); otherwise commits, unless a transaction is still on its way or the window closed.
   */
  void afterPrepared(
      BigInteger taskId, int index, Task task, long block, JournalEntry.ResultPrepared prepared) {
    boolean pending = sender.settle() > 0; // first: it may broadcast the commit
    Replica replica = client.replica(taskId, index);
    if (replica.committed()) {
      observedCommit(taskId, replica.commitment(), prepared);
    } else if (!pending && task.commitOpen(block)) {
      LOG.info("task {}: committing the journalled result", taskId);
      commit(taskId, prepared);
    }
  }

  /**
   * The journal says committed. While the commit window is open and the commit is neither on chain
   * nor on its way (in the outbox or the node's mempool), a reorg dropped it: commits the same
   * commitment again. True when the commit is not on chain, so there is nothing to reveal yet.
   */
  boolean recommitIfDropped(
      BigInteger taskId, int index, Task task, long block, JournalEntry.ResultPrepared prepared) {
    if (!task.commitOpen(block)) {
      return false;
    }
    if (client.replica(taskId, index).committed()) {
      return false;
    }
    if (sender.settle() > 0 || sender.hasUnmined() || client.replica(taskId, index).committed()) {
      return true;
    }
    LOG.warn(
        "task {}: its commit is no longer on chain (a reorg dropped it?); committing the same"
            + " commitment again",
        taskId);
    metrics.increment("commits_resent_total");
    commit(taskId, prepared);
    return true;
  }

  /** Reveals the journalled result, or journals a reveal found on chain. */
  void reveal(BigInteger taskId, Replica replica, JournalEntry.ResultPrepared prepared) {
    if (replica.revealed()) {
      journal.append(new JournalEntry.RevealSent(taskId, OBSERVED));
      LOG.info("task {}: found its reveal on chain; journalled it", taskId);
      return;
    }
    if (!replica.committed() || sender.settle() > 0) {
      return; // a reveal whose broadcast seemed to fail may still be pending: never send two
    }
    TransactionSender.Sent sent =
        send(
            client.revealData(
                taskId,
                prepared.resultDigest(),
                prepared.fingerprint(),
                prepared.salt(),
                prepared.resultUri()),
            REVEAL_GAS);
    journal.append(new JournalEntry.RevealSent(taskId, sent.hash()));
    metrics.increment("reveals_sent_total");
    LOG.info("task {}: reveal sent in {}", taskId, sent.hash());
    listener.after(StepListener.Step.REVEAL, taskId);
  }

  private void observedCommit(
      BigInteger taskId, Bytes32 onChain, JournalEntry.ResultPrepared prepared) {
    if (!onChain.equals(commitment(taskId, prepared))) {
      LOG.error(
          "task {}: the commitment on chain {} is not the journalled result's", taskId, onChain);
    }
    journal.append(new JournalEntry.CommitSent(taskId, onChain, OBSERVED));
    metrics.increment("commits_observed_total");
    LOG.info("task {}: found its commit on chain; journalled it", taskId);
  }

  private Bytes32 commitment(BigInteger taskId, JournalEntry.ResultPrepared prepared) {
    return Commitment.compute(
        client.chainId(),
        Address.of(client.address()),
        taskId,
        me,
        prepared.resultDigest(),
        prepared.fingerprint(),
        prepared.salt());
  }
}

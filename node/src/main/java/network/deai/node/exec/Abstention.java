package network.deai.node.exec;

import java.math.BigInteger;
import network.deai.node.chain.TaskChain;
import network.deai.node.chain.TransactionSender;
import network.deai.node.domain.JournalEntry;
import network.deai.node.journal.Journal;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Steps back from a task the worker cannot run: no pay, no penalty, never a commit afterwards. */
final class Abstention {
  private static final Logger LOG = LoggerFactory.getLogger(Abstention.class);
  private static final BigInteger ABSTAIN_GAS = BigInteger.valueOf(1_000_000);

  private final TaskChain client;
  private final CommitReveal steps;
  private final Journal journal;
  private final OpenTasks open;
  private final Metrics metrics;

  Abstention(
      TaskChain client, CommitReveal steps, Journal journal, OpenTasks open, Metrics metrics) {
    this.client = client;
    this.steps = steps;
    this.journal = journal;
    this.open = open;
    this.metrics = metrics;
  }

  /**
   * Abstains from the task unless its result is being committed (whichever claims {@code
   * work.decided} first wins), then journals it closed and forgets it.
   */
  void abstain(TaskWork work, @Nullable String why) {
    if (!work.decided.compareAndSet(false, true)) {
      return; // its result is being committed
    }
    try {
      send(work.taskId, why);
    } catch (RuntimeException e) {
      work.decided.set(false); // not sent: the next try may abstain, or the result commit
      throw e;
    }
    journal.append(new JournalEntry.TaskClosed(work.taskId, "abstained"));
    open.remove(work.taskId);
    metrics.increment("tasks_closed_total{outcome=\"abstained\"}");
  }

  /** Sends {@code abstain} for the task, whatever the journal says. */
  void send(BigInteger taskId, @Nullable String why) {
    TransactionSender.Sent sent = steps.send(client.abstainData(taskId), ABSTAIN_GAS);
    metrics.increment("abstains_sent_total");
    LOG.warn("task {}: abstained in {} ({})", taskId, sent.hash(), why);
  }
}

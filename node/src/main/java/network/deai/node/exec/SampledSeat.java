package network.deai.node.exec;

import java.math.BigInteger;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import network.deai.node.chain.TaskChain;
import network.deai.node.chain.TaskStarter;
import network.deai.node.domain.Sampling;
import network.deai.node.domain.SamplingStage;
import network.deai.node.domain.StartAttempt;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A worker's part in sampled validation, beside the usual replica steps: as the executor (seat 0)
 * it starts its own task once its commit sent the task back to Pending, so that the check is
 * decided (and, after a challenge, so that the validators are drawn); anyone may do this, and
 * another party's start winning the race is fine. It keeps an unchecked task from being finalized
 * inside its challenge window, and counts sampled tasks executed and validated. Used by the chain
 * loop only.
 */
final class SampledSeat {
  private static final Logger LOG = LoggerFactory.getLogger(SampledSeat.class);

  private final TaskChain client;
  private final TaskStarter starter;
  private final Metrics metrics;

  /** Whether each open task is sampled; fixed at creation, so read once per task. */
  private final Map<BigInteger, Boolean> sampled = new ConcurrentHashMap<>();

  private final Map<BigInteger, Long> triedBlock = new ConcurrentHashMap<>();

  SampledSeat(TaskChain client, TaskStarter starter, Metrics metrics) {
    this.client = client;
    this.starter = starter;
    this.metrics = metrics;
  }

  /**
   * The task's sampling record when it is a sampled task, else empty (read from the chain on each
   * call for a sampled task, once in all for a fully replicated one).
   */
  Optional<Sampling> sampling(BigInteger taskId) {
    if (Boolean.FALSE.equals(sampled.get(taskId))) {
      return Optional.empty();
    }
    Sampling s = client.sampling(taskId);
    sampled.put(taskId, s.sampled());
    return s.sampled() ? Optional.of(s) : Optional.empty();
  }

  /**
   * Sends the {@code startTask} that decides the check of a Pending sampled task this worker
   * executes, or that draws a challenge's validators; one simulated attempt per block, at most one
   * start sent per block.
   */
  void start(BigInteger taskId, Sampling s, long block) {
    if (triedBlock.getOrDefault(taskId, -1L) >= block) {
      return;
    }
    triedBlock.put(taskId, block);
    switch (starter.attempt(taskId)) {
      case StartAttempt.Sent sent -> {
        metrics.increment("sampled_starts_sent_total");
        LOG.info(
            "task {}: startTask sent in {} (stage {}: {})",
            taskId,
            sent.txHash(),
            s.stage().solidityName(),
            s.stage() == SamplingStage.CHALLENGED
                ? "drawing the challenge's validators"
                : "deciding the check");
      }
      case StartAttempt.NotYet notYet ->
          LOG.debug("task {}: not startable yet: {}", taskId, notYet.reason());
      case StartAttempt.Closed closed ->
          LOG.debug("task {}: started by someone else: {}", taskId, closed.reason());
      case StartAttempt.Refused refused ->
          LOG.warn("task {}: startTask refused: {}", taskId, refused.error());
    }
  }

  /** The task closed: counts it when it was sampled, and forgets it. */
  void closed(BigInteger taskId, int index) {
    if (sampling(taskId).isPresent()) {
      metrics.increment(
          index == 0 ? "sampled_tasks_executed_total" : "sampled_tasks_validated_total");
    }
    forget(taskId);
  }

  /** Forgets the task (closed, or abstained from). */
  void forget(BigInteger taskId) {
    sampled.remove(taskId);
    triedBlock.remove(taskId);
  }
}

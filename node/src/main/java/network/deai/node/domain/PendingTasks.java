package network.deai.node.domain;

import java.math.BigInteger;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The Pending tasks a worker has seen created for its GPU class, which an idle worker may start for
 * liveness. Memory is bounded: past {@code capacity} the oldest task is forgotten (its requester
 * can still start it). Not thread-safe: one chain loop owns it.
 */
public final class PendingTasks {
  private final int capacity;
  private final Map<BigInteger, Long> seedBlocks = new LinkedHashMap<>();
  private long lastStartBlock = -1;

  /** An empty set that remembers at most {@code capacity} tasks. */
  public PendingTasks(int capacity) {
    if (capacity <= 0) {
      throw new IllegalArgumentException("capacity must be positive, got " + capacity);
    }
    this.capacity = capacity;
  }

  /**
   * A task of the worker's own GPU class was created in block {@code seedBlock}, whose hash will
   * seed its draw.
   */
  public void pending(BigInteger taskId, long seedBlock) {
    seedBlocks.put(taskId, seedBlock);
    if (seedBlocks.size() > capacity) {
      Iterator<BigInteger> oldest = seedBlocks.keySet().iterator();
      oldest.next();
      oldest.remove();
    }
  }

  /** A remembered task was given a new seed block (its old one's hash had aged out). */
  public void reseeded(BigInteger taskId, long seedBlock) {
    seedBlocks.computeIfPresent(taskId, (id, old) -> seedBlock);
  }

  /** The task left Pending (started, cancelled, expired) or cannot be started by us. */
  public void forget(BigInteger taskId) {
    seedBlocks.remove(taskId);
  }

  /**
   * The task to try to start in {@code block}: the oldest one whose seed block is before it, once
   * per block at most (empty when a start was already tried in this block).
   */
  public Optional<BigInteger> next(long block) {
    if (block <= lastStartBlock) {
      return Optional.empty();
    }
    for (Map.Entry<BigInteger, Long> entry : seedBlocks.entrySet()) {
      if (entry.getValue() < block) {
        return Optional.of(entry.getKey());
      }
    }
    return Optional.empty();
  }

  /** A start transaction was sent in {@code block}: no other one until a later block. */
  public void startSent(long block) {
    lastStartBlock = block;
  }

  /** How many tasks are remembered. */
  public int size() {
    return seedBlocks.size();
  }
}

package network.deai.node.domain;

import java.time.Duration;
import java.util.Optional;

/**
 * Whether a replica can still commit in time: the blocks left before the commit deadline, at the
 * chain's fastest measured block interval, must cover the expected execution plus {@code
 * inclusionBlocks} for the commit to be mined. A chain whose rate is not known yet gets the benefit
 * of the doubt (only the inclusion blocks are required), as before this check existed.
 *
 * @param inclusionBlocks blocks to leave for the commit transaction itself
 */
public record WindowBudget(long inclusionBlocks) {
  /** Checks the margin. */
  public WindowBudget {
    if (inclusionBlocks < 0) {
      throw new IllegalArgumentException("inclusionBlocks must be >= 0");
    }
  }

  /** The decision for one assignment. */
  public sealed interface Verdict permits Fits, TooShort {}

  /**
   * The window is long enough.
   *
   * @param blocksLeft blocks until the commit deadline
   * @param blocksNeeded blocks the execution and the commit are expected to take
   */
  public record Fits(long blocksLeft, long blocksNeeded) implements Verdict {}

  /**
   * The window will pass before the result could be committed: step back now.
   *
   * @param blocksLeft blocks until the commit deadline
   * @param blocksNeeded blocks the execution and the commit are expected to take
   * @param blockInterval the chain's fastest measured time per block
   * @param expected the expected execution time
   */
  public record TooShort(
      long blocksLeft, long blocksNeeded, Duration blockInterval, Duration expected)
      implements Verdict {}

  /**
   * Decides for a task whose commit deadline is {@code commitDeadline} at head {@code block}, given
   * the chain's fastest block interval (empty: not measured yet) and the expected execution time.
   */
  public Verdict decide(
      long block, long commitDeadline, Optional<Duration> blockInterval, Duration expected) {
    long blocksLeft = Math.max(0, commitDeadline - block);
    if (blockInterval.isEmpty()) {
      return new Fits(blocksLeft, inclusionBlocks);
    }
    Duration interval = blockInterval.get();
    long perBlock = Math.max(1, interval.toNanos());
    long executionBlocks = (expected.toNanos() + perBlock - 1) / perBlock;
    long needed = executionBlocks + inclusionBlocks;
    return needed > blocksLeft
        ? new TooShort(blocksLeft, needed, interval, expected)
        : new Fits(blocksLeft, needed);
  }

  /**
   * Whether another try of an execution whose inputs could not be fetched can still commit in time:
   * the try starts {@code retryAfter} from now (as many blocks as that takes at the fastest
   * measured interval, one when none is measured), takes as many blocks as the failed one did (it
   * started at {@code attemptBlock}), and leaves the inclusion blocks. When it cannot, the replica
   * abstains, which costs nothing, instead of becoming a no-show.
   */
  public boolean retryFits(
      long block,
      long attemptBlock,
      long commitDeadline,
      Optional<Duration> blockInterval,
      Duration retryAfter) {
    long tookBlocks = Math.max(0, block - attemptBlock);
    long waitBlocks =
        blockInterval
            .map(i -> Math.ceilDiv(retryAfter.toMillis(), Math.max(1, i.toMillis())))
            .orElse(1L);
    return block + inclusionBlocks + waitBlocks + tookBlocks < commitDeadline;
  }
}

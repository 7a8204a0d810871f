package network.deai.node.domain;

import java.math.BigInteger;
import java.util.Objects;
import network.deai.contracts.abi.Address;
import network.deai.contracts.abi.Bytes32;

/**
 * A training job as {@code ITrainingJobs.getJob} returns it ({@code JobView}), field for field,
 * with its state as a Java enum. Block numbers, GPU classes and 24- or 32-bit values are {@code
 * long}; 8- and 16-bit counts are {@code int}; wei amounts are {@code BigInteger}.
 *
 * @param round the current round, 0-based (equal to {@code rounds} once the job finished)
 * @param modelDigest the model the current round starts from (after the last one: the final model)
 * @param seedBlock the block whose hash seeds the next round's draw while the job waits
 */
public record Job(
    Address requester,
    JobState state,
    int rounds,
    int round,
    int trainers,
    int committee,
    int quorum,
    long trainerClass,
    long aggregatorClass,
    BigInteger poolPerRound,
    BigInteger committeeFeePerRound,
    long commitWindow,
    long revealWindow,
    BigInteger escrow,
    Bytes32 specDigest,
    Bytes32 modelDigest,
    long seedBlock) {
  /** Checks that no field is missing and no count or amount is negative. */
  public Job {
    Objects.requireNonNull(requester, "requester");
    Objects.requireNonNull(state, "state");
    Objects.requireNonNull(specDigest, "specDigest");
    Objects.requireNonNull(modelDigest, "modelDigest");
    if (rounds < 0 || round < 0 || trainers < 0 || committee < 0 || quorum < 0) {
      throw new IllegalArgumentException("negative count");
    }
    if (poolPerRound.signum() < 0 || committeeFeePerRound.signum() < 0 || escrow.signum() < 0) {
      throw new IllegalArgumentException("negative amount");
    }
  }

  /** Whether the job is over (Finished or Cancelled). */
  public boolean isFinal() {
    return state.isFinal();
  }

  /** The fewest trainers a round starts with when not all are free: trainers / 2 + 1. */
  public int minTrainers() {
    return trainers / 2 + 1;
  }
}

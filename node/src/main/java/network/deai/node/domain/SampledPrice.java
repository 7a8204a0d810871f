package network.deai.node.domain;

import java.math.BigInteger;
import java.util.List;

/**
 * What a requester of a sampled task pays for, as the contract books it: the whole fee is escrowed;
 * each of the {@code replicas} = 1 + v seats is worth {@code fee / replicas}; the executor's share
 * is always spent; the v validator shares only when the task is checked (probability p) or
 * challenged, and otherwise come back to the requester (as does the rounding remainder).
 *
 * @param fee the escrowed fee in wei
 * @param replicas 1 + v seats
 * @param rateBps p in basis points
 * @param minRateBps the contract's lowest accepted rate for this fee share
 */
public record SampledPrice(BigInteger fee, int replicas, int rateBps, int minRateBps) {
  /** Checks the numbers. */
  public SampledPrice {
    if (fee.signum() <= 0 || replicas < 2 || rateBps < 0 || rateBps > Sampling.BPS) {
      throw new IllegalArgumentException(
          "a sampled task needs a fee, 2+ seats and a rate of 0..10000 bps");
    }
  }

  /** The validators v. */
  public int validators() {
    return replicas - 1;
  }

  /** One seat's share: fee / replicas. */
  public BigInteger share() {
    return fee.divide(BigInteger.valueOf(replicas));
  }

  /** All validator shares: v · fee / replicas. */
  public BigInteger validatorShares() {
    return share().multiply(BigInteger.valueOf(validators()));
  }

  /** The expected cost (1 + p·v) · fee / replicas, rounded down to the wei. */
  public BigInteger expectedCost() {
    BigInteger checkedShares =
        validatorShares().multiply(BigInteger.valueOf(rateBps)).divide(BigInteger.valueOf(10_000));
    return share().add(checkedShares);
  }

  /** Whether the contract accepts the rate. */
  public boolean belowBound() {
    return rateBps < minRateBps;
  }

  /** The lines {@code deai task submit} prints before it pays. */
  public List<String> lines(long challengeWindowBlocks) {
    return List.of(
        "sampled validation: the executor runs the task; with probability "
            + SampleRate.format(rateBps)
            + " (minimum "
            + SampleRate.format(minRateBps)
            + ") "
            + validators()
            + " validators recompute it",
        "escrow "
            + fee
            + " wei: executor share "
            + share()
            + " wei, validator shares "
            + validators()
            + " x "
            + share()
            + " = "
            + validatorShares()
            + " wei",
        "expected cost (1 + p*v) * fee / replicas = "
            + expectedCost()
            + " wei; validator shares not drawn are refunded to you",
        "an unchecked result settles after a challenge window of "
            + challengeWindowBlocks
            + " blocks, in which anyone may challenge it with a bond of "
            + validatorShares()
            + " wei");
  }
}

package network.deai.contracts.abi;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import network.deai.contracts.crypto.Hashes;

/**
 * The two rules of sampled validation, bit for bit as the Sampling library (and so TaskManager)
 * computes them:
 *
 * <pre>
 * seed       = keccak256(abi.encode(blockhash(commit block + 1), taskId, SAMPLE_TAG))
 * SAMPLE_TAG = keccak256("deai.sample.v1")
 * checked    = uint256(seed) % 10000 &lt; rateBps
 * minRateBps = ceil(10000 · feePerSeat / (feePerSeat + slash))     (10000 when both are 0)
 * </pre>
 *
 * The block hash did not exist when the executor committed, so the executor could not know whether
 * its result would be recomputed. {@code minRateBps} is the lowest rate at which skipping the work
 * does not pay even when the work costs the whole fee share (docs/protocol.md, "Sampled
 * validation"): cheating is worth {@code (1 − p)·fee − p·slash}, honest work {@code fee − cost},
 * and cost ≤ fee.
 */
public final class SamplingRules {
  /** {@code keccak256("deai.sample.v1")}, the domain tag of the decision's seed. */
  public static final Bytes32 SAMPLE_TAG =
      Hashes.keccak256("deai.sample.v1".getBytes(StandardCharsets.US_ASCII));

  /** Basis points in one: a rate of 10000 checks every task. */
  public static final int BPS = 10_000;

  private static final BigInteger BPS_BIG = BigInteger.valueOf(BPS);
  private static final BigInteger UINT256_MAX =
      BigInteger.ONE.shiftLeft(256).subtract(BigInteger.ONE);

  private SamplingRules() {}

  /** The decision seed of {@code taskId} from the hash of the block after its commit. */
  public static Bytes32 seed(Bytes32 blockHash, BigInteger taskId) {
    requireUint256("taskId", taskId);
    return TaskSeed.encodeAndHash(blockHash, taskId, new BigInteger(1, SAMPLE_TAG.toArray()));
  }

  /**
   * Whether validators recompute the task: {@code uint256(seed) % 10000 < rateBps}. A rate of 0
   * checks nothing, 10000 everything.
   *
   * @throws IllegalArgumentException if {@code rateBps} is outside [0, 10000]
   */
  public static boolean checked(Bytes32 seed, int rateBps) {
    if (rateBps < 0 || rateBps > BPS) {
      throw new IllegalArgumentException("rateBps must be in [0, 10000], got " + rateBps);
    }
    return new BigInteger(1, seed.toArray()).mod(BPS_BIG).intValueExact() < rateBps;
  }

  /**
   * The lowest rate that makes cheating unprofitable, {@code ceil(10000 · feePerSeat / (feePerSeat
   * + slash))} basis points, exactly; 10000 when both are 0 (nothing deters, so check everything).
   *
   * @throws IllegalArgumentException if an input is not a uint256 or the library's arithmetic would
   *     overflow ({@code 10001 · feePerSeat + slash > 2^256 − 1}), where the contract reverts
   */
  public static int minRateBps(BigInteger feePerSeat, BigInteger slash) {
    requireUint256("feePerSeat", feePerSeat);
    requireUint256("slash", slash);
    BigInteger denominator = feePerSeat.add(slash);
    if (denominator.signum() == 0) {
      return BPS;
    }
    BigInteger numerator = BPS_BIG.multiply(feePerSeat);
    if (numerator.add(denominator).compareTo(UINT256_MAX) > 0) {
      throw new IllegalArgumentException(
          "feePerSeat " + feePerSeat + " and slash " + slash + " overflow the contract's uint256");
    }
    BigInteger[] quotientAndRemainder = numerator.divideAndRemainder(denominator);
    int quotient = quotientAndRemainder[0].intValueExact();
    return quotientAndRemainder[1].signum() == 0 ? quotient : quotient + 1;
  }

  private static void requireUint256(String name, BigInteger value) {
    if (value.signum() < 0 || value.bitLength() > 256) {
      throw new IllegalArgumentException(name + " must be a uint256, got " + value);
    }
  }
}

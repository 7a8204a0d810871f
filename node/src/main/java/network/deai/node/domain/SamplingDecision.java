package network.deai.node.domain;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import network.deai.contracts.abi.Bytes32;
import network.deai.contracts.crypto.Hashes;

/**
 * The check decision of a sampled task, bit for bit as {@code Sampling.decide} computes it:
 *
 * <pre>
 * seed    = keccak256(abi.encode(blockhash(decisionBlock), taskId, keccak256("deai.sample.v1")))
 * checked = uint256(seed) % 10000 &lt; sampleRateBps
 * </pre>
 *
 * The block hash did not exist when the executor committed, so nobody could know or steer it; an
 * auditor recomputes it from the chain.
 */
public record SamplingDecision(Bytes32 seed, boolean checked) {
  /** The domain tag of the decision's seed. */
  public static final Bytes32 SAMPLE_TAG =
      Hashes.keccak256("deai.sample.v1".getBytes(StandardCharsets.US_ASCII));

  /** The decision for {@code taskId} at {@code rateBps} from the decision block's hash. */
  public static SamplingDecision decide(Bytes32 blockHash, BigInteger taskId, int rateBps) {
    if (taskId.signum() < 0 || taskId.bitLength() > 256) {
      throw new IllegalArgumentException("taskId must be a uint256, got " + taskId);
    }
    byte[] encoded = new byte[3 * Bytes32.SIZE];
    System.arraycopy(blockHash.toArray(), 0, encoded, 0, Bytes32.SIZE);
    byte[] id = taskId.toByteArray();
    int length = Math.min(id.length, Bytes32.SIZE);
    System.arraycopy(id, id.length - length, encoded, 2 * Bytes32.SIZE - length, length);
    System.arraycopy(SAMPLE_TAG.toArray(), 0, encoded, 2 * Bytes32.SIZE, Bytes32.SIZE);
    Bytes32 seed = Hashes.keccak256(encoded);
    boolean checked =
        new BigInteger(1, seed.toArray()).mod(BigInteger.valueOf(Sampling.BPS)).intValue()
            < rateBps;
    return new SamplingDecision(seed, checked);
  }
}

package network.deai.node.domain;

import java.math.BigInteger;
import network.deai.contracts.abi.Bytes32;
import network.deai.contracts.abi.SamplingRules;

/**
 * The check decision of a sampled task, bit for bit as {@code Sampling.decide} computes it ({@link
 * SamplingRules}):
 *
 * <pre>
 * seed    = keccak256(abi.encode(blockhash(decisionBlock), taskId, keccak256("deai.sample.v1")))
 * checked = uint256(seed) % 10000 &lt; sampleRateBps
 * </pre>
 *
 * The block hash did not exist when the executor committed, so nobody could know or steer it; an
 * auditor recomputes it from the chain. A decision taken after that hash aged out of the EVM's
 * 256-block window is "checked", with the seed of a zero hash, so waiting cannot re-roll it.
 */
public record SamplingDecision(Bytes32 seed, boolean checked) {
  /** The decision for {@code taskId} at {@code rateBps} from the decision block's hash. */
  public static SamplingDecision decide(Bytes32 blockHash, BigInteger taskId, int rateBps) {
    Bytes32 seed = SamplingRules.seed(blockHash, taskId);
    return new SamplingDecision(seed, SamplingRules.checked(seed, rateBps));
  }

  /** Blocks whose hashes the EVM's BLOCKHASH still returns. */
  public static final long BLOCKHASH_WINDOW = 256;

  /**
   * Whether a decision taken in block {@code decidedIn} found the hash of {@code decisionBlock}
   * aged out (BLOCKHASH returns it only for the 256 blocks before the current one).
   */
  public static boolean agedOut(long decisionBlock, long decidedIn) {
    return decidedIn > decisionBlock + BLOCKHASH_WINDOW;
  }

  /** The decision the contract records when the decision block's hash had aged out: checked. */
  public static SamplingDecision whenAgedOut(BigInteger taskId) {
    return new SamplingDecision(SamplingRules.seed(Bytes32.ZERO, taskId), true);
  }
}

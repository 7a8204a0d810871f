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
 * auditor recomputes it from the chain.
 */
public record SamplingDecision(Bytes32 seed, boolean checked) {
  /** The decision for {@code taskId} at {@code rateBps} from the decision block's hash. */
  public static SamplingDecision decide(Bytes32 blockHash, BigInteger taskId, int rateBps) {
    Bytes32 seed = SamplingRules.seed(blockHash, taskId);
    return new SamplingDecision(seed, SamplingRules.checked(seed, rateBps));
  }
}

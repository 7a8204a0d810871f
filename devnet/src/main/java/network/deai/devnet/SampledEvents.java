package network.deai.devnet;

import java.math.BigInteger;
import org.web3j.crypto.Hash;
import org.web3j.protocol.core.methods.response.Log;
import org.web3j.utils.Numeric;

/**
 * The topics of sampled validation's events ({@code ITaskManager}: TaskSampled, TaskChallenged,
 * ChallengeResolved) and the check decision's flag, read from the raw log.
 */
final class SampledEvents {
  /** {@code TaskSampled(uint256 indexed, bytes32, uint256, bool, uint256)}. */
  static final String SAMPLED =
      Hash.sha3String("TaskSampled(uint256,bytes32,uint256,bool,uint256)");

  /** {@code TaskChallenged(uint256 indexed, address indexed, uint256)}. */
  static final String CHALLENGED = Hash.sha3String("TaskChallenged(uint256,address,uint256)");

  /** {@code ChallengeResolved(uint256 indexed, address indexed, bool, uint256, uint256)}. */
  static final String RESOLVED =
      Hash.sha3String("ChallengeResolved(uint256,address,bool,uint256,uint256)");

  private SampledEvents() {}

  /**
   * The {@code checked} flag of a TaskSampled log: its data's third word (seed, block, checked).
   */
  static boolean checked(Log log) {
    String data = Numeric.cleanHexPrefix(log.getData());
    if (data.length() < 3 * 64) {
      throw new IllegalArgumentException("not a TaskSampled log: " + log.getData());
    }
    return new BigInteger(data.substring(2 * 64, 3 * 64), 16).signum() != 0;
  }
}

package network.deai.contracts.abi;

import java.math.BigInteger;
import network.deai.contracts.crypto.Hashes;

/**
 * The seed that draws a task's replicas, bit for bit as TaskManager.startTask computes it:
 *
 * <pre>
 * seed = keccak256(abi.encode(blockhash(seedBlock), taskId))
 * </pre>
 *
 * The block hash did not exist when the task was created, so neither its requester nor anyone else
 * could choose the replicas. Anyone can recompute the seed from the chain to audit a draw.
 */
public final class TaskSeed {
  private TaskSeed() {}

  /** Computes the seed of {@code taskId} from the hash of its seed block. */
  public static Bytes32 compute(Bytes32 seedBlockHash, BigInteger taskId) {
    if (taskId.signum() < 0 || taskId.bitLength() > 256) {
      throw new IllegalArgumentException("taskId must be a uint256, got " + taskId);
    }
    byte[] encoded = new byte[2 * Bytes32.SIZE];
    System.arraycopy(seedBlockHash.toArray(), 0, encoded, 0, Bytes32.SIZE);
    System.arraycopy(Commitment.word(taskId), 0, encoded, Bytes32.SIZE, Bytes32.SIZE);
    return Hashes.keccak256(encoded);
  }
}

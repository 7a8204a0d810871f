package network.deai.contracts.abi;

import java.math.BigInteger;
import network.deai.contracts.crypto.Hashes;

/**
 * The seed that draws a task's replicas, bit for bit as TaskManager.startTask computes it, and the
 * one that draws a training round's trainers and committee, as TrainingJobs.startRound does:
 *
 * <pre>
 * seed = keccak256(abi.encode(blockhash(seedBlock), taskId))
 * seed = keccak256(abi.encode(blockhash(seedBlock), jobId, round))
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
    return encodeAndHash(seedBlockHash, taskId);
  }

  /** Computes the seed of round {@code round} of job {@code jobId} from its seed block's hash. */
  public static Bytes32 forRound(Bytes32 seedBlockHash, BigInteger jobId, long round) {
    if (jobId.signum() < 0 || jobId.bitLength() > 256 || round < 0) {
      throw new IllegalArgumentException(
          "jobId and round must be uint256: " + jobId + ", " + round);
    }
    return encodeAndHash(seedBlockHash, jobId, BigInteger.valueOf(round));
  }

  /** {@code keccak256(abi.encode(seedBlockHash, words...))}, each word a uint256 in range. */
  static Bytes32 encodeAndHash(Bytes32 seedBlockHash, BigInteger... words) {
    byte[] encoded = new byte[(1 + words.length) * Bytes32.SIZE];
    System.arraycopy(seedBlockHash.toArray(), 0, encoded, 0, Bytes32.SIZE);
    for (int i = 0; i < words.length; i++) {
      System.arraycopy(Commitment.word(words[i]), 0, encoded, (1 + i) * Bytes32.SIZE, Bytes32.SIZE);
    }
    return Hashes.keccak256(encoded);
  }
}

package network.deai.contracts.abi;

import java.math.BigInteger;
import network.deai.contracts.crypto.Hashes;

/**
 * The commit-reveal binding, bit for bit as the TaskManager contract checks it:
 *
 * <pre>
 * commitment = keccak256(abi.encode(COMMIT_TAG, chainId, taskManager, taskId, worker,
 *                                   resultDigest, fingerprint, salt))
 * COMMIT_TAG = keccak256("deai.commit.v1")
 * </pre>
 *
 * Every field is one 32-byte ABI word: integers big-endian, addresses left-padded with zeros.
 */
public final class Commitment {
  /** {@code keccak256("deai.commit.v1")}. */
  public static final Bytes32 COMMIT_TAG =
      Hashes.keccak256("deai.commit.v1".getBytes(java.nio.charset.StandardCharsets.US_ASCII));

  private Commitment() {}

  /** Computes the commitment a worker signs before it reveals. */
  public static Bytes32 compute(
      long chainId,
      Address taskManager,
      BigInteger taskId,
      Address worker,
      Bytes32 resultDigest,
      Bytes32 fingerprint,
      Bytes32 salt) {
    if (taskId.signum() < 0 || taskId.bitLength() > 256) {
      throw new IllegalArgumentException("taskId must be a uint256, got " + taskId);
    }
    byte[] encoded = new byte[8 * Bytes32.SIZE];
    put(encoded, 0, COMMIT_TAG.toArray());
    put(encoded, 1, word(BigInteger.valueOf(chainId)));
    put(encoded, 2, taskManager.toWord());
    put(encoded, 3, word(taskId));
    put(encoded, 4, worker.toWord());
    put(encoded, 5, resultDigest.toArray());
    put(encoded, 6, fingerprint.toArray());
    put(encoded, 7, salt.toArray());
    return Hashes.keccak256(encoded);
  }

  /**
   * The fingerprint a training-job committee member commits to: {@code keccak256(abi.encode(
   * modelDigest, scoresDigest, uint32 flaggedMask))}.
   */
  public static Bytes32 aggregateFingerprint(
      Bytes32 modelDigest, Bytes32 scoresDigest, long flaggedMask) {
    if (flaggedMask < 0 || flaggedMask > 0xFFFF_FFFFL) {
      throw new IllegalArgumentException("flaggedMask must be a uint32, got " + flaggedMask);
    }
    byte[] encoded = new byte[3 * Bytes32.SIZE];
    put(encoded, 0, modelDigest.toArray());
    put(encoded, 1, scoresDigest.toArray());
    put(encoded, 2, word(BigInteger.valueOf(flaggedMask)));
    return Hashes.keccak256(encoded);
  }

  private static void put(byte[] target, int index, byte[] word) {
    System.arraycopy(word, 0, target, index * Bytes32.SIZE, Bytes32.SIZE);
  }

  /** {@code value} as one big-endian 32-byte ABI word (a uint256 in range). */
  static byte[] word(BigInteger value) {
    byte[] raw = value.toByteArray();
    byte[] out = new byte[Bytes32.SIZE];
    int length = Math.min(raw.length, Bytes32.SIZE);
    System.arraycopy(raw, raw.length - length, out, Bytes32.SIZE - length, length);
    return out;
  }
}

package network.deai.node.domain;

import java.math.BigInteger;
import network.deai.contracts.abi.Bytes32;

/**
 * What a worker records, durably and in order, about each task. A {@link ResultPrepared} entry is
 * on disk before the commitment is signed, so a restarted worker reveals the same salt and never
 * commits to a second, different result.
 */
public sealed interface JournalEntry {
  /** The task the entry belongs to. */
  BigInteger taskId();

  /** The result and the salt the commitment binds. */
  record ResultPrepared(
      BigInteger taskId, Bytes32 resultDigest, Bytes32 fingerprint, Bytes32 salt, String resultUri)
      implements JournalEntry {}

  /** The commit transaction was signed and handed to the sender. */
  record CommitSent(BigInteger taskId, Bytes32 commitment, String txHash) implements JournalEntry {}

  /** The reveal transaction was signed and handed to the sender. */
  record RevealSent(BigInteger taskId, String txHash) implements JournalEntry {}

  /** Nothing more will happen for the task (settled, expired, failed with a recorded reason). */
  record TaskClosed(BigInteger taskId, String outcome) implements JournalEntry {}
}

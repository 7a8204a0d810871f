package network.deai.node.domain;

import java.math.BigInteger;
import network.deai.contracts.abi.Bytes32;

/**
 * What a worker records, durably and in order, about each task. {@link TaskAssigned} is on disk
 * before the log checkpoint moves past the assignment, and {@link ResultPrepared} is on disk before
 * the commitment is signed, so a restarted worker resumes every assigned task, reveals the same
 * salt and never commits to a second, different result.
 */
public sealed interface JournalEntry {
  /** The task the entry belongs to. */
  BigInteger taskId();

  /** The contract selected this worker as a replica of the task. */
  record TaskAssigned(BigInteger taskId) implements JournalEntry {}

  /** The task's input was refused; the worker commits to the rejection document instead. */
  record ExecutionRejected(BigInteger taskId, String code, String detail) implements JournalEntry {}

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

package network.deai.node.domain;

import java.math.BigInteger;

/**
 * What one attempt to start a Pending task came to. Only {@link Sent} means a transaction went out;
 * it may still just replace an aged-out seed block (the receipt then holds {@code TaskPending}
 * instead of {@code TaskStarted}), in which case the task is started by a later attempt.
 */
public sealed interface StartAttempt {
  /**
   * The simulation passed and {@code startTask} was sent in {@code txHash} with the sender's {@code
   * nonce}.
   */
  record Sent(String txHash, BigInteger nonce) implements StartAttempt {}

  /**
   * Not now, maybe on a later block: the seed block's hash does not exist yet, or too few capable
   * nodes are free. {@code reason} says which in plain words.
   */
  record NotYet(String reason) implements StartAttempt {}

  /** The task cannot be started any more: it left Pending, or its start deadline passed. */
  record Closed(String reason) implements StartAttempt {}

  /** The contract refused for another reason, named in {@code error}. */
  record Refused(String error) implements StartAttempt {}
}

package network.deai.node.chain;

import java.math.BigInteger;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * What an outbox entry needs, from what the chain says about its nonce, and when a transaction the
 * node keeps rejecting is given up. Deterministic; the sender reads the chain and acts.
 */
final class OutboxReconciler {
  /** The fate of one outbox entry. */
  enum Verdict {
    /** One of the transactions signed at this nonce is mined: the entry is done. */
    MINED,
    /**
     * The account's nonce moved past the entry but none of its transactions is mined: another
     * transaction from the same key (another process, or a reorg) took the nonce.
     */
    LOST,
    /** Not mined yet: broadcast it again. */
    PENDING
  }

  private final int maxRejections;
  private final Map<BigInteger, Integer> rejections = new HashMap<>();

  OutboxReconciler(int maxRejections) {
    if (maxRejections < 1) {
      throw new IllegalArgumentException("maxRejections must be at least 1: " + maxRejections);
    }
    this.maxRejections = maxRejections;
  }

  static Verdict verdict(BigInteger nonce, BigInteger minedCount, boolean oursMined) {
    if (oursMined) {
      return Verdict.MINED;
    }
    return nonce.compareTo(minedCount) < 0 ? Verdict.LOST : Verdict.PENDING;
  }

  /** Counts one more rejection of the entry at {@code nonce}; true once it should be given up. */
  boolean rejected(BigInteger nonce) {
    int count = rejections.merge(nonce, 1, Integer::sum);
    return count >= maxRejections;
  }

  /** Forgets the rejections of {@code nonce} (accepted, settled or given up). */
  void forget(BigInteger nonce) {
    rejections.remove(nonce);
  }

  /**
   * True when a node's rejection says the nonce is already used by another transaction from this
   * key: mined ("nonce too low") or pending at a higher price ("replacement underpriced"). Covers
   * the wording of geth, anvil, Besu and Hardhat.
   */
  static boolean nonceTaken(String message) {
    String m = message.toLowerCase(Locale.ROOT);
    return m.contains("nonce too low")
        || m.contains("nonce_too_low")
        || m.contains("replacement_underpriced")
        || (m.contains("replacement") && m.contains("underpriced"));
  }

  /** True when the node already holds exactly this transaction. */
  static boolean alreadyKnown(String message) {
    String m = message.toLowerCase(Locale.ROOT);
    return m.contains("already known") || m.contains("already imported");
  }
}

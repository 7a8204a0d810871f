package network.deai.node.chain;

import java.math.BigInteger;
import java.time.Duration;
import java.util.Map;

/**
 * The one writer of a signing key, as the worker uses it: sends calls in nonce order, settles what
 * it sent, raises the fee of what waits too long, and says whether the node still holds an unmined
 * transaction of the key. {@link TransactionSender} is the implementation over JSON-RPC; the node's
 * tests use an in-memory fake that injects broadcast and rejection faults.
 */
public interface ChainWriter {
  /** The account that signs. */
  String address();

  /**
   * Signs, persists and broadcasts a call; returns once the node has accepted it. Throws {@link
   * TransactionSender.NotBroadcast} when it is persisted but the broadcast failed, and {@link
   * IllegalStateException} when the node rejected it (then nothing is queued).
   */
  TransactionSender.Sent send(String to, BigInteger value, String data, BigInteger gasLimit);

  /**
   * Forgets what is mined, gives up what can no longer be, re-broadcasts the rest; returns how many
   * sent transactions are still pending.
   */
  int settle();

  /**
   * Replaces pending transactions older than {@code after} at a higher fee; new hashes by nonce.
   */
  Map<BigInteger, String> bumpStale(Duration after);

  /** Whether the node's mempool holds a transaction of this key that is not mined yet. */
  boolean hasUnmined();
}

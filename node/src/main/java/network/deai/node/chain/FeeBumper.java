package network.deai.node.chain;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.web3j.crypto.Credentials;
import org.web3j.crypto.Hash;
import org.web3j.protocol.Web3j;
import org.web3j.protocol.core.DefaultBlockParameterName;

/**
 * Re-signs a sender's waiting transactions at a higher fee ({@link FeePolicy#bump}): those that
 * waited too long, and, once a block, those whose deadline block is near. Called under the sender's
 * lock.
 */
final class FeeBumper {
  private static final Logger LOG = LoggerFactory.getLogger(FeeBumper.class);

  private final Web3j web3j;
  private final Credentials credentials;
  private final Outbox outbox;
  private final TransactionSigner signer;
  private final FeePolicy policy;
  private final Map<BigInteger, Long> bumpedAt = new HashMap<>();
  private final Set<BigInteger> capped = new HashSet<>();

  FeeBumper(
      Web3j web3j,
      Credentials credentials,
      Outbox outbox,
      TransactionSigner signer,
      FeePolicy policy) {
    this.web3j = web3j;
    this.credentials = credentials;
    this.outbox = outbox;
    this.signer = signer;
    this.policy = policy;
  }

  /** See {@link TransactionSender#bumpStale(Duration)}. */
  Map<BigInteger, String> bumpStale(Duration after) {
    try {
      Map<BigInteger, String> replaced = new TreeMap<>();
      NavigableMap<BigInteger, Outbox.Entry> entries = outbox.read();
      if (entries.isEmpty()) {
        return replaced;
      }
      long cutoff = System.currentTimeMillis() - after.toMillis();
      long block = web3j.ethBlockNumber().send().getBlockNumber().longValueExact();
      BigInteger mined =
          web3j
              .ethGetTransactionCount(credentials.getAddress(), DefaultBlockParameterName.LATEST)
              .send()
              .getTransactionCount();
      Fees fresh = signer.fresh();
      for (Outbox.Entry entry : entries.tailMap(mined, true).values()) {
        long left =
            entry.deadlineBlock() == Outbox.NO_DEADLINE
                ? Long.MAX_VALUE
                : entry.deadlineBlock() - block;
        boolean urgent =
            policy.urgent(left) && !Long.valueOf(block).equals(bumpedAt.get(entry.nonce()));
        if (urgent || entry.modified() <= cutoff) {
          bumpedAt.put(entry.nonce(), block);
          replace(entry, fresh, left).ifPresent(hash -> replaced.put(entry.nonce(), hash));
        }
      }
      return replaced;
    } catch (IOException e) {
      throw new UncheckedIOException("replacing stale transactions failed", e);
    }
  }

  /** Forgets what it knew of {@code nonce} (settled or given up). */
  void forget(BigInteger nonce) {
    bumpedAt.remove(nonce);
    capped.remove(nonce);
  }

  private Optional<String> replace(Outbox.Entry entry, Fees fresh, long blocksLeft)
      throws IOException {
    Optional<String> bumped = signer.bumped(entry.raw(), fresh, blocksLeft);
    if (bumped.isEmpty()) {
      if (capped.add(entry.nonce())) {
        LOG.warn(
            "nonce {} waits at {}, and the fee policy allows no higher offer ({} wei per gas at"
                + " most, {} times a fresh offer)",
            entry.nonce(),
            TransactionSigner.fees(entry.raw()),
            policy.maxFeePerGas(),
            policy.maxMultiplier());
      }
      return Optional.empty();
    }
    String raw = bumped.get();
    outbox.replace(entry, raw);
    try {
      Optional<String> rejection = signer.broadcast(raw);
      if (rejection.isPresent()) {
        // The node keeps the old transaction, and so do we (both hashes stay remembered).
        outbox.replace(
            new Outbox.Entry(entry.nonce(), raw, entry.hashes(), entry.deadlineBlock(), 0),
            entry.raw());
        LOG.warn("node refused the replacement of nonce {}: {}", entry.nonce(), rejection.get());
        return Optional.empty();
      }
    } catch (IOException e) {
      LOG.debug(
          "broadcast of the replacement of nonce {} failed: {}", entry.nonce(), e.getMessage());
    }
    LOG.info(
        "replacing stale transaction with nonce {} at {} ({} blocks to its deadline)",
        entry.nonce(),
        TransactionSigner.fees(raw),
        blocksLeft == Long.MAX_VALUE ? "no" : blocksLeft);
    return Optional.of(Hash.sha3(raw));
  }
}

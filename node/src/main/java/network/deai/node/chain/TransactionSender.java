package network.deai.node.chain;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.web3j.crypto.Credentials;
import org.web3j.crypto.Hash;
import org.web3j.protocol.Web3j;
import org.web3j.protocol.core.DefaultBlockParameterName;
import org.web3j.protocol.core.methods.response.TransactionReceipt;

/**
 * The one sender for a key: it owns the nonce, signs, persists the signed bytes to an outbox
 * (fsynced) and only then broadcasts. A restarted sender re-broadcasts the same bytes for every
 * transaction still in the outbox, so a crash can neither lose nor double a transaction; "already
 * known" answers count as success. Receipts are polled every {@code pollInterval}.
 *
 * <p>The outbox directory is locked ({@link DataDirectoryLock}) while the sender is open, so a
 * second process cannot send from it. An entry whose nonce the chain has passed counts as done only
 * when one of the transactions signed at that nonce is mined; otherwise another transaction from
 * the key took the nonce, and the entry is given up and reported by {@link #takeDropped()}. A first
 * broadcast the node rejects spends no nonce; an outbox transaction the node rejects {@value
 * #MAX_REJECTIONS} times is given up, and a no-op fills its nonce so later ones are mined. Fees
 * follow a {@link FeePolicy}: EIP-1559 where blocks have a base fee, bumps capped, and bumps that
 * grow as a caller's deadline block nears.
 */
public final class TransactionSender implements ChainWriter, AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(TransactionSender.class);

  /** Rejections of an outbox transaction by the node before it is given up. */
  public static final int MAX_REJECTIONS = 3;

  private static final int MAX_REPORTED = 100;

  private final Web3j web3j;
  private final Credentials credentials;
  private final Outbox outbox;
  private final Duration pollInterval;
  private final TransactionSigner signer;
  private final FeeBumper bumper;
  private final DataDirectoryLock lock;
  private final OutboxReconciler reconciler = new OutboxReconciler(MAX_REJECTIONS);
  private final List<Dropped> dropped = new ArrayList<>();
  private BigInteger nextNonce;

  /** A transaction that was signed, persisted and broadcast. */
  public record Sent(String hash, BigInteger nonce) {}

  /**
   * A transaction given up: another transaction from this key took its nonce, or the node kept
   * rejecting it. It will not be mined; a caller that still wants its effect signs it again.
   */
  public record Dropped(BigInteger nonce, String hash, String reason) {}

  /**
   * The transaction was signed and persisted, so its nonce is spent, but broadcasting it failed
   * (the endpoint is unreachable): {@link #settle()} or a restart sends the same bytes again.
   * Callers that settle periodically may treat it as sent.
   */
  public static final class NotBroadcast extends UncheckedIOException {
    private static final long serialVersionUID = 1L;

    private final transient Sent sent;

    NotBroadcast(Sent sent, IOException cause) {
      super("transaction " + sent.hash() + " is queued but its broadcast failed", cause);
      this.sent = sent;
    }

    /** The queued transaction. */
    public Sent sent() {
      return sent;
    }
  }

  private TransactionSender(
      Web3j web3j,
      Credentials credentials,
      Outbox outbox,
      Duration pollInterval,
      TransactionSigner signer,
      FeeBumper bumper,
      DataDirectoryLock lock,
      BigInteger nextNonce) {
    this.web3j = web3j;
    this.credentials = credentials;
    this.outbox = outbox;
    this.pollInterval = pollInterval;
    this.signer = signer;
    this.bumper = bumper;
    this.lock = lock;
    this.nextNonce = nextNonce;
  }

  /** Opens the sender with {@link FeePolicy#DEFAULT}. */
  public static TransactionSender open(
      Web3j web3j, Credentials credentials, long chainId, Path outbox, Duration pollInterval) {
    return open(web3j, credentials, chainId, outbox, pollInterval, FeePolicy.DEFAULT);
  }

  /**
   * Opens the sender: locks the outbox directory (failing with a one-line message when another
   * process holds it), settles what the outbox still holds and re-broadcasts the rest.
   */
  public static TransactionSender open(
      Web3j web3j,
      Credentials credentials,
      long chainId,
      Path outbox,
      Duration pollInterval,
      FeePolicy policy) {
    DataDirectoryLock lock = DataDirectoryLock.acquire(outbox, true);
    try {
      Outbox box = new Outbox(outbox);
      BigInteger next = nonce(web3j, credentials, DefaultBlockParameterName.PENDING);
      NavigableMap<BigInteger, Outbox.Entry> pending = box.read();
      if (!pending.isEmpty()) {
        next = next.max(pending.lastKey().add(BigInteger.ONE));
      }
      TransactionSigner signer = new TransactionSigner(web3j, credentials, chainId, policy);
      TransactionSender sender =
          new TransactionSender(
              web3j,
              credentials,
              box,
              pollInterval,
              signer,
              new FeeBumper(web3j, credentials, box, signer, policy),
              lock,
              next);
      try {
        sender.settle();
      } catch (RuntimeException e) {
        // An RPC fault at start must not stop the node: the outbox is settled again while it runs.
        LOG.warn("could not settle the outbox at start ({}); will retry", e.getMessage());
      }
      return sender;
    } catch (IOException e) {
      lock.close();
      throw new UncheckedIOException(
          "cannot open transaction sender for " + credentials.getAddress(), e);
    } catch (RuntimeException e) {
      lock.close();
      throw e;
    }
  }

  /**
   * Signs, persists and broadcasts a call; returns once the node has accepted it. Throws {@link
   * NotBroadcast} when it is persisted but the broadcast failed, and {@link IllegalStateException}
   * when the node rejected it (then nothing is queued and the nonce is not spent).
   */
  @Override
  public Sent send(String to, BigInteger value, String data, BigInteger gasLimit) {
    return send(to, value, data, gasLimit, Outbox.NO_DEADLINE);
  }

  /**
   * Like {@link #send(String, BigInteger, String, BigInteger)}, for a transaction that must be
   * mined by block {@code deadlineBlock}: {@link #bumpStale} raises its fee every block once the
   * deadline is within {@link FeePolicy#urgentBlocks()}, by more the nearer it is.
   */
  public synchronized Sent send(
      String to, BigInteger value, String data, BigInteger gasLimit, long deadlineBlock) {
    try {
      Fees fees = signer.fresh();
      if (outbox.read().isEmpty()) {
        // Nothing of ours is pending: the chain's count is the next nonce. It is lower than ours
        // after a reorg dropped mined transactions, which a nonce gap would never let through.
        nextNonce = nonce(web3j, credentials, DefaultBlockParameterName.PENDING);
      }
      for (int attempt = 0; ; attempt++) {
        BigInteger nonce = nextNonce;
        String raw = signer.sign(nonce, fees, gasLimit, to, value, data);
        outbox.add(nonce, raw, deadlineBlock);
        // The signed bytes are in the outbox: the nonce is spent even if this broadcast fails,
        // and settle() (or a restart) broadcasts them again.
        nextNonce = nonce.add(BigInteger.ONE);
        Optional<String> rejection;
        try {
          rejection = signer.broadcast(raw);
        } catch (IOException e) {
          throw new NotBroadcast(new Sent(Hash.sha3(raw), nonce), e);
        }
        if (rejection.isEmpty()) {
          return new Sent(Hash.sha3(raw), nonce);
        }
        // Rejected at its first broadcast, so never accepted: its nonce is still ours to use.
        outbox.remove(nonce);
        nextNonce = nonce;
        if (attempt > 0 || !OutboxReconciler.nonceTaken(rejection.get())) {
          throw new IllegalStateException(
              "node rejected transaction " + Hash.sha3(raw) + ": " + rejection.get());
        }
        nextNonce = nonce(web3j, credentials, DefaultBlockParameterName.PENDING).max(nextNonce);
        LOG.warn(
            "nonce {} of {} is taken by another transaction (is another process using this"
                + " key?); signing again with nonce {}",
            nonce,
            credentials.getAddress(),
            nextNonce);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("sending transaction failed", e);
    }
  }

  /** Polls for the receipt; clears the outbox entry once mined. */
  public Optional<TransactionReceipt> awaitReceipt(Sent sent, Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    try {
      while (System.nanoTime() < deadline) {
        Optional<TransactionReceipt> receipt =
            web3j.ethGetTransactionReceipt(sent.hash()).send().getTransactionReceipt();
        if (receipt.isPresent()) {
          outbox.remove(sent.nonce());
          return receipt;
        }
        Thread.sleep(pollInterval.toMillis());
      }
      return Optional.empty();
    } catch (IOException e) {
      throw new UncheckedIOException("receipt polling failed", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return Optional.empty();
    }
  }

  /**
   * Drops outbox entries whose transactions are mined, gives up (and reports) those whose nonce
   * another transaction took or that the node keeps rejecting, and re-broadcasts the rest; returns
   * how many are still pending. Called periodically so the outbox only holds unconfirmed
   * transactions.
   */
  @Override
  public synchronized int settle() {
    try {
      NavigableMap<BigInteger, Outbox.Entry> entries = outbox.read();
      if (entries.isEmpty()) {
        return 0;
      }
      BigInteger mined = nonce(web3j, credentials, DefaultBlockParameterName.LATEST);
      int left = 0;
      for (Outbox.Entry entry : entries.values()) {
        boolean ours = entry.nonce().compareTo(mined) < 0 && anyMined(entry);
        switch (OutboxReconciler.verdict(entry.nonce(), mined, ours)) {
          case MINED -> forget(entry.nonce());
          case LOST ->
              giveUp(
                  entry,
                  "another transaction from this key took nonce "
                      + entry.nonce()
                      + " (another process with the same key, or a reorg)");
          case PENDING -> left += rebroadcast(entries, entry) ? 1 : 0;
        }
      }
      return left;
    } catch (IOException e) {
      throw new UncheckedIOException("settling the outbox failed", e);
    }
  }

  /**
   * The transactions given up since the last call (see {@link Dropped}), oldest first, at most the
   * latest 100; each was also logged at WARN.
   */
  public synchronized List<Dropped> takeDropped() {
    List<Dropped> taken = List.copyOf(dropped);
    dropped.clear();
    return taken;
  }

  /**
   * Replaces every outbox transaction that has waited longer than {@code after}, or whose deadline
   * block is near (then once a block), with the same nonce, recipient, value and data at a higher
   * fee ({@link FeePolicy#bump}); returns the new hashes by nonce. The old bytes are overwritten
   * only after the new ones are signed, and both hashes are remembered, so either one or the other
   * is mined, never both, and either counts as ours.
   */
  @Override
  public synchronized Map<BigInteger, String> bumpStale(Duration after) {
    return bumper.bumpStale(after);
  }

  /** The account that signs. */
  @Override
  public String address() {
    return credentials.getAddress();
  }

  /**
   * Whether the node's mempool holds a transaction of this key that is not mined yet: its pending
   * transaction count is above its latest one.
   */
  @Override
  public boolean hasUnmined() {
    try {
      BigInteger pending = nonce(web3j, credentials, DefaultBlockParameterName.PENDING);
      BigInteger latest = nonce(web3j, credentials, DefaultBlockParameterName.LATEST);
      return pending.compareTo(latest) > 0;
    } catch (IOException e) {
      throw new UncheckedIOException("reading the nonce of " + address() + " failed", e);
    }
  }

  /**
   * Waits for the receipt of {@code sent} and returns it if the transaction succeeded; throws,
   * naming {@code what}, when it reverted or no receipt came within {@code timeout}.
   */
  public TransactionReceipt confirm(Sent sent, Duration timeout, String what) {
    TransactionReceipt receipt =
        awaitReceipt(sent, timeout)
            .orElseThrow(
                () ->
                    new IllegalStateException(
                        what
                            + ": no receipt for "
                            + sent.hash()
                            + (Thread.currentThread().isInterrupted()
                                ? " yet: stopped while waiting (it stays in the outbox and is"
                                    + " sent again on restart)"
                                : " within " + timeout)));
    if (!receipt.isStatusOK()) {
      throw new IllegalStateException(what + " reverted in " + sent.hash());
    }
    return receipt;
  }

  /** Signed transactions still waiting for a receipt, by nonce. */
  public List<BigInteger> pendingNonces() {
    try {
      return new ArrayList<>(outbox.read().keySet());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Releases the outbox lock; the outbox itself stays for the next sender. */
  @Override
  public void close() {
    lock.close();
  }

  /** True while the entry is still pending after this attempt. */
  private boolean rebroadcast(NavigableMap<BigInteger, Outbox.Entry> entries, Outbox.Entry entry)
      throws IOException {
    Optional<String> rejection;
    try {
      rejection = signer.broadcast(entry.raw());
    } catch (IOException | org.web3j.protocol.exceptions.ClientConnectionException e) {
      // The endpoint failed (refused, 429, 5xx), not the transaction: it stays pending.
      LOG.debug("re-broadcast of nonce {} failed: {}", entry.nonce(), e.getMessage());
      return true;
    }
    if (rejection.isEmpty()) {
      reconciler.forget(entry.nonce());
      return true;
    }
    LOG.debug("node rejected nonce {}: {}", entry.nonce(), rejection.get());
    if (!reconciler.rejected(entry.nonce())) {
      return true;
    }
    giveUp(entry, "rejected by the node " + MAX_REJECTIONS + " times: " + rejection.get());
    BigInteger after = entry.nonce().add(BigInteger.ONE);
    if (entries.higherKey(entry.nonce()) == null && nextNonce.equals(after)) {
      nextNonce = entry.nonce(); // nothing after it: the nonce is simply free again
      return false;
    }
    if (!signer.isFiller(entry.raw())) {
      fill(entry.nonce());
      return true;
    }
    return false;
  }

  /** A no-op at {@code nonce}, so that the transactions after a given-up one can be mined. */
  private void fill(BigInteger nonce) throws IOException {
    String raw = signer.filler(nonce, signer.fresh());
    outbox.add(nonce, raw, Outbox.NO_DEADLINE);
    LOG.warn(
        "filling nonce {} with a no-op {} so later transactions can be mined",
        nonce,
        Hash.sha3(raw));
    try {
      signer
          .broadcast(raw)
          .ifPresent(r -> LOG.warn("node rejected the no-op at nonce {}: {}", nonce, r));
    } catch (IOException e) {
      LOG.debug("broadcast of the no-op at nonce {} failed: {}", nonce, e.getMessage());
    }
  }

  private void giveUp(Outbox.Entry entry, String reason) throws IOException {
    forget(entry.nonce());
    if (dropped.size() == MAX_REPORTED) {
      dropped.remove(0); // nobody is taking them: keep the latest, they are logged anyway
    }
    dropped.add(new Dropped(entry.nonce(), entry.hash(), reason));
    LOG.warn(
        "gave up transaction {} with nonce {}: {}; it must be signed again if still wanted",
        entry.hash(),
        entry.nonce(),
        reason);
  }

  private void forget(BigInteger nonce) throws IOException {
    outbox.remove(nonce);
    reconciler.forget(nonce);
    bumper.forget(nonce);
  }

  private boolean anyMined(Outbox.Entry entry) throws IOException {
    for (String hash : entry.hashes()) {
      if (web3j.ethGetTransactionReceipt(hash).send().getTransactionReceipt().isPresent()) {
        return true;
      }
    }
    return false;
  }

  private static BigInteger nonce(
      Web3j web3j, Credentials credentials, DefaultBlockParameterName block) throws IOException {
    return web3j
        .ethGetTransactionCount(credentials.getAddress(), block)
        .send()
        .getTransactionCount();
  }
}

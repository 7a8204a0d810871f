package network.deai.node.chain;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.web3j.crypto.Credentials;
import org.web3j.crypto.Hash;
import org.web3j.crypto.RawTransaction;
import org.web3j.crypto.TransactionEncoder;
import org.web3j.protocol.Web3j;
import org.web3j.protocol.core.DefaultBlockParameterName;
import org.web3j.protocol.core.methods.response.EthSendTransaction;
import org.web3j.protocol.core.methods.response.TransactionReceipt;
import org.web3j.utils.Numeric;

/**
 * The one sender for a key: it owns the nonce, signs, persists the signed bytes to an outbox
 * (fsynced) and only then broadcasts. A restarted sender re-broadcasts the same bytes for every
 * transaction still in the outbox, so a crash can neither lose nor double a transaction; "already
 * known" answers count as success. Receipts are polled every {@code pollInterval} (web3j's default
 * processor waits about a second per transaction on anvil).
 */
public final class TransactionSender {
  private static final Logger LOG = LoggerFactory.getLogger(TransactionSender.class);

  private final Web3j web3j;
  private final Credentials credentials;
  private final long chainId;
  private final Path outbox;
  private final Duration pollInterval;
  private BigInteger nextNonce;

  /** A transaction that was signed, persisted and broadcast. */
  public record Sent(String hash, BigInteger nonce) {}

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
      long chainId,
      Path outbox,
      Duration pollInterval,
      BigInteger nextNonce) {
    this.web3j = web3j;
    this.credentials = credentials;
    this.chainId = chainId;
    this.outbox = outbox;
    this.pollInterval = pollInterval;
    this.nextNonce = nextNonce;
  }

  /** Opens the sender, re-broadcasting whatever its outbox still holds. */
  public static TransactionSender open(
      Web3j web3j, Credentials credentials, long chainId, Path outbox, Duration pollInterval) {
    try {
      Files.createDirectories(outbox);
      BigInteger chainNonce =
          web3j
              .ethGetTransactionCount(credentials.getAddress(), DefaultBlockParameterName.PENDING)
              .send()
              .getTransactionCount();
      java.util.NavigableMap<BigInteger, String> pending = readOutbox(outbox);
      BigInteger next =
          pending.isEmpty() ? chainNonce : chainNonce.max(pending.lastKey().add(BigInteger.ONE));
      TransactionSender sender =
          new TransactionSender(web3j, credentials, chainId, outbox, pollInterval, next);
      for (var entry : pending.entrySet()) {
        if (entry.getKey().compareTo(chainNonce) < 0 && sender.minedOrKnown(entry.getValue())) {
          continue;
        }
        LOG.info("re-broadcasting transaction with nonce {} from the outbox", entry.getKey());
        sender.broadcast(entry.getValue());
      }
      return sender;
    } catch (IOException e) {
      throw new UncheckedIOException(
          "cannot open transaction sender for " + credentials.getAddress(), e);
    }
  }

  /**
   * Signs, persists and broadcasts a call; returns once the node has accepted it. Throws {@link
   * NotBroadcast} when it is persisted but the broadcast failed.
   */
  public synchronized Sent send(String to, BigInteger value, String data, BigInteger gasLimit) {
    try {
      BigInteger gasPrice = web3j.ethGasPrice().send().getGasPrice();
      // Pay the node's suggestion as is: anvil's suggestion follows recently paid prices, so any
      // markup here compounds block after block (1.25^n) until accounts run dry.
      gasPrice = gasPrice.max(BigInteger.ONE);
      RawTransaction tx =
          RawTransaction.createTransaction(nextNonce, gasPrice, gasLimit, to, value, data);
      String raw = Numeric.toHexString(TransactionEncoder.signMessage(tx, chainId, credentials));
      persist(nextNonce, raw);
      BigInteger nonce = nextNonce;
      // The signed bytes are in the outbox: the nonce is spent even if this broadcast fails, and
      // settle() (or a restart) broadcasts them again.
      nextNonce = nextNonce.add(BigInteger.ONE);
      try {
        return new Sent(broadcast(raw), nonce);
      } catch (IOException e) {
        throw new NotBroadcast(new Sent(Hash.sha3(raw), nonce), e);
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
          Files.deleteIfExists(outbox.resolve(sent.nonce() + ".tx"));
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
   * Drops outbox entries whose transactions are mined, re-broadcasting the rest; returns how many
   * are still pending. Called periodically so the outbox only holds unconfirmed transactions.
   */
  public synchronized int settle() {
    try {
      java.util.NavigableMap<BigInteger, String> pending = readOutbox(outbox);
      if (pending.isEmpty()) {
        return 0;
      }
      BigInteger mined =
          web3j
              .ethGetTransactionCount(credentials.getAddress(), DefaultBlockParameterName.LATEST)
              .send()
              .getTransactionCount();
      int left = 0;
      for (var entry : pending.entrySet()) {
        if (minedOrKnown(entry.getValue()) || entry.getKey().compareTo(mined) < 0) {
          Files.deleteIfExists(outbox.resolve(entry.getKey() + ".tx"));
        } else {
          left++;
          try {
            broadcast(entry.getValue());
          } catch (IOException | IllegalStateException e) {
            LOG.debug("re-broadcast of nonce {} failed: {}", entry.getKey(), e.getMessage());
          }
        }
      }
      return left;
    } catch (IOException e) {
      throw new UncheckedIOException("settling the outbox failed", e);
    }
  }

  /**
   * Replaces every outbox transaction that has waited longer than {@code after} with the same
   * nonce, recipient, value and data at a gas price raised by 1/8 plus 1 wei (nodes accept a
   * replacement only above a minimum bump) and at least the current suggestion; returns the new
   * hashes by nonce. The old bytes are overwritten only after the new ones are signed, so either
   * one or the other is mined, never both.
   */
  public synchronized java.util.Map<BigInteger, String> bumpStale(Duration after) {
    try {
      java.util.Map<BigInteger, String> replaced = new TreeMap<>();
      long cutoff = System.currentTimeMillis() - after.toMillis();
      BigInteger suggested = web3j.ethGasPrice().send().getGasPrice();
      for (var entry : readOutbox(outbox).entrySet()) {
        Path file = outbox.resolve(entry.getKey() + ".tx");
        if (Files.getLastModifiedTime(file).toMillis() > cutoff || minedOrKnown(entry.getValue())) {
          continue;
        }
        RawTransaction old = org.web3j.crypto.TransactionDecoder.decode(entry.getValue());
        BigInteger price =
            old.getGasPrice()
                .add(old.getGasPrice().shiftRight(3))
                .add(BigInteger.ONE)
                .max(suggested);
        RawTransaction bumped =
            RawTransaction.createTransaction(
                old.getNonce(),
                price,
                old.getGasLimit(),
                old.getTo(),
                old.getValue(),
                old.getData());
        String raw =
            Numeric.toHexString(TransactionEncoder.signMessage(bumped, chainId, credentials));
        persist(entry.getKey(), raw);
        LOG.info(
            "replacing stale transaction with nonce {} at gas price {}", entry.getKey(), price);
        replaced.put(entry.getKey(), broadcast(raw));
      }
      return replaced;
    } catch (IOException e) {
      throw new UncheckedIOException("replacing stale transactions failed", e);
    }
  }

  /** The account that signs. */
  public String address() {
    return credentials.getAddress();
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
      return new ArrayList<>(readOutbox(outbox).keySet());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private String broadcast(String raw) throws IOException {
    String hash = Hash.sha3(raw);
    EthSendTransaction response = web3j.ethSendRawTransaction(raw).send();
    if (response.hasError()) {
      String message = response.getError().getMessage().toLowerCase(Locale.ROOT);
      if (message.contains("already known") || message.contains("already imported")) {
        return hash;
      }
      throw new IllegalStateException(
          "node rejected transaction " + hash + ": " + response.getError().getMessage());
    }
    return hash;
  }

  private boolean minedOrKnown(String raw) throws IOException {
    return web3j
        .ethGetTransactionReceipt(Hash.sha3(raw))
        .send()
        .getTransactionReceipt()
        .isPresent();
  }

  private void persist(BigInteger nonce, String raw) throws IOException {
    Path tmp = outbox.resolve(nonce + ".tx.tmp");
    Files.writeString(
        tmp,
        raw,
        StandardCharsets.US_ASCII,
        StandardOpenOption.CREATE,
        StandardOpenOption.TRUNCATE_EXISTING,
        StandardOpenOption.WRITE,
        StandardOpenOption.SYNC);
    Files.move(tmp, outbox.resolve(nonce + ".tx"), StandardCopyOption.ATOMIC_MOVE);
  }

  private static java.util.NavigableMap<BigInteger, String> readOutbox(Path outbox)
      throws IOException {
    java.util.NavigableMap<BigInteger, String> pending = new TreeMap<>();
    try (Stream<Path> files = Files.list(outbox)) {
      for (Path f : files.toList()) {
        String name = f.getFileName().toString();
        if (name.matches("[0-9]+\\.tx")) {
          pending.put(
              new BigInteger(name.substring(0, name.length() - 3)), Files.readString(f).strip());
        }
      }
    }
    return pending;
  }
}

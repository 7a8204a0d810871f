package network.deai.bench.faults;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import network.deai.node.chain.TransactionSender;
import org.web3j.protocol.Web3j;
import org.web3j.protocol.core.methods.response.Transaction;

/**
 * Wei the bench sent into the contract, read back from the mined transactions themselves (their
 * {@code value}), so the books can be reconciled against what went in.
 */
final class Deposits {
  private final Web3j web3j;
  private BigInteger total = BigInteger.ZERO;

  Deposits(Web3j web3j) {
    this.web3j = web3j;
  }

  /** Adds the value of the mined transaction {@code sent}. */
  synchronized void add(TransactionSender.Sent sent) {
    add(sent.hash());
  }

  /** Adds the value of the mined transaction {@code hash}. */
  synchronized void add(String hash) {
    try {
      Transaction tx =
          web3j
              .ethGetTransactionByHash(hash)
              .send()
              .getTransaction()
              .orElseThrow(() -> new IllegalStateException("transaction " + hash + " not found"));
      total = total.add(tx.getValue());
    } catch (IOException e) {
      throw new UncheckedIOException("reading transaction " + hash + " failed", e);
    }
  }

  synchronized BigInteger total() {
    return total;
  }
}

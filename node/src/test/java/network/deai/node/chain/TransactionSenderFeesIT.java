package network.deai.node.chain;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigInteger;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import network.deai.contracts.testing.LocalChain;
import network.deai.contracts.testing.LocalChainExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.web3j.crypto.Credentials;
import org.web3j.protocol.core.methods.response.Transaction;

/** EIP-1559 offers, capped fee bumps and bumps that grow as a deadline nears. */
@ExtendWith(LocalChainExtension.class)
class TransactionSenderFeesIT {
  private static final BigInteger GAS = BigInteger.valueOf(21_000);
  private static final Duration POLL = Duration.ofMillis(10);

  @TempDir Path dir;

  @Test
  void sendsEip1559TransactionsWhenBlocksHaveABaseFee(LocalChain chain) throws Exception {
    Credentials key = chain.account(10);
    try (TransactionSender sender =
        TransactionSender.open(chain.web3j(), key, LocalChain.CHAIN_ID, dir, POLL)) {
      TransactionSender.Sent sent =
          sender.send(chain.account(20).getAddress(), BigInteger.ONE, "0x", GAS);
      assertThat(sender.awaitReceipt(sent, Duration.ofSeconds(5))).isPresent();
      Transaction tx = transaction(chain, sent.hash());
      assertThat(tx.getType()).isEqualTo("0x2");
      assertThat(tx.getMaxPriorityFeePerGas())
          .isLessThanOrEqualTo(FeePolicy.DEFAULT.maxPriorityFeePerGas());
    }
  }

  @Test
  void neverBumpsAboveTheCap(LocalChain chain) throws Exception {
    Credentials key = chain.account(11);
    chain.setAutomine(false);
    try {
      BigInteger first;
      BigInteger cap;
      try (TransactionSender probe =
          TransactionSender.open(chain.web3j(), key, LocalChain.CHAIN_ID, dir, POLL)) {
        TransactionSender.Sent sent =
            probe.send(chain.account(20).getAddress(), BigInteger.ONE, "0x", GAS);
        first = ceiling(transaction(chain, sent.hash()));
        cap = first.multiply(BigInteger.TWO);
      }
      FeePolicy policy = new FeePolicy(cap, FeePolicy.DEFAULT.maxPriorityFeePerGas(), 100, 10);
      try (TransactionSender sender =
          TransactionSender.open(chain.web3j(), key, LocalChain.CHAIN_ID, dir, POLL, policy)) {
        BigInteger highest = first;
        int bumps = 0;
        for (int i = 0; i < 30; i++) {
          for (String hash : sender.bumpStale(Duration.ZERO).values()) {
            highest = highest.max(ceiling(transaction(chain, hash)));
            bumps++;
          }
        }
        assertThat(bumps).isBetween(1, 10);
        assertThat(highest).isGreaterThan(first).isLessThanOrEqualTo(cap);
        assertThat(sender.bumpStale(Duration.ZERO)).isEmpty();
      }
    } finally {
      chain.setAutomine(true);
    }
  }

  @Test
  void bumpsEarlierAndHarderAsTheDeadlineNears(LocalChain chain) throws Exception {
    Credentials key = chain.account(12);
    String to = chain.account(20).getAddress();
    chain.setAutomine(false);
    try (TransactionSender sender =
        TransactionSender.open(chain.web3j(), key, LocalChain.CHAIN_ID, dir, POLL)) {
      TransactionSender.Sent due =
          sender.send(to, BigInteger.ONE, "0x", GAS, chain.blockNumber() + 2);
      TransactionSender.Sent relaxed = sender.send(to, BigInteger.TWO, "0x", GAS);
      BigInteger before = ceiling(transaction(chain, due.hash()));

      Map<BigInteger, String> replaced = sender.bumpStale(Duration.ofHours(1));

      assertThat(replaced).containsOnlyKeys(due.nonce());
      String bumped = java.util.Objects.requireNonNull(replaced.get(due.nonce()));
      BigInteger after = ceiling(transaction(chain, bumped));
      assertThat(after)
          .isGreaterThanOrEqualTo(before.multiply(BigInteger.valueOf(3)).shiftRight(1));
      assertThat(transaction(chain, relaxed.hash())).isNotNull();
      chain.mine(1);
      assertThat(
              sender.awaitReceipt(
                  new TransactionSender.Sent(bumped, due.nonce()), Duration.ofSeconds(5)))
          .isPresent();
    } finally {
      chain.setAutomine(true);
    }
  }

  private static Transaction transaction(LocalChain chain, String hash) throws Exception {
    return chain.web3j().ethGetTransactionByHash(hash).send().getTransaction().orElseThrow();
  }

  private static BigInteger ceiling(Transaction tx) {
    return tx.getMaxFeePerGasRaw() != null ? tx.getMaxFeePerGas() : tx.getGasPrice();
  }
}

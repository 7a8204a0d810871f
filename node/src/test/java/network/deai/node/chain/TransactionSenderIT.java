package network.deai.node.chain;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigInteger;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import network.deai.contracts.testing.LocalChain;
import network.deai.contracts.testing.LocalChainExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.web3j.crypto.Credentials;
import org.web3j.protocol.core.methods.response.TransactionReceipt;

@ExtendWith(LocalChainExtension.class)
class TransactionSenderIT {
  private static final BigInteger GAS = BigInteger.valueOf(21_000);
  private static final Duration POLL = Duration.ofMillis(10);

  @TempDir Path dir;

  @Test
  void sendsManyTransactionsWithConsecutiveNonces(LocalChain chain) {
    Credentials key = chain.account(5);
    String to = chain.account(6).getAddress();
    TransactionSender sender =
        TransactionSender.open(chain.web3j(), key, LocalChain.CHAIN_ID, dir, POLL);

    List<TransactionSender.Sent> sent = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      sent.add(sender.send(to, BigInteger.valueOf(1000 + i), "0x", GAS));
    }
    for (TransactionSender.Sent s : sent) {
      TransactionReceipt receipt = sender.awaitReceipt(s, Duration.ofSeconds(10)).orElseThrow();
      assertThat(receipt.isStatusOK()).isTrue();
    }

    assertThat(sent).extracting(TransactionSender.Sent::nonce).doesNotHaveDuplicates();
    assertThat(sender.pendingNonces()).isEmpty();
  }

  @Test
  void rebroadcastsTheSameBytesAfterARestart(LocalChain chain) throws Exception {
    Credentials key = chain.account(7);
    String to = chain.account(8).getAddress();
    chain.setAutomine(false);
    try {
      TransactionSender first =
          TransactionSender.open(chain.web3j(), key, LocalChain.CHAIN_ID, dir, POLL);
      TransactionSender.Sent sent = first.send(to, BigInteger.TEN, "0x", GAS);

      // A crash before the transaction was mined: the outbox still holds its signed bytes, and
      // the restarted sender broadcasts them again ("already known") instead of re-signing.
      TransactionSender restarted =
          TransactionSender.open(chain.web3j(), key, LocalChain.CHAIN_ID, dir, POLL);
      assertThat(restarted.pendingNonces()).containsExactly(sent.nonce());
      TransactionSender.Sent next = restarted.send(to, BigInteger.TWO, "0x", GAS);
      chain.mine(1);

      assertThat(next.nonce()).isEqualTo(sent.nonce().add(BigInteger.ONE));
      assertThat(restarted.awaitReceipt(sent, Duration.ofSeconds(10))).isPresent();
      assertThat(restarted.awaitReceipt(next, Duration.ofSeconds(10))).isPresent();
      assertThat(restarted.pendingNonces()).isEmpty();
      assertThat(
              chain
                  .web3j()
                  .ethGetTransactionCount(
                      key.getAddress(), org.web3j.protocol.core.DefaultBlockParameterName.LATEST)
                  .send()
                  .getTransactionCount())
          .isEqualTo(next.nonce().add(BigInteger.ONE));
    } finally {
      chain.setAutomine(true);
    }
  }

  @Test
  void replacesAStaleTransactionWithAHigherPricedOneOfTheSameNonce(LocalChain chain) {
    Credentials key = chain.account(7);
    TransactionSender sender =
        TransactionSender.open(chain.web3j(), key, LocalChain.CHAIN_ID, dir.resolve("bump"), POLL);
    chain.setAutomine(false);
    try {
      TransactionSender.Sent stale =
          sender.send(chain.account(8).getAddress(), BigInteger.TEN, "0x", GAS);
      var replaced = sender.bumpStale(Duration.ZERO);
      assertThat(replaced).containsOnlyKeys(stale.nonce());
      assertThat(replaced.get(stale.nonce())).isNotEqualTo(stale.hash());
      chain.mine(1);
      TransactionSender.Sent bumped =
          new TransactionSender.Sent(
              java.util.Objects.requireNonNull(replaced.get(stale.nonce())), stale.nonce());
      assertThat(sender.awaitReceipt(bumped, Duration.ofSeconds(10))).isPresent();
      assertThat(sender.awaitReceipt(stale, Duration.ofMillis(200))).isEmpty();
    } finally {
      chain.setAutomine(true);
    }
  }
}

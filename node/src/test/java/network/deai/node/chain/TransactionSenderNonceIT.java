package network.deai.node.chain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.BufferedReader;
import java.io.File;
import java.io.InputStreamReader;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import network.deai.contracts.testing.LocalChain;
import network.deai.contracts.testing.LocalChainExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.web3j.crypto.Credentials;
import org.web3j.crypto.RawTransaction;
import org.web3j.crypto.TransactionEncoder;
import org.web3j.protocol.core.DefaultBlockParameterName;
import org.web3j.protocol.core.methods.response.EthSendTransaction;
import org.web3j.utils.Numeric;

/** Nonces shared with another process, reorged away or rejected by the node. */
@ExtendWith(LocalChainExtension.class)
class TransactionSenderNonceIT {
  private static final BigInteger GAS = BigInteger.valueOf(21_000);
  private static final Duration POLL = Duration.ofMillis(10);
  private static final BigInteger GWEI = BigInteger.TEN.pow(9);

  @TempDir Path dir;

  @Test
  void refusesAnOutboxThatAnotherProcessHolds(LocalChain chain) throws Exception {
    Credentials key = chain.account(10);
    Process holder = holdLock(dir);
    try {
      assertThatThrownBy(
              () -> TransactionSender.open(chain.web3j(), key, LocalChain.CHAIN_ID, dir, POLL))
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("in use by another process (pid " + holder.pid() + ")")
          .hasMessageNotContaining("\n");
    } finally {
      holder.getOutputStream().close();
      holder.waitFor();
    }
    try (TransactionSender sender =
        TransactionSender.open(chain.web3j(), key, LocalChain.CHAIN_ID, dir, POLL)) {
      assertThat(sender.pendingNonces()).isEmpty();
    }
  }

  @Test
  void reportsATransactionWhoseNonceAnotherTransactionTook(LocalChain chain) throws Exception {
    Credentials key = chain.account(11);
    chain.setAutomine(false);
    try (TransactionSender sender =
        TransactionSender.open(chain.web3j(), key, LocalChain.CHAIN_ID, dir, POLL)) {
      TransactionSender.Sent ours =
          sender.send(chain.account(20).getAddress(), BigInteger.TEN, "0x", GAS);
      // The same key used elsewhere: a better-paid transaction at our nonce replaces ours.
      sendDirectly(chain, key, ours.nonce(), chain.account(21).getAddress());
      chain.mine(1);

      assertThat(sender.settle()).isZero();
      assertThat(sender.takeDropped())
          .singleElement()
          .satisfies(
              d -> {
                assertThat(d.nonce()).isEqualTo(ours.nonce());
                assertThat(d.hash()).isEqualTo(ours.hash());
                assertThat(d.reason()).contains("another transaction");
              });
      assertThat(sender.takeDropped()).isEmpty();
    } finally {
      chain.setAutomine(true);
    }
  }

  @Test
  void opensAnOutboxWhoseNonceAnotherTransactionTookAndReportsIt(LocalChain chain)
      throws Exception {
    Credentials key = chain.account(12);
    chain.setAutomine(false);
    TransactionSender.Sent ours;
    try (TransactionSender sender =
        TransactionSender.open(chain.web3j(), key, LocalChain.CHAIN_ID, dir, POLL)) {
      ours = sender.send(chain.account(20).getAddress(), BigInteger.TEN, "0x", GAS);
      sendDirectly(chain, key, ours.nonce(), chain.account(21).getAddress());
      chain.mine(1);
    } finally {
      chain.setAutomine(true);
    }
    try (TransactionSender restarted =
        TransactionSender.open(chain.web3j(), key, LocalChain.CHAIN_ID, dir, POLL)) {
      assertThat(restarted.takeDropped())
          .extracting(TransactionSender.Dropped::hash)
          .containsExactly(ours.hash());
      TransactionSender.Sent next =
          restarted.send(chain.account(20).getAddress(), BigInteger.ONE, "0x", GAS);
      assertThat(next.nonce()).isEqualTo(ours.nonce().add(BigInteger.ONE));
      assertThat(restarted.awaitReceipt(next, Duration.ofSeconds(5))).isPresent();
    }
  }

  @Test
  void signsAgainWhenAnotherProcessTookTheNextNonce(LocalChain chain) throws Exception {
    Credentials key = chain.account(13);
    try (TransactionSender sender =
        TransactionSender.open(chain.web3j(), key, LocalChain.CHAIN_ID, dir, POLL)) {
      BigInteger taken = nonce(chain, key);
      sendDirectly(chain, key, taken, chain.account(21).getAddress()); // mined at once
      TransactionSender.Sent sent =
          sender.send(chain.account(20).getAddress(), BigInteger.ONE, "0x", GAS);
      assertThat(sent.nonce()).isEqualTo(taken.add(BigInteger.ONE));
      assertThat(sender.awaitReceipt(sent, Duration.ofSeconds(5))).isPresent();
      assertThat(sender.pendingNonces()).isEmpty();
    }
  }

  @Test
  void aRejectedSendDoesNotSpendItsNonce(LocalChain chain) throws Exception {
    Credentials key = chain.account(14);
    String to = chain.account(20).getAddress();
    try (TransactionSender sender =
        TransactionSender.open(chain.web3j(), key, LocalChain.CHAIN_ID, dir, POLL)) {
      BigInteger tooMuch = chain.balance(key.getAddress()).multiply(BigInteger.TWO);
      assertThatThrownBy(() -> sender.send(to, tooMuch, "0x", GAS))
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("rejected");
      assertThat(sender.pendingNonces()).isEmpty();

      TransactionSender.Sent next = sender.send(to, BigInteger.ONE, "0x", GAS);
      assertThat(sender.awaitReceipt(next, Duration.ofSeconds(5))).isPresent();
    }
  }

  @Test
  void givesUpAnOutboxTransactionTheNodeKeepsRejecting(LocalChain chain) throws Exception {
    Credentials key = chain.account(15);
    String to = chain.account(20).getAddress();
    // An earlier run left a transaction that the node now rejects (its sender was drained).
    BigInteger stuck = nonce(chain, key);
    RawTransaction unpayable =
        RawTransaction.createTransaction(
            stuck, GWEI, GAS, to, chain.balance(key.getAddress()).multiply(BigInteger.TWO), "0x");
    Files.writeString(dir.resolve(stuck + ".tx"), sign(unpayable, key));

    try (TransactionSender sender =
        TransactionSender.open(chain.web3j(), key, LocalChain.CHAIN_ID, dir, POLL)) {
      TransactionSender.Sent next = sender.send(to, BigInteger.ONE, "0x", GAS);
      assertThat(next.nonce()).isEqualTo(stuck.add(BigInteger.ONE));
      for (int i = 0; i < 10 && sender.settle() > 0; i++) {
        chain.mine(1);
      }
      assertThat(sender.awaitReceipt(next, Duration.ofSeconds(5))).isPresent();
      assertThat(sender.settle()).isZero();
      List<TransactionSender.Dropped> dropped = sender.takeDropped();
      assertThat(dropped).extracting(TransactionSender.Dropped::nonce).containsExactly(stuck);
      assertThat(dropped.get(0).reason()).contains("rejected");
    }
  }

  private static Process holdLock(Path dir) throws Exception {
    Path target = Path.of("target");
    String classpath =
        String.join(
            File.pathSeparator,
            target.resolve("test-classes").toAbsolutePath().toString(),
            target.resolve("classes").toAbsolutePath().toString(),
            Files.readString(target.resolve("classpath.txt")).strip());
    String java = ProcessHandle.current().info().command().orElse("java");
    Process process =
        new ProcessBuilder(
                java, "-cp", classpath, DataDirectoryLockHolder.class.getName(), dir.toString())
            .redirectError(ProcessBuilder.Redirect.INHERIT)
            .start();
    BufferedReader out =
        new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
    assertThat(out.readLine()).startsWith("locked");
    return process;
  }

  private static BigInteger nonce(LocalChain chain, Credentials key) throws Exception {
    return chain
        .web3j()
        .ethGetTransactionCount(key.getAddress(), DefaultBlockParameterName.PENDING)
        .send()
        .getTransactionCount();
  }

  /** Another process with the same key: a well-paid transfer at {@code nonce}. */
  private static void sendDirectly(LocalChain chain, Credentials key, BigInteger nonce, String to)
      throws Exception {
    RawTransaction tx =
        RawTransaction.createTransaction(
            LocalChain.CHAIN_ID,
            nonce,
            GAS,
            to,
            BigInteger.valueOf(5),
            "0x",
            GWEI.multiply(BigInteger.TEN),
            GWEI.multiply(BigInteger.valueOf(100)));
    EthSendTransaction response = chain.web3j().ethSendRawTransaction(sign(tx, key)).send();
    assertThat(response.hasError())
        .as("%s", response.getError() == null ? "" : response.getError().getMessage())
        .isFalse();
  }

  private static String sign(RawTransaction tx, Credentials key) {
    return Numeric.toHexString(TransactionEncoder.signMessage(tx, LocalChain.CHAIN_ID, key));
  }
}

package network.deai.node.chain;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.web3j.crypto.Hash;

class OutboxTest {
  @TempDir Path dir;

  @Test
  void remembersEveryHashSignedAtANonceAndTheDeadline() throws Exception {
    Outbox outbox = new Outbox(dir);
    outbox.add(BigInteger.TWO, "0x01", 42);
    Outbox.Entry first = java.util.Objects.requireNonNull(outbox.read().get(BigInteger.TWO));
    outbox.replace(first, "0x02");

    Outbox.Entry second = java.util.Objects.requireNonNull(outbox.read().get(BigInteger.TWO));
    assertThat(second.raw()).isEqualTo("0x02");
    assertThat(second.deadlineBlock()).isEqualTo(42);
    assertThat(second.hashes()).containsExactly(Hash.sha3("0x02"), Hash.sha3("0x01"));

    outbox.remove(BigInteger.TWO);
    assertThat(outbox.read()).isEmpty();
    try (var files = Files.list(dir)) {
      assertThat(files).isEmpty();
    }
  }

  @Test
  void aNewTransactionAtANonceForgetsTheOldOnesHashes() throws Exception {
    Outbox outbox = new Outbox(dir);
    outbox.add(BigInteger.ONE, "0x01", 7);
    outbox.replace(outbox.read().firstEntry().getValue(), "0x02");
    outbox.add(BigInteger.ONE, "0x03", Outbox.NO_DEADLINE);
    Outbox.Entry entry = outbox.read().firstEntry().getValue();
    assertThat(entry.hashes()).containsExactly(Hash.sha3("0x03"));
    assertThat(entry.deadlineBlock()).isEqualTo(Outbox.NO_DEADLINE);
  }
}

package network.deai.node.chain;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigInteger;
import org.junit.jupiter.api.Test;

class OutboxReconcilerTest {
  private static final BigInteger FIVE = BigInteger.valueOf(5);

  @Test
  void anEntryBelowTheMinedCountIsOursOnlyWithAReceipt() {
    assertThat(OutboxReconciler.verdict(FIVE, BigInteger.TEN, true))
        .isEqualTo(OutboxReconciler.Verdict.MINED);
    assertThat(OutboxReconciler.verdict(FIVE, BigInteger.TEN, false))
        .isEqualTo(OutboxReconciler.Verdict.LOST);
    assertThat(OutboxReconciler.verdict(FIVE, FIVE, false))
        .isEqualTo(OutboxReconciler.Verdict.PENDING);
  }

  @Test
  void givesUpAfterTheBoundedNumberOfRejections() {
    OutboxReconciler reconciler = new OutboxReconciler(3);
    assertThat(reconciler.rejected(FIVE)).isFalse();
    assertThat(reconciler.rejected(FIVE)).isFalse();
    assertThat(reconciler.rejected(BigInteger.ONE)).isFalse();
    assertThat(reconciler.rejected(FIVE)).isTrue();
    reconciler.forget(FIVE);
    assertThat(reconciler.rejected(FIVE)).isFalse();
  }

  @Test
  void recognisesANonceTakenByAnotherTransaction() {
    assertThat(OutboxReconciler.nonceTaken("nonce too low")).isTrue();
    assertThat(OutboxReconciler.nonceTaken("Nonce too low. Expected nonce to be 4 but got 3."))
        .isTrue();
    assertThat(OutboxReconciler.nonceTaken("replacement transaction underpriced")).isTrue();
    assertThat(OutboxReconciler.nonceTaken("REPLACEMENT_UNDERPRICED")).isTrue();
    assertThat(OutboxReconciler.nonceTaken("transaction underpriced")).isFalse();
    assertThat(OutboxReconciler.nonceTaken("insufficient funds for gas * price + value")).isFalse();
  }
}

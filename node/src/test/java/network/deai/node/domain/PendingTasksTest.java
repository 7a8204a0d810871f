package network.deai.node.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigInteger;
import org.junit.jupiter.api.Test;

class PendingTasksTest {
  private static final BigInteger ONE = BigInteger.ONE;
  private static final BigInteger TWO = BigInteger.TWO;

  @Test
  void offersTheOldestTaskOnlyFromTheBlockAfterItsSeedBlock() {
    PendingTasks pending = new PendingTasks(8);
    pending.pending(ONE, 10);
    pending.pending(TWO, 11);

    assertThat(pending.next(10)).isEmpty();
    assertThat(pending.next(11)).contains(ONE);
    pending.forget(ONE);
    assertThat(pending.next(11)).isEmpty();
    assertThat(pending.next(12)).contains(TWO);
  }

  @Test
  void offersAtMostOneStartPerBlock() {
    PendingTasks pending = new PendingTasks(8);
    pending.pending(ONE, 10);
    pending.pending(TWO, 10);

    pending.startSent(11);

    assertThat(pending.next(11)).isEmpty();
    assertThat(pending.next(12)).contains(ONE);
  }

  @Test
  void aReseededTaskWaitsForItsNewSeedBlockAndUnknownTasksAreNotAdded() {
    PendingTasks pending = new PendingTasks(8);
    pending.pending(ONE, 10);

    pending.reseeded(ONE, 300);
    pending.reseeded(TWO, 300);

    assertThat(pending.next(300)).isEmpty();
    assertThat(pending.next(301)).contains(ONE);
    assertThat(pending.size()).isOne();
  }

  @Test
  void forgetsTheOldestTaskPastItsCapacity() {
    PendingTasks pending = new PendingTasks(2);
    for (int id = 1; id <= 3; id++) {
      pending.pending(BigInteger.valueOf(id), id);
    }

    assertThat(pending.size()).isEqualTo(2);
    assertThat(pending.next(100)).contains(TWO);
  }
}

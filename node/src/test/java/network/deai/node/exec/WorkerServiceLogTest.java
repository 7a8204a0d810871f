package network.deai.node.exec;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigInteger;
import org.junit.jupiter.api.Test;
import org.slf4j.event.Level;

class WorkerServiceLogTest {
  @Test
  void logsATaskThatCostStakeAtWarn() {
    assertThat(TaskReconciler.closedLevel(BigInteger.ONE)).isEqualTo(Level.WARN);
    assertThat(TaskReconciler.closedLevel(BigInteger.ZERO)).isEqualTo(Level.INFO);
  }
}

package network.deai.node.chain;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigInteger;
import java.util.List;
import network.deai.contracts.chain.CustomErrors;
import network.deai.node.domain.StartAttempt;
import org.junit.jupiter.api.Test;

class TaskStarterTest {
  private static final BigInteger ID = BigInteger.valueOf(7);

  @Test
  void seedNotReadyAndTooFewNodesMeanTryingAgainLater() {
    assertThat(refusal("TaskManagerSeedNotReady", ID, BigInteger.valueOf(12)))
        .isEqualTo(new StartAttempt.NotYet("its seed block's hash exists from block 12 on"));
    assertThat(
            refusal(
                "TaskManagerNotEnoughNodes",
                ID,
                BigInteger.ONE,
                BigInteger.TWO,
                BigInteger.valueOf(3)))
        .isEqualTo(
            new StartAttempt.NotYet(
                "2 nodes of GPU class 1 are free and it needs 3 that declare what it asks"));
  }

  @Test
  void aTaskThatLeftPendingCannotBeStarted() {
    assertThat(refusal("TaskManagerWrongState", ID, BigInteger.valueOf(6)))
        .isInstanceOf(StartAttempt.Closed.class);
    assertThat(refusal("TaskManagerUnknownTask", ID))
        .isEqualTo(new StartAttempt.Refused("TaskManagerUnknownTask[7]"));
  }

  private static StartAttempt refusal(String name, Object... args) {
    return TaskStarter.refusal(ChainErrors.decode(new CustomErrors.Decoded(name, List.of(args))));
  }
}

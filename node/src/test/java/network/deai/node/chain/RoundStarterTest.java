package network.deai.node.chain;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigInteger;
import java.util.List;
import network.deai.contracts.chain.CustomErrors;
import network.deai.node.domain.StartAttempt;
import org.junit.jupiter.api.Test;

class RoundStarterTest {
  private static final BigInteger ID = BigInteger.valueOf(7);

  @Test
  void seedNotReadyAndTooFewNodesMeanTryingAgainLater() {
    assertThat(refusal("TrainingJobsSeedNotReady", ID, BigInteger.valueOf(12)))
        .isEqualTo(new StartAttempt.NotYet("its seed block's hash exists from block 12 on"));
    assertThat(refusal("TrainingJobsNotEnoughNodes", ID, BigInteger.ONE, BigInteger.TWO))
        .isEqualTo(new StartAttempt.NotYet("1 trainers and 2 committee members are free"));
  }

  @Test
  void aJobThatIsNotWaitingCannotBeStarted() {
    assertThat(refusal("TrainingJobsWrongState", ID, BigInteger.TWO))
        .isEqualTo(new StartAttempt.Closed("it is not waiting for a round"));
    assertThat(refusal("TrainingJobsUnknownJob", ID))
        .isEqualTo(new StartAttempt.Refused("TrainingJobsUnknownJob[7]"));
  }

  private static StartAttempt refusal(String name, Object... args) {
    return RoundStarter.refusal(ChainErrors.decode(new CustomErrors.Decoded(name, List.of(args))));
  }
}

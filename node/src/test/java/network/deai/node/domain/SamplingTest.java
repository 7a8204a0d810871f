package network.deai.node.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigInteger;
import network.deai.contracts.abi.Address;
import network.deai.contracts.abi.Bytes32;
import org.junit.jupiter.api.Test;

class SamplingTest {
  private static final Address SOMEONE = Address.of("0x" + "ab".repeat(20));

  private static Sampling sampling(SamplingStage stage, Address challenger, long deadline) {
    return new Sampling(stage, 1000, 2, 50, challenger, BigInteger.ZERO, deadline);
  }

  @Test
  void unchecedResultIsChallengeableOnlyInsideItsWindowAndOnce() {
    Sampling open = sampling(SamplingStage.UNCHECKED, Sampling.NOBODY, 90);
    assertThat(open.challengeable(90)).isTrue();
    assertThat(open.challengeable(91)).isFalse();
    assertThat(sampling(SamplingStage.UNCHECKED, SOMEONE, 90).challengeable(80)).isFalse();
    assertThat(sampling(SamplingStage.CHECKED, Sampling.NOBODY, 0).challengeable(1)).isFalse();
  }

  @Test
  void uncheckedTaskIsNotFinalizableInsideItsChallengeWindow() {
    Sampling unchecked = sampling(SamplingStage.UNCHECKED, Sampling.NOBODY, 90);
    assertThat(unchecked.finalizableAt(90)).isFalse();
    assertThat(unchecked.finalizableAt(91)).isTrue();
    assertThat(sampling(SamplingStage.CHECKED, Sampling.NOBODY, 0).finalizableAt(5)).isTrue();
  }

  @Test
  void executingCheckedOrChallengedPendingTaskAwaitsItsStartOnceTheSeedBlockIsMined() {
    Task pending = task(TaskState.PENDING, 40);
    assertThat(sampling(SamplingStage.EXECUTING, Sampling.NOBODY, 0).awaitsStart(pending, 39))
        .isFalse();
    assertThat(sampling(SamplingStage.EXECUTING, Sampling.NOBODY, 0).awaitsStart(pending, 40))
        .isTrue();
    assertThat(sampling(SamplingStage.CHALLENGED, SOMEONE, 0).awaitsStart(pending, 41)).isTrue();
    // Pending after a checked decision found no validators free (or while it escalates): the
    // executor owes the start that draws them.
    assertThat(sampling(SamplingStage.CHECKED, Sampling.NOBODY, 0).awaitsStart(pending, 41))
        .isTrue();
    assertThat(sampling(SamplingStage.CHALLENGE_CHECKED, SOMEONE, 0).awaitsStart(pending, 41))
        .isFalse();
    assertThat(
            sampling(SamplingStage.EXECUTING, Sampling.NOBODY, 0)
                .awaitsStart(task(TaskState.COMMITTING, 40), 41))
        .isFalse();
  }

  @Test
  void decisionDrewValidatorsExactlyInTheCheckedStage() {
    assertThat(sampling(SamplingStage.CHECKED, Sampling.NOBODY, 0).checked()).isTrue();
    for (SamplingStage stage : SamplingStage.values()) {
      if (stage != SamplingStage.CHECKED) {
        assertThat(sampling(stage, SOMEONE, 0).checked()).as(stage.name()).isFalse();
      }
    }
  }

  @Test
  void describesStageDecisionAndChallenge() {
    Sampling s = new Sampling(SamplingStage.UNCHECKED, 1250, 2, 77, SOMEONE, BigInteger.TWO, 99);
    assertThat(s.describe())
        .isEqualTo(
            "sampled at 12.5% with 2 validators, stage Unchecked, unchecked (decided by block"
                + " 77), challenge window to block 99, challenged by "
                + SOMEONE.hex()
                + " (bond 2 wei)");
    assertThat(
            new Sampling(SamplingStage.NONE, 0, 0, 0, Sampling.NOBODY, BigInteger.ZERO, 0)
                .describe())
        .isEqualTo("fully replicated");
  }

  static Task task(TaskState state, long seedBlock) {
    return new Task(
        SOMEONE,
        state,
        0,
        Mode.EXACT,
        3,
        3,
        0,
        1,
        BigInteger.valueOf(3000),
        0,
        0,
        10,
        10,
        1,
        0,
        0,
        0,
        Bytes32.wrap(new byte[32]),
        BigInteger.ZERO,
        BigInteger.ZERO,
        seedBlock,
        100,
        0,
        0,
        1,
        0,
        false);
  }
}

package network.deai.node.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.List;
import java.util.function.IntFunction;
import java.util.function.ToIntFunction;
import org.junit.jupiter.api.Test;

/** Each Java enum lists the Solidity enum's values, in the contract's order and by its names. */
class ChainEnumsTest {

  @Test
  void taskStateMapsEverySolidityValue() {
    assertMapsInOrder(
        List.of(
            "Pending", "Committing", "Revealing", "Settled", "NoConsensus", "Expired", "Cancelled"),
        TaskState::fromChain,
        TaskState::value,
        TaskState::solidityName);
    assertThat(TaskState.values()).hasSize(7);
  }

  @Test
  void replicaOutcomeMapsEverySolidityValue() {
    assertMapsInOrder(
        List.of("Pending", "Paid", "SlashedWrong", "SlashedNoShow", "Unpaid", "Abstained"),
        ReplicaOutcome::fromChain,
        ReplicaOutcome::value,
        ReplicaOutcome::solidityName);
    assertThat(ReplicaOutcome.values()).hasSize(6);
  }

  @Test
  void slashReasonMapsEverySolidityValue() {
    assertMapsInOrder(
        List.of("None", "WrongResult", "NoShow"),
        SlashReason::fromChain,
        SlashReason::value,
        SlashReason::solidityName);
    assertThat(SlashReason.values()).hasSize(3);
  }

  @Test
  void nodeStatusMapsEverySolidityValue() {
    assertMapsInOrder(
        List.of("None", "Active", "Exiting", "Deactivated", "Exited"),
        NodeStatus::fromChain,
        NodeStatus::value,
        NodeStatus::solidityName);
    assertThat(NodeStatus.values()).hasSize(5);
  }

  @Test
  void samplingStageMapsEverySolidityValue() {
    assertMapsInOrder(
        List.of("None", "Executing", "Checked", "Unchecked", "Challenged", "ChallengeChecked"),
        SamplingStage::fromChain,
        SamplingStage::value,
        SamplingStage::solidityName);
    assertThat(SamplingStage.values()).hasSize(6);
  }

  @Test
  void modeMapsEverySolidityValue() {
    assertMapsInOrder(
        List.of("Exact", "Similar"), Mode::fromChain, Mode::value, Mode::solidityName);
    assertThat(Mode.values()).hasSize(2);
  }

  @Test
  void jobStateMapsEverySolidityValue() {
    assertMapsInOrder(
        List.of("None", "Waiting", "Running", "Finished", "Cancelled"),
        JobState::fromChain,
        JobState::value,
        JobState::solidityName);
    assertThat(JobState.values()).hasSize(5);
  }

  @Test
  void stageMapsEverySolidityValue() {
    assertMapsInOrder(
        List.of(
            "TrainCommit",
            "TrainReveal",
            "AggregateCommit",
            "AggregateReveal",
            "Challenge",
            "Settled"),
        Stage::fromChain,
        Stage::value,
        Stage::solidityName);
    assertThat(Stage.values()).hasSize(6);
  }

  @Test
  void roundOutcomeMapsEverySolidityValue() {
    assertMapsInOrder(
        List.of("Pending", "Agreed", "NoConsensus"),
        RoundOutcome::fromChain,
        RoundOutcome::value,
        RoundOutcome::solidityName);
    assertThat(RoundOutcome.values()).hasSize(3);
  }

  @Test
  void penaltyReasonMapsEverySolidityValue() {
    assertMapsInOrder(
        List.of("None", "Flagged", "WrongAggregate", "NoShow"),
        PenaltyReason::fromChain,
        PenaltyReason::value,
        PenaltyReason::solidityName);
    assertThat(PenaltyReason.values()).hasSize(4);
  }

  @Test
  void unknownTrainingJobValuesAreRejected() {
    assertThatThrownBy(() -> JobState.fromChain(5))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("JobState 5");
    assertThatThrownBy(() -> Stage.fromChain(6))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("Stage 6");
    assertThatThrownBy(() -> RoundOutcome.fromChain(3))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("RoundOutcome 3");
    assertThatThrownBy(() -> PenaltyReason.fromChain(4))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("PenaltyReason 4");
    assertThatThrownBy(() -> JobState.fromChain(-1)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void onlyWaitingAndRunningJobsAreOpenAndOnlyFinishedAndCancelledAreFinal() {
    assertThat(Arrays.stream(JobState.values()).filter(JobState::isOpen))
        .containsExactly(JobState.WAITING, JobState.RUNNING);
    assertThat(Arrays.stream(JobState.values()).filter(JobState::isFinal))
        .containsExactly(JobState.FINISHED, JobState.CANCELLED);
  }

  @Test
  void stagesPrintInKebabCaseAndTheTwoAggregateStagesAggregate() {
    assertThat(Arrays.stream(Stage.values()).map(Stage::label))
        .containsExactly(
            "train-commit",
            "train-reveal",
            "aggregate-commit",
            "aggregate-reveal",
            "challenge",
            "settled");
    assertThat(Arrays.stream(Stage.values()).filter(Stage::isAggregating))
        .containsExactly(Stage.AGGREGATE_COMMIT, Stage.AGGREGATE_REVEAL);
    assertThat(PenaltyReason.NONE.label()).isEmpty();
    assertThat(PenaltyReason.WRONG_AGGREGATE.label()).isEqualTo("WrongAggregate");
  }

  @Test
  void unknownValuesAreRejected() {
    for (int value : new int[] {-1, 7, 255}) {
      assertThatThrownBy(() -> TaskState.fromChain(value))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("TaskState");
    }
    assertThatThrownBy(() -> ReplicaOutcome.fromChain(6))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> SlashReason.fromChain(3)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> NodeStatus.fromChain(5)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> Mode.fromChain(2)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void settledAndEveryLaterStateAreFinal() {
    assertThat(Arrays.stream(TaskState.values()).filter(TaskState::isFinal))
        .containsExactly(
            TaskState.SETTLED, TaskState.NO_CONSENSUS, TaskState.EXPIRED, TaskState.CANCELLED);
  }

  @Test
  void onlyTheNoneReasonHasAnEmptyLabel() {
    assertThat(SlashReason.NONE.label()).isEmpty();
    assertThat(SlashReason.WRONG_RESULT.label()).isEqualTo("WrongResult");
    assertThat(SlashReason.NO_SHOW.label()).isEqualTo("NoShow");
  }

  private static <E> void assertMapsInOrder(
      List<String> solidityNames,
      IntFunction<E> fromChain,
      ToIntFunction<E> value,
      java.util.function.Function<E, String> name) {
    for (int i = 0; i < solidityNames.size(); i++) {
      E mapped = fromChain.apply(i);
      assertThat(value.applyAsInt(mapped)).isEqualTo(i);
      assertThat(name.apply(mapped)).isEqualTo(solidityNames.get(i));
    }
  }
}

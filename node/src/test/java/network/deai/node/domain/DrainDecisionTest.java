package network.deai.node.domain;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class DrainDecisionTest {
  @Test
  void notDrainingRunsEveryTask() {
    for (TaskLedger.Stage stage : TaskLedger.Stage.values()) {
      assertThat(DrainDecision.of(false, stage, false)).isEqualTo(DrainDecision.RUN);
      assertThat(DrainDecision.of(false, stage, true)).isEqualTo(DrainDecision.RUN);
    }
  }

  @Test
  void drainingAbstainsFromAnAssignedTaskThatIsNotRunning() {
    assertThat(DrainDecision.of(true, TaskLedger.Stage.ASSIGNED, false))
        .isEqualTo(DrainDecision.ABSTAIN);
  }

  @Test
  void drainingFinishesARunningOrCommittedTask() {
    assertThat(DrainDecision.of(true, TaskLedger.Stage.ASSIGNED, true))
        .isEqualTo(DrainDecision.FINISH);
    assertThat(DrainDecision.of(true, TaskLedger.Stage.PREPARED, false))
        .isEqualTo(DrainDecision.FINISH);
    assertThat(DrainDecision.of(true, TaskLedger.Stage.COMMITTED, false))
        .isEqualTo(DrainDecision.FINISH);
    assertThat(DrainDecision.of(true, TaskLedger.Stage.REVEALED, false))
        .isEqualTo(DrainDecision.FINISH);
  }

  @Test
  void onlyUnrevealedTasksAreAtStake() {
    assertThat(DrainDecision.atStake(TaskLedger.Stage.ASSIGNED)).isTrue();
    assertThat(DrainDecision.atStake(TaskLedger.Stage.PREPARED)).isTrue();
    assertThat(DrainDecision.atStake(TaskLedger.Stage.COMMITTED)).isTrue();
    assertThat(DrainDecision.atStake(TaskLedger.Stage.REVEALED)).isFalse();
    assertThat(DrainDecision.atStake(TaskLedger.Stage.CLOSED)).isFalse();
  }
}

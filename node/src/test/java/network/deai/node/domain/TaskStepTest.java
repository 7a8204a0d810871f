package network.deai.node.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigInteger;
import network.deai.contracts.abi.Address;
import network.deai.contracts.abi.Bytes32;
import network.deai.node.domain.TaskLedger.Stage;
import network.deai.node.domain.TaskStep.Abstain;
import network.deai.node.domain.TaskStep.AbstainCause;
import network.deai.node.domain.TaskStep.Close;
import network.deai.node.domain.TaskStep.Commit;
import network.deai.node.domain.TaskStep.EnsureCommitted;
import network.deai.node.domain.TaskStep.Execute;
import network.deai.node.domain.TaskStep.Finalize;
import network.deai.node.domain.TaskStep.Forget;
import network.deai.node.domain.TaskStep.Reveal;
import network.deai.node.domain.TaskStep.StartDecision;
import network.deai.node.domain.TaskStep.Wait;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

/**
 * The worker's per-task decision, against tasks with commit deadline 100, reveal window 20 (so the
 * last reveal block is 120 while Committing, the reveal deadline 115 once Revealing) and three
 * first-round seats.
 */
class TaskStepTest {
  private static final Address REQUESTER = Address.of("0x" + "ab".repeat(20));
  private static final int ALL = 0b111;

  @Test
  void closesAFinalTaskWhateverTheJournalSays() {
    for (TaskState state : new TaskState[] {TaskState.SETTLED, TaskState.EXPIRED}) {
      for (Stage stage : Stage.values()) {
        assertThat(next(seat(0, stage), task(state), 50)).isEqualTo(new Close(state));
      }
    }
  }

  @Test
  void forgetsATaskTheJournalClosed() {
    assertThat(next(seat(1, Stage.CLOSED), task(TaskState.COMMITTING), 50)).isEqualTo(new Forget());
  }

  @Test
  void executesAnAssignedTaskWhileTheCommitWindowIsOpen() {
    assertThat(next(seat(1, Stage.ASSIGNED), task(TaskState.COMMITTING), 100))
        .isEqualTo(new Execute());
    assertThat(next(seat(1, Stage.ASSIGNED), task(TaskState.COMMITTING), 101))
        .isInstanceOf(Wait.class);
    assertThat(next(seat(1, Stage.ASSIGNED), task(TaskState.REVEALING), 90))
        .isInstanceOf(Wait.class);
  }

  @Test
  void abstainsWhenInputsWereUnavailableAndTheCommitDeadlineIsNear() {
    WorkerSeat seat = seat(1, Stage.ASSIGNED, false, false, false, null, null, -1);
    WorkerSeat unavailable = seat(1, Stage.ASSIGNED, false, false, false, "404", null, -1);

    assertThat(next(unavailable, task(TaskState.COMMITTING), 97)).isEqualTo(new Execute());
    assertThat(next(unavailable, task(TaskState.COMMITTING), 98))
        .isEqualTo(new Abstain("404", AbstainCause.INPUTS_UNAVAILABLE));
    assertThat(next(seat, task(TaskState.COMMITTING), 98)).isEqualTo(new Execute());
  }

  @Test
  void abstainsWhenAnotherTryOfUnavailableInputsWouldEndTooCloseToTheCommitDeadline() {
    WorkerSeat slowTries =
        new WorkerSeat(
            1, Stage.ASSIGNED, false, false, false, Long.MAX_VALUE, "stalled", 4, null, -1);

    assertThat(next(slowTries, task(TaskState.COMMITTING), 93)).isEqualTo(new Execute());
    assertThat(next(slowTries, task(TaskState.COMMITTING), 94))
        .isEqualTo(new Abstain("stalled", AbstainCause.INPUTS_UNAVAILABLE));
  }

  @Test
  void refusesANegativeTryLength() {
    assertThatThrownBy(
            () ->
                new WorkerSeat(
                    1, Stage.ASSIGNED, false, false, false, Long.MAX_VALUE, "x", -1, null, -1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("lastTryBlocks");
  }

  @Test
  void aDrainingWorkerAbstainsFromTasksNotStartedAndFinishesTheRest() {
    Task committing = task(TaskState.COMMITTING);
    WorkerSeat assigned = seat(1, Stage.ASSIGNED, false, false, false, null, "paused", -1);
    assertThat(next(assigned, committing, 90))
        .isEqualTo(new Abstain("draining: paused", AbstainCause.DRAINING));

    WorkerSeat prepared = seat(1, Stage.PREPARED, true, false, false, null, "paused", -1);
    assertThat(next(prepared, committing, 90)).isEqualTo(new Commit());
    WorkerSeat committed = seat(1, Stage.COMMITTED, true, false, false, null, "paused", -1);
    assertThat(next(committed, task(TaskState.REVEALING), 105)).isEqualTo(new Reveal());
    WorkerSeat running = seat(1, Stage.ASSIGNED, false, true, false, null, "paused", -1);
    assertThat(next(running, committing, 90)).isInstanceOf(Wait.class);
  }

  @Test
  void abstainsFromAnExecutionStillRunningNearTheCommitDeadline() {
    WorkerSeat running = executing(Stage.ASSIGNED, false);
    assertThat(TaskStep.needsTask(running, 97)).isFalse();
    assertThat(next(running, task(TaskState.COMMITTING), 97)).isInstanceOf(Wait.class);
    assertThat(TaskStep.needsTask(running, 98)).isTrue();
    assertThat(next(running, task(TaskState.COMMITTING), 98))
        .isEqualTo(
            new Abstain("still executing at block 98, commit deadline 100", AbstainCause.TOO_SLOW));
  }

  @Test
  void leavesAnExecutionAloneOnceItsResultIsBeingCommitted() {
    WorkerSeat decided = executing(Stage.ASSIGNED, true);
    assertThat(TaskStep.needsTask(decided, 99)).isFalse();
    assertThat(next(decided, task(TaskState.COMMITTING), 99)).isInstanceOf(Wait.class);
    assertThat(next(executing(Stage.PREPARED, false), task(TaskState.COMMITTING), 99))
        .isInstanceOf(Wait.class);
  }

  @Test
  void commitsAPreparedResult() {
    assertThat(next(seat(2, Stage.PREPARED), task(TaskState.COMMITTING), 99))
        .isEqualTo(new Commit());
  }

  @Test
  void keepsTheCommitOnChainWhileTheCommitWindowIsOpen() {
    assertThat(next(seat(2, Stage.COMMITTED), task(TaskState.COMMITTING), 100))
        .isEqualTo(new EnsureCommitted(new Wait("not this seat's turn to finalize")));
  }

  @Test
  void revealsFromTheCommitDeadlineToTheLastRevealBlock() {
    WorkerSeat committed = seat(2, Stage.COMMITTED);
    assertThat(next(committed, task(TaskState.COMMITTING), 101)).isEqualTo(new Reveal());
    assertThat(next(committed, task(TaskState.COMMITTING), 120)).isEqualTo(new Reveal());
    assertThat(next(committed, task(TaskState.COMMITTING), 121)).isNotEqualTo(new Reveal());
    assertThat(next(committed, task(TaskState.REVEALING), 90)).isEqualTo(new Reveal());
    assertThat(next(committed, task(TaskState.REVEALING), 115)).isEqualTo(new Reveal());
    assertThat(next(committed, task(TaskState.REVEALING), 116)).isNotEqualTo(new Reveal());
  }

  @Test
  void aCommittedSeatWithoutAJournalledResultNeverReveals() {
    WorkerSeat copied = seat(2, Stage.COMMITTED, false, false, false, null, null, -1);
    assertThat(next(copied, task(TaskState.REVEALING), 105)).isInstanceOf(Wait.class);
  }

  @Test
  void theLowestRevealedSeatFinalizesOnceEveryoneRevealed() {
    Task revealed = task(TaskState.REVEALING, ALL, 0b110, 0, 0);
    assertThat(next(seat(1, Stage.REVEALED), revealed, 105)).isInstanceOf(Wait.class);
    assertThat(next(seat(0, Stage.REVEALED), task(TaskState.REVEALING, ALL, ALL, 0, 0), 105))
        .isEqualTo(new Finalize());
    assertThat(next(seat(1, Stage.REVEALED), task(TaskState.REVEALING, 0b110, 0b110, 1, 0), 105))
        .isEqualTo(new Finalize());
    assertThat(next(seat(2, Stage.REVEALED), task(TaskState.REVEALING, 0b110, 0b110, 1, 0), 105))
        .isInstanceOf(Wait.class);
  }

  @Test
  void seatsTakeTurnsAfterTheRevealDeadlineWhenSomeoneDidNotReveal() {
    Task missing = task(TaskState.REVEALING, ALL, 0b011, 0, 0);
    assertThat(next(seat(0, Stage.REVEALED), missing, 115)).isInstanceOf(Wait.class);
    assertThat(next(seat(0, Stage.REVEALED), missing, 116)).isEqualTo(new Finalize());
    assertThat(next(seat(1, Stage.REVEALED), missing, 116)).isInstanceOf(Wait.class);
    assertThat(next(seat(1, Stage.REVEALED), missing, 117)).isEqualTo(new Finalize());
  }

  @Test
  void waitsAFewBlocksAfterSendingAFinalize() {
    Task revealed = task(TaskState.REVEALING, ALL, ALL, 0, 0);
    WorkerSeat sent = seat(0, Stage.REVEALED, true, false, false, null, null, 105);
    assertThat(next(sent, revealed, 107)).isEqualTo(new Wait("a finalize was just sent"));
    assertThat(next(sent, revealed, 108)).isEqualTo(new Finalize());
  }

  @Test
  void aFirstRoundSeatWaitsWhileTheTaskEscalates() {
    Task escalated = task(TaskState.COMMITTING, 0, 0, 0, 4);
    assertThat(next(seat(1, Stage.ASSIGNED), escalated, 90))
        .isEqualTo(new Wait("a first-round seat waits while the task escalates"));
    assertThat(next(seat(1, Stage.REVEALED), escalated, 200)).isInstanceOf(Wait.class);
    assertThat(next(seat(3, Stage.ASSIGNED), escalated, 90)).isEqualTo(new Execute());
  }

  @Test
  void theExecutorStartsASampledTaskWaitingForItsCheckDecisionOrValidators() {
    Task pending = task(TaskState.PENDING);
    Sampling executing = sampling(SamplingStage.EXECUTING, 0);
    assertThat(TaskStep.next(seat(0, Stage.COMMITTED), pending, executing, 50))
        .isEqualTo(new StartDecision(executing));
    assertThat(TaskStep.next(seat(0, Stage.COMMITTED), pending, executing, 49))
        .isInstanceOf(Wait.class);
    assertThat(TaskStep.next(seat(1, Stage.COMMITTED), pending, executing, 50))
        .isInstanceOf(Wait.class);
    Sampling challenged = sampling(SamplingStage.CHALLENGED, 0);
    assertThat(TaskStep.next(seat(0, Stage.REVEALED), pending, challenged, 60))
        .isEqualTo(new StartDecision(challenged));
    Sampling checked = sampling(SamplingStage.CHECKED, 0);
    assertThat(TaskStep.next(seat(0, Stage.REVEALED), pending, checked, 60))
        .isEqualTo(new StartDecision(checked));
    assertThat(TaskStep.next(seat(0, Stage.COMMITTED), pending, null, 60)).isInstanceOf(Wait.class);
  }

  @Test
  void anUncheckedResultIsFinalizedOnlyAfterItsChallengeWindow() {
    Task revealed = task(TaskState.REVEALING, 1, 1, 0, 0);
    WorkerSeat executor = seat(0, Stage.REVEALED);
    Sampling unchecked = sampling(SamplingStage.UNCHECKED, 130);
    assertThat(TaskStep.next(executor, revealed, unchecked, 130))
        .isEqualTo(new Wait("the challenge window is open"));
    assertThat(TaskStep.next(executor, revealed, unchecked, 131)).isEqualTo(new Finalize());
    assertThat(TaskStep.next(executor, revealed, sampling(SamplingStage.CHECKED, 130), 121))
        .isEqualTo(new Finalize());
  }

  private static TaskStep next(WorkerSeat seat, Task task, long block) {
    return TaskStep.next(seat, task, null, block);
  }

  private static WorkerSeat seat(int index, Stage stage) {
    boolean prepared = stage != Stage.ASSIGNED;
    return seat(index, stage, prepared, false, false, null, null, -1);
  }

  private static WorkerSeat executing(Stage stage, boolean decided) {
    return new WorkerSeat(1, stage, false, true, decided, 100, null, 0, null, -1);
  }

  private static WorkerSeat seat(
      int index,
      Stage stage,
      boolean prepared,
      boolean executing,
      boolean decided,
      @Nullable String unavailable,
      @Nullable String draining,
      long finalizeSent) {
    return new WorkerSeat(
        index,
        stage,
        prepared,
        executing,
        decided,
        Long.MAX_VALUE,
        unavailable,
        0,
        draining,
        finalizeSent);
  }

  private static Sampling sampling(SamplingStage stage, long challengeDeadline) {
    return new Sampling(stage, 1000, 2, 50, Sampling.NOBODY, BigInteger.ZERO, challengeDeadline);
  }

  private static Task task(TaskState state) {
    return task(state, 0, 0, 0, 0);
  }

  private static Task task(
      TaskState state, int committed, int revealed, int abstained, int escalationSeats) {
    return new Task(
        REQUESTER,
        state,
        0,
        Mode.EXACT,
        3,
        2,
        0,
        1,
        BigInteger.TEN,
        100,
        115,
        40,
        20,
        committed,
        revealed,
        0,
        0,
        Bytes32.ZERO,
        BigInteger.ZERO,
        BigInteger.ZERO,
        50,
        60,
        abstained,
        0,
        0,
        escalationSeats,
        false);
  }

  @Test
  void theLoopTakesStepsOnANewBlockAndWithoutOneOnlyAfterTheRetryWaitWhileTasksAreOpen() {
    java.time.Duration wait = java.time.Duration.ofSeconds(2);
    java.time.Duration soon = java.time.Duration.ofMillis(500);

    assertThat(TaskStep.reconcileNow(11, 10, false, soon, wait)).isTrue();
    assertThat(TaskStep.reconcileNow(10, 10, true, soon, wait)).isFalse();
    assertThat(TaskStep.reconcileNow(10, 10, true, wait, wait)).as("a stalled chain").isTrue();
    assertThat(TaskStep.reconcileNow(10, 10, false, wait, wait)).as("nothing open").isFalse();
  }

  @Test
  void committedSeatsTakeTheirTurnFirstSoThatNoOtherSendHoldsTheirRevealBack() {
    for (Stage other : Stage.values()) {
      if (other != Stage.COMMITTED) {
        assertThat(TaskStep.turn(Stage.COMMITTED)).isLessThan(TaskStep.turn(other));
      }
    }
  }
}

package network.deai.node.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigInteger;
import network.deai.contracts.abi.Address;
import network.deai.contracts.abi.Bytes32;
import org.junit.jupiter.api.Test;

class TaskTest {
  private static final Address REQUESTER = Address.of("0x00000000000000000000000000000000000000aa");

  @Test
  void revealEndsAtTheRevealDeadlineOnceRevealingOpened() {
    assertThat(task(TaskState.COMMITTING, 0, false, 0).lastRevealBlock()).isEqualTo(100 + 20);
    assertThat(task(TaskState.REVEALING, 0, false, 0).lastRevealBlock()).isEqualTo(115);
  }

  @Test
  void commitAndRevealWindowsFollowTheDeadlines() {
    Task committing = task(TaskState.COMMITTING, 0, false, 0);
    assertThat(committing.commitOpen(100)).isTrue();
    assertThat(committing.commitOpen(101)).isFalse();
    assertThat(task(TaskState.PENDING, 0, false, 0).commitOpen(90)).isFalse();
    assertThat(committing.revealDue(100)).isFalse();
    assertThat(committing.revealDue(101)).isTrue();
    assertThat(task(TaskState.REVEALING, 0, false, 0).revealDue(90)).isTrue();
    assertThat(committing.revealClosed(120)).isFalse();
    assertThat(committing.revealClosed(121)).isTrue();
    assertThat(task(TaskState.REVEALING, 0, false, 0).revealClosed(116)).isTrue();
  }

  @Test
  void stateDescriptionNamesTheEscalation() {
    assertThat(task(TaskState.SETTLED, 0, false, 0).stateDescription()).isEqualTo("Settled");
    assertThat(task(TaskState.PENDING, 0, true, 0).stateDescription())
        .isEqualTo("Pending (escalating)");
    assertThat(task(TaskState.COMMITTING, 7, false, 0).stateDescription())
        .isEqualTo("Committing (escalation: 7 fresh replicas)");
  }

  @Test
  void seatsCountTheEscalation() {
    assertThat(task(TaskState.COMMITTING, 7, false, 0).seats()).isEqualTo(new TaskSeats(3, 7));
    assertThat(task(TaskState.NO_CONSENSUS, 0, false, 0).isFinal()).isTrue();
  }

  @Test
  void rejectsMasksWiderThanSixteenSeats() {
    assertThatThrownBy(() -> task(TaskState.COMMITTING, 0, false, 1 << 16))
        .isInstanceOf(IllegalArgumentException.class);
  }

  private static Task task(
      TaskState state, int escalationSeats, boolean escalationPending, int committedMask) {
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
        committedMask,
        0,
        0,
        0,
        Bytes32.ZERO,
        BigInteger.ZERO,
        BigInteger.ZERO,
        50,
        60,
        0,
        0,
        0,
        escalationSeats,
        escalationPending);
  }
}

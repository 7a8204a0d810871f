package network.deai.node.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class TaskSeatsTest {
  @Test
  void aFirstRoundDecidesWithEveryReplica() {
    TaskSeats seats = new TaskSeats(3, 0);

    assertThat(seats.total()).isEqualTo(3);
    assertThat(seats.firstDeciding()).isZero();
    assertThat(seats.deciding()).isEqualTo(3);
    assertThat(seats.decidingMask()).isEqualTo(0b111);
    assertThat(seats.decides(2)).isTrue();
    assertThat(seats.decides(3)).isFalse();
    assertThat(seats.decides(-1)).isFalse();
  }

  @Test
  void anEscalationDecidesWithItsOwnSeatsOnly() {
    TaskSeats seats = new TaskSeats(3, 7);

    assertThat(seats.total()).isEqualTo(10);
    assertThat(seats.firstDeciding()).isEqualTo(3);
    assertThat(seats.deciding()).isEqualTo(7);
    assertThat(seats.decidingMask()).isEqualTo(0b11_1111_1000);
    assertThat(seats.decides(2)).isFalse();
    assertThat(seats.decides(3)).isTrue();
    assertThat(seats.decides(9)).isTrue();
    assertThat(seats.decides(10)).isFalse();
  }

  @Test
  void onlyATwoThirdsGroupOfAtLeastThreeDecidingSeatsSlashes() {
    assertThat(new TaskSeats(3, 0).canSlash(0b111)).isTrue();
    assertThat(new TaskSeats(3, 0).canSlash(0b011)).as("2 of 3: fewer than 3").isFalse();
    assertThat(new TaskSeats(4, 0).canSlash(0b0111)).as("3 of 4").isTrue();
    assertThat(new TaskSeats(5, 0).canSlash(0b00111)).as("3 of 5 < 2/3").isFalse();
    TaskSeats escalated = new TaskSeats(3, 7);
    assertThat(escalated.canSlash(0b00_0111_1111)).as("first-round members do not count").isFalse();
    assertThat(escalated.canSlash(0b00_0111_1001)).as("4 of 7 seats").isFalse();
    assertThat(escalated.canSlash(0b01_1111_1000)).as("5 of 7 seats").isTrue();
  }

  @Test
  void refusesCountsTheContractCannotHold() {
    assertThatThrownBy(() -> new TaskSeats(0, 0)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new TaskSeats(8, 9)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new TaskSeats(3, -1)).isInstanceOf(IllegalArgumentException.class);
    assertThat(new TaskSeats(5, 11).total()).isEqualTo(16);
  }
}

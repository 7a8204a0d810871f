package network.deai.node.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import network.deai.contracts.abi.Address;
import network.deai.contracts.abi.Bytes32;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

/** The job and round records check their fields and answer what callers ask of them. */
class TrainingRecordsTest {
  private static final Address CHALLENGER =
      Address.of("0x00000000000000000000000000000000000000cc");

  @Test
  void aRoundIsChallengedOnceItHasAChallengerAndEscalatedOnceSeatsWereDrawn() {
    assertThat(round(null, 0, 0).challenged()).isFalse();
    assertThat(round(CHALLENGER, 0, 0).challenged()).isTrue();
    assertThat(round(CHALLENGER, 0, 0).escalated()).isFalse();
    assertThat(round(CHALLENGER, 7, 0).escalated()).isTrue();
  }

  @Test
  void rejectsMasksWiderThanTheirSeats() {
    assertThatThrownBy(() -> round(null, 0, 1L << 32))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("32 bits");
    assertThatThrownBy(
            () ->
                new Round(
                    Stage.AGGREGATE_COMMIT,
                    RoundOutcome.PENDING,
                    10,
                    0,
                    0,
                    1 << 16,
                    0,
                    0,
                    0,
                    List.of(),
                    List.of(),
                    List.of(),
                    Bytes32.ZERO,
                    Bytes32.ZERO,
                    null,
                    0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("16 bits");
  }

  @Test
  void copiesItsLists() {
    List<String> trainers = new ArrayList<>(List.of("0xaa"));
    Round round =
        new Round(
            Stage.TRAIN_COMMIT,
            RoundOutcome.PENDING,
            10,
            0,
            0,
            0,
            0,
            0,
            0,
            trainers,
            List.of(),
            List.of(),
            Bytes32.ZERO,
            Bytes32.ZERO,
            null,
            0);
    trainers.add("0xbb");
    assertThat(round.trainers()).containsExactly("0xaa");
  }

  @Test
  void aJobStartsARoundWithAtLeastHalfItsTrainersPlusOne() {
    Job job =
        new Job(
            CHALLENGER,
            JobState.WAITING,
            3,
            1,
            5,
            3,
            2,
            1,
            2,
            BigInteger.TEN,
            BigInteger.ONE,
            5,
            5,
            BigInteger.valueOf(22),
            Bytes32.ZERO,
            Bytes32.ZERO,
            40);
    assertThat(job.minTrainers()).isEqualTo(3);
    assertThat(job.isFinal()).isFalse();
    assertThatThrownBy(
            () ->
                new Job(
                    CHALLENGER,
                    JobState.WAITING,
                    3,
                    1,
                    5,
                    3,
                    2,
                    1,
                    2,
                    BigInteger.valueOf(-1),
                    BigInteger.ONE,
                    5,
                    5,
                    BigInteger.ONE,
                    Bytes32.ZERO,
                    Bytes32.ZERO,
                    40))
        .isInstanceOf(IllegalArgumentException.class);
  }

  private static Round round(@Nullable Address challenger, int escalationSeats, long flagged) {
    return new Round(
        Stage.CHALLENGE,
        RoundOutcome.AGREED,
        10,
        0b1,
        0b1,
        0b1,
        0b1,
        0b1,
        flagged,
        List.of("0xaa"),
        List.of("0xbb"),
        List.of(Bytes32.ZERO),
        Bytes32.ZERO,
        Bytes32.ZERO,
        challenger,
        escalationSeats);
  }
}

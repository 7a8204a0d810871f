package network.deai.verifier.domain.consensus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Optional;
import network.deai.contracts.abi.Bytes32;
import org.junit.jupiter.api.Test;

class ConsensusRuleTest {
  private static final Bytes32 A = Bytes32.fromLongs(1, 1, 1, 1);
  private static final Bytes32 A_NEAR = Bytes32.fromLongs(1, 1, 1, 3);
  private static final Bytes32 B = Bytes32.fromLongs(2, 2, 2, 2);

  @Test
  void anEscalationDecidesWithAMajorityOfItsOwnSeatsAndTheAgreeingFirstRoundJoins() {
    // Round one (seats 0..2) split three ways; seats 3..9 are the escalation: 5 of 7 say A.
    List<Optional<Bytes32>> seats =
        List.of(
            Optional.of(A),
            Optional.of(B),
            Optional.of(A_NEAR),
            Optional.of(B),
            Optional.of(A),
            Optional.of(A),
            Optional.empty(),
            Optional.of(A),
            Optional.of(A),
            Optional.of(A));

    assertThat(ConsensusRule.escalatedVerdict(seats, 3, Mode.EXACT, 0))
        .isEqualTo(new Verdict.Agreed(4, List.of(0, 4, 5, 7, 8, 9), A));
    assertThat(ConsensusRule.escalatedVerdict(seats, 3, Mode.SIMILAR, 1))
        .as("within the distance the near first-round seat agrees too")
        .isEqualTo(new Verdict.Agreed(4, List.of(0, 2, 4, 5, 7, 8, 9), A));
  }

  @Test
  void firstRoundSeatsNeverCountTowardsTheEscalationsQuorum() {
    // Three first-round B's would make B the largest group over all seats; only seats 3..9 decide.
    List<Optional<Bytes32>> seats = new java.util.ArrayList<>();
    for (int i = 0; i < 3; i++) {
      seats.add(Optional.of(B));
    }
    for (int i = 3; i < 10; i++) {
      seats.add(Optional.of(i < 6 ? B : A));
    }

    assertThat(ConsensusRule.escalatedVerdict(seats, 3, Mode.EXACT, 0))
        .as("A has 4 of the 7 escalation seats")
        .isEqualTo(new Verdict.Agreed(6, List.of(6, 7, 8, 9), A));
    seats.set(9, Optional.empty());
    assertThat(ConsensusRule.escalatedVerdict(seats, 3, Mode.EXACT, 0))
        .as("3 of 7 is no majority, whatever round one says")
        .isEqualTo(new Verdict.NoConsensus());
  }

  @Test
  void theFirstEscalationSeatDecidesLikeTheOthersAndIsListedOnce() {
    // Round one: seat 0 says A, seat 1 says B; the escalation (seats 2..4) says A, A, B.
    List<Optional<Bytes32>> seats =
        List.of(Optional.of(A), Optional.of(B), Optional.of(A), Optional.of(A), Optional.of(B));

    assertThat(ConsensusRule.escalatedVerdict(seats, 2, Mode.EXACT, 0))
        .isEqualTo(new Verdict.Agreed(2, List.of(0, 2, 3), A));
  }

  @Test
  void anEscalationNeedsAtLeastOneFirstRoundSeatAndOneEscalationSeat() {
    List<Optional<Bytes32>> seats = List.of(Optional.of(A), Optional.of(A), Optional.of(A));

    assertThat(ConsensusRule.escalatedVerdict(seats, 1, Mode.EXACT, 0))
        .isEqualTo(new Verdict.Agreed(1, List.of(0, 1, 2), A));
    assertThat(ConsensusRule.escalatedVerdict(seats, 2, Mode.EXACT, 0))
        .isEqualTo(new Verdict.Agreed(2, List.of(0, 1, 2), A));
    assertThatThrownBy(() -> ConsensusRule.escalatedVerdict(seats, 0, Mode.EXACT, 0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("1..2");
    assertThatThrownBy(() -> ConsensusRule.escalatedVerdict(seats, 3, Mode.EXACT, 0))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void theQuorumMustBeBetweenOneAndTheReplicas() {
    List<Optional<Bytes32>> two = List.of(Optional.of(A), Optional.of(A));

    assertThat(ConsensusRule.verdict(two, Mode.EXACT, 0, 2))
        .isEqualTo(new Verdict.Agreed(0, List.of(0, 1), A));
    assertThat(ConsensusRule.verdict(two, Mode.EXACT, 0, 1))
        .isEqualTo(new Verdict.Agreed(0, List.of(0, 1), A));
    assertThatThrownBy(() -> ConsensusRule.verdict(two, Mode.EXACT, 0, 3))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> ConsensusRule.verdict(two, Mode.EXACT, 0, 0))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void majorityOfEqualFingerprintsWinsInExactMode() {
    Verdict v =
        ConsensusRule.verdict(
            List.of(Optional.of(B), Optional.of(A), Optional.of(A)), Mode.EXACT, 0, 2);

    assertThat(v).isEqualTo(new Verdict.Agreed(1, List.of(1, 2), A));
  }

  @Test
  void similarModeGroupsFingerprintsWithinTheDistance() {
    List<Optional<Bytes32>> revealed = List.of(Optional.of(A), Optional.of(A_NEAR), Optional.of(B));

    assertThat(ConsensusRule.verdict(revealed, Mode.SIMILAR, 1, 2))
        .isEqualTo(new Verdict.Agreed(0, List.of(0, 1), A));
    assertThat(ConsensusRule.verdict(revealed, Mode.EXACT, 0, 2))
        .isEqualTo(new Verdict.NoConsensus());
  }

  @Test
  void theLowestIndexOfTheGroupRepresentsItAndUnrevealedReplicasAreIgnored() {
    List<Optional<Bytes32>> revealed =
        List.of(Optional.empty(), Optional.of(B), Optional.of(A), Optional.of(B), Optional.of(B));

    assertThat(ConsensusRule.verdict(revealed, Mode.EXACT, 0, 3))
        .isEqualTo(new Verdict.Agreed(1, List.of(1, 3, 4), B));
  }

  @Test
  void aLaterGroupOfTheSameSizeWithOtherMembersRivalsTheBestIntoNoConsensus() {
    // Each fingerprint is one bit away from its neighbours: replicas 1, 2 and 3 each agree with
    // both neighbours, so {0,1,2}, {1,2,3} and {2,3,4} all have three members.
    List<Optional<Bytes32>> line = List.of(bits(0), bits(1), bits(2), bits(3), bits(4));

    assertThat(ConsensusRule.verdict(line, Mode.SIMILAR, 1, 3))
        .isEqualTo(new Verdict.NoConsensus());
    assertThat(ConsensusRule.verdict(line.subList(0, 3), Mode.SIMILAR, 1, 2))
        .as("the middle replica's group is the only one of three")
        .isEqualTo(new Verdict.Agreed(1, List.of(0, 1, 2), bits(1).orElseThrow()));
  }

  @Test
  void aStrictlyLargerGroupClearsAnEarlierRivalry() {
    Bytes32 c = Bytes32.fromLongs(3, 3, 3, 3);
    List<Optional<Bytes32>> revealed =
        List.of(Optional.of(A), Optional.of(B), Optional.of(c), Optional.of(c), Optional.of(c));

    assertThat(ConsensusRule.verdict(revealed, Mode.EXACT, 0, 3))
        .isEqualTo(new Verdict.Agreed(2, List.of(2, 3, 4), c));
  }

  /** A fingerprint with the lowest {@code count} bits set. */
  private static Optional<Bytes32> bits(int count) {
    return Optional.of(Bytes32.fromLongs(0, 0, 0, (1L << count) - 1));
  }

  @Test
  void noConsensusBelowQuorumOrWithoutReveals() {
    assertThat(
            ConsensusRule.verdict(
                List.of(Optional.of(A), Optional.of(B), Optional.empty()), Mode.EXACT, 0, 2))
        .isEqualTo(new Verdict.NoConsensus());
    assertThat(ConsensusRule.verdict(List.of(Optional.empty(), Optional.empty()), Mode.EXACT, 0, 1))
        .isEqualTo(new Verdict.NoConsensus());
    assertThat(ConsensusRule.defaultQuorum(3)).isEqualTo(2);
    assertThat(ConsensusRule.defaultQuorum(4)).isEqualTo(3);
  }
}

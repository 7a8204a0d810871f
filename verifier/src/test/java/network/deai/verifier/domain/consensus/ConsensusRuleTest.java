package network.deai.verifier.domain.consensus;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Optional;
import network.deai.contracts.abi.Bytes32;
import org.junit.jupiter.api.Test;

class ConsensusRuleTest {
  private static final Bytes32 A = Bytes32.fromLongs(1, 1, 1, 1);
  private static final Bytes32 A_NEAR = Bytes32.fromLongs(1, 1, 1, 3);
  private static final Bytes32 B = Bytes32.fromLongs(2, 2, 2, 2);

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
  void tiesGoToTheLowestIndexAndUnrevealedReplicasAreIgnored() {
    List<Optional<Bytes32>> revealed =
        List.of(Optional.empty(), Optional.of(B), Optional.of(A), Optional.of(B), Optional.of(A));

    assertThat(ConsensusRule.verdict(revealed, Mode.EXACT, 0, 2))
        .isEqualTo(new Verdict.Agreed(1, List.of(1, 3), B));
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

package network.deai.node.job;

import static org.assertj.core.api.Assertions.assertThat;

import network.deai.contracts.abi.Bytes32;
import network.deai.contracts.crypto.Hashes;
import network.deai.node.domain.Rejection;
import org.junit.jupiter.api.Test;

class RoundAggregateTest {
  private static final Bytes32 START = Hashes.sha256(new byte[] {1});

  @Test
  void aRefusalScoresEveryTrainerOneUnitSoTheTrainersThatCheckedTheInputsArePaid() {
    // The chain pays nobody when no eligible trainer scores above 0, so all-zero refusal scores
    // would hand the pool back to the requester of a job nobody can run. One unit each splits it
    // equally among the trainers that revealed (the chain pays only those).
    RoundAggregate refusal =
        RoundAggregate.refused(START, 3, new Rejection(Rejection.Code.BAD_INPUT, "not a dataset"));

    assertThat(refusal.scores()).containsExactly(1L, 1L, 1L);
    assertThat(refusal.flaggedMask()).isZero();
    assertThat(refusal.modelDigest()).as("the model stays as it was").isEqualTo(START);
    assertThat(refusal.modelFile()).isNull();
  }
}

package network.deai.incentive.domain.economics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.data.Offset.offset;

import network.deai.incentive.domain.economics.ValidationEconomics.Inputs;
import network.deai.incentive.domain.economics.ValidationEconomics.Replication;
import org.junit.jupiter.api.Test;

class ValidationEconomicsTest {
  @Test
  void samplingRateBalancesCostAgainstSlash() {
    assertThat(ValidationEconomics.minimumSamplingRate(new Inputs(1, 9, 0)))
        .isCloseTo(0.1, offset(1e-12));
    assertThat(ValidationEconomics.minimumSamplingRate(new Inputs(1, 0, 0))).isEqualTo(1.0);
    assertThat(ValidationEconomics.minimumSamplingRate(new Inputs(0, 5, 0))).isZero();
  }

  @Test
  void replicationDetersALoneCheaterWithThreeReplicas() {
    // c = 0: two honest peers always outvote the cheater.
    assertThat(ValidationEconomics.minimumReplicas(new Inputs(1, 10, 0), 16))
        .isEqualTo(new Replication.Deterred(3, 1.0));
  }

  @Test
  void collusionNeedsMoreReplicasOrCannotBeDeterred() {
    // c = 0.2, slash only 0.3x the saved cost: needs P(caught) >= 1 / 1.3; r = 3 gives 0.64,
    // r = 5 gives 1 - P(>= 2 of 4 collude) = 0.8192.
    Replication some = ValidationEconomics.minimumReplicas(new Inputs(1, 0.3, 0.2), 16);
    assertThat(some)
        .isInstanceOfSatisfying(
            Replication.Deterred.class, d -> assertThat(d.replicas()).isEqualTo(5));
    assertThat(ValidationEconomics.minimumReplicas(new Inputs(1, 1, 0.6), 16))
        .isInstanceOfSatisfying(
            Replication.NotDeterred.class, n -> assertThat(n.reason()).contains("half or more"));
    assertThat(ValidationEconomics.minimumReplicas(new Inputs(1, 0, 0), 16))
        .isInstanceOfSatisfying(
            Replication.NotDeterred.class, n -> assertThat(n.reason()).contains("no slash"));
  }

  @Test
  void probabilityCaughtMatchesTheBinomialByHand() {
    // r = 3, c = 0.1: caught iff neither other replica colludes: 0.9^2.
    assertThat(ValidationEconomics.probabilityCaught(3, 0.1)).isCloseTo(0.81, offset(1e-12));
    assertThat(ValidationEconomics.probabilityCaught(1, 0.1)).isZero();
  }
}

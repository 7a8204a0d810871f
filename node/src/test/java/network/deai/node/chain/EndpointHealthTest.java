package network.deai.node.chain;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import org.junit.jupiter.api.Test;

class EndpointHealthTest {
  private Instant now = Instant.parse("2025-01-01T00:00:00Z");
  private final InstantSource clock = () -> now;
  private final EndpointHealth health =
      new EndpointHealth(
          3, new EndpointHealth.Settings(Duration.ofSeconds(1), Duration.ofSeconds(4), 5), clock);

  @Test
  void sticksToTheCurrentEndpointWhileItIsHealthy() {
    assertThat(health.pick(new boolean[3])).isZero();
    health.succeeded(0);
    assertThat(health.pick(new boolean[3])).isZero();
  }

  @Test
  void aFailedEndpointRestsAndTheRequestMovesToTheNext() {
    health.failed(0);
    assertThat(health.pick(new boolean[] {true, false, false})).isEqualTo(1);
    assertThat(health.pick(new boolean[3])).as("sticks to the new one").isEqualTo(1);
    health.failed(1);
    assertThat(health.pick(new boolean[3])).isEqualTo(2);
    now = now.plusSeconds(1);
    health.failed(2);
    assertThat(health.pick(new boolean[3])).as("the first rested long enough").isZero();
  }

  @Test
  void backOffDoublesWithFailuresInARowUpToTheCap() {
    health.failed(0);
    health.failed(0);
    health.failed(0);
    health.failed(0);
    health.failed(1);
    health.failed(2);
    now = now.plusMillis(3_999);
    assertThat(health.pick(new boolean[] {false, true, true}))
        .as("still resting, but soonest")
        .isZero();
    now = now.plusMillis(1);
    health.failed(1);
    health.failed(2);
    assertThat(health.pick(new boolean[3])).as("capped at four seconds").isZero();
  }

  @Test
  void whenAllRestTheOneWhoseBackOffEndsFirstIsTriedAndEachOnlyOnce() {
    health.failed(1);
    now = now.plusMillis(100);
    health.failed(2);
    now = now.plusMillis(100);
    health.failed(0);
    assertThat(health.pick(new boolean[3])).isEqualTo(1);
    assertThat(health.pick(new boolean[] {false, true, false})).isEqualTo(2);
    assertThat(health.pick(new boolean[] {true, true, true})).isEqualTo(-1);
  }

  @Test
  void anEndpointOnAnotherChainIsNotUsedAndIsCheckedAgainAfterItsRest() {
    assertThat(health.needsCheck(0)).isTrue();
    assertThat(health.chainId(0, 1, 31337)).isFalse();
    assertThat(health.pick(new boolean[3])).isEqualTo(1);
    assertThat(health.chainId(1, 31337, 31337)).isTrue();
    assertThat(health.needsCheck(1)).isFalse();
    assertThat(health.needsCheck(0)).isTrue();
  }

  @Test
  void anEndpointWhoseHeadLagsTheBestByMoreThanTheLimitRests() {
    assertThat(health.head(0, 100)).isTrue();
    assertThat(health.head(1, 95)).as("five behind is allowed").isTrue();
    assertThat(health.head(1, 94)).as("six behind is not").isFalse();
    assertThat(health.bestHead()).isEqualTo(100);
    assertThat(health.pick(new boolean[] {true, false, false})).isEqualTo(2);
  }

  @Test
  void aHeadGoingBackwardsOnOneEndpointCountsAsLagging() {
    assertThat(health.head(0, 50)).isTrue();
    assertThat(health.head(0, 40)).isFalse();
    assertThat(health.needsCheck(0)).isTrue();
  }
}

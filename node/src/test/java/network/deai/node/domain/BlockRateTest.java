package network.deai.node.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class BlockRateTest {
  private static final long MS = 1_000_000;

  private final BlockRate rate = new BlockRate(Duration.ofSeconds(1), 256);

  @Test
  void knowsNothingBeforeTheObservationsSpanOneStretch() {
    assertThat(rate.fastestInterval()).isEmpty();
    assertThat(rate.head()).isEqualTo(-1);
    for (int i = 0; i < 10; i++) {
      rate.observe(i, i * 50 * MS); // 450 ms of 50 ms blocks: less than the 1 s stretch
    }

    assertThat(rate.fastestInterval()).isEmpty();
    assertThat(rate.head()).isEqualTo(9);
  }

  @Test
  void measuresASlowChain() {
    for (int i = 0; i < 5; i++) {
      rate.observe(100 + i, i * 12_000 * MS);
    }

    assertThat(rate.fastestInterval()).contains(Duration.ofSeconds(12));
  }

  @Test
  void measuresAFastChain() {
    for (int i = 0; i <= 200; i++) {
      rate.observe(i, i * 20 * MS);
    }

    assertThat(rate.fastestInterval()).contains(Duration.ofMillis(20));
  }

  @Test
  void takesTheFastestStretchWhenTheRateChanges() {
    long t = 0;
    for (int i = 0; i < 10; i++) {
      rate.observe(i, t += 2_000 * MS);
    }
    for (int i = 10; i < 100; i++) {
      rate.observe(i, t += 50 * MS); // the chain speeds up: 50 ms blocks for 4.5 s
    }

    assertThat(rate.fastestInterval()).contains(Duration.ofMillis(50));
  }

  @Test
  void spreadsABurstWithinOnePollOverAStretch() {
    rate.observe(0, 0);
    rate.observe(1, 2_000 * MS);
    rate.observe(40, 2_020 * MS); // 39 blocks at once: anvil_mine, or automine under traffic
    rate.observe(41, 4_000 * MS);

    Duration fastest = rate.fastestInterval().orElseThrow();

    assertThat(fastest).isEqualTo(Duration.ofNanos(2_020 * MS / 40));
    assertThat(fastest).as("not 20 ms / 39 blocks").isGreaterThan(Duration.ofMillis(25));
  }

  @Test
  void countsOnlyANewHead() {
    rate.observe(10, 0);
    rate.observe(10, 500 * MS); // seen again on the next poll
    rate.observe(9, 700 * MS); // a lagging endpoint or a reorg
    rate.observe(11, 2_000 * MS);

    assertThat(rate.fastestInterval()).contains(Duration.ofSeconds(2));
    assertThat(rate.head()).isEqualTo(11);
  }

  @Test
  void forgetsBlocksBeyondItsCapacity() {
    BlockRate recent = new BlockRate(Duration.ofSeconds(1), 3);
    recent.observe(0, 0);
    recent.observe(100, 1_000 * MS); // a fast stretch, then a slow chain
    recent.observe(101, 11_000 * MS);
    recent.observe(102, 21_000 * MS);

    assertThat(recent.fastestInterval()).contains(Duration.ofSeconds(10));
  }

  @Test
  void refusesAnEmptyStretch() {
    assertThatThrownBy(() -> new BlockRate(Duration.ZERO, 10))
        .isInstanceOf(IllegalArgumentException.class);
  }
}

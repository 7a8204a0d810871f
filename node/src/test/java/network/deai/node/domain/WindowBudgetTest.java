package network.deai.node.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class WindowBudgetTest {
  private static final WindowBudget BUDGET = new WindowBudget(2);
  private static final long NANOS_PER_MILLI = 1_000_000;

  @Test
  void slowChainLeavesTimeForTheExecution() {
    WindowBudget.Verdict verdict =
        BUDGET.decide(100, 140, Optional.of(Duration.ofSeconds(1)), Duration.ofSeconds(3));

    assertThat(verdict).isEqualTo(new WindowBudget.Fits(40, 5));
  }

  @Test
  void fastChainConsumesTheWindowBeforeTheExecutionEnds() {
    WindowBudget.Verdict verdict =
        BUDGET.decide(100, 110, Optional.of(Duration.ofMillis(20)), Duration.ofSeconds(2));

    assertThat(verdict)
        .isEqualTo(
            new WindowBudget.TooShort(10, 102, Duration.ofMillis(20), Duration.ofSeconds(2)));
  }

  @Test
  void anUnmeasuredChainGetsTheBenefitOfTheDoubt() {
    assertThat(BUDGET.decide(100, 101, Optional.empty(), Duration.ofHours(1)))
        .isEqualTo(new WindowBudget.Fits(1, 2));
  }

  @Test
  void theCommitItselfNeedsItsInclusionBlocks() {
    Optional<Duration> second = Optional.of(Duration.ofSeconds(1));

    assertThat(BUDGET.decide(100, 102, second, Duration.ZERO))
        .isInstanceOf(WindowBudget.Fits.class);
    assertThat(BUDGET.decide(100, 101, second, Duration.ZERO))
        .isInstanceOf(WindowBudget.TooShort.class);
    assertThat(BUDGET.decide(100, 99, second, Duration.ZERO))
        .as("a deadline already passed")
        .isEqualTo(new WindowBudget.TooShort(0, 2, Duration.ofSeconds(1), Duration.ZERO));
  }

  @Test
  void aPartBlockOfExecutionCountsAsAWholeBlock() {
    Optional<Duration> interval = Optional.of(Duration.ofMillis(100));

    assertThat(BUDGET.decide(0, 4, interval, Duration.ofMillis(200)))
        .isEqualTo(new WindowBudget.Fits(4, 4));
    assertThat(BUDGET.decide(0, 4, interval, Duration.ofNanos(200 * NANOS_PER_MILLI + 1)))
        .isInstanceOf(WindowBudget.TooShort.class);
  }

  @Test
  void retriesOnlyWhileTheWaitTheTryAndTheInclusionFitBeforeTheDeadline() {
    Optional<Duration> second = Optional.of(Duration.ofSeconds(1));
    Duration twoSeconds = Duration.ofSeconds(2);

    // At block 100, a try that took 1 block, a wait of 2 blocks and 2 inclusion blocks: 105.
    assertThat(BUDGET.retryFits(100, 99, 106, second, twoSeconds)).isTrue();
    assertThat(BUDGET.retryFits(100, 99, 105, second, twoSeconds)).isFalse();
    assertThat(BUDGET.retryFits(100, 96, 106, second, twoSeconds))
        .as("the try took 4 blocks, so will the next")
        .isFalse();
    assertThat(BUDGET.retryFits(100, 100, 104, Optional.empty(), twoSeconds))
        .as("an unmeasured chain counts the wait as one block")
        .isTrue();
  }

  @Test
  void refusesANegativeMargin() {
    assertThatThrownBy(() -> new WindowBudget(-1)).isInstanceOf(IllegalArgumentException.class);
  }
}

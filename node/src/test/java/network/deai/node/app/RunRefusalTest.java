package network.deai.node.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigInteger;
import network.deai.node.domain.Node;
import network.deai.node.domain.NodeStatus;
import org.junit.jupiter.api.Test;

/** Which node states {@code deai node run} refuses, and what it tells the operator to do. */
class RunRefusalTest {
  private static final String ADDRESS = "0x00000000000000000000000000000000000000a1";

  private static Node node(NodeStatus status, long activeTask, long exitBlock) {
    return new Node(
        BigInteger.TEN,
        1,
        0,
        status,
        activeTask,
        exitBlock,
        "",
        BigInteger.ZERO,
        0,
        0,
        BigInteger.ZERO);
  }

  @Test
  void runsAnActiveNodeAndAnyNodeWithATaskInHand() {
    assertThat(RunRefusal.of(ADDRESS, node(NodeStatus.ACTIVE, 0, 0), 10)).isEmpty();
    assertThat(RunRefusal.of(ADDRESS, node(NodeStatus.EXITING, 7, 0), 10)).isEmpty();
    assertThat(RunRefusal.of(ADDRESS, node(NodeStatus.DEACTIVATED, 7, 0), 10)).isEmpty();
  }

  @Test
  void refusesAnExitedNodeAndSaysToRegisterANewKey() {
    assertThat(RunRefusal.of(ADDRESS, node(NodeStatus.EXITED, 0, 5), 10))
        .hasValueSatisfying(
            line ->
                assertThat(line)
                    .startsWith(ADDRESS + " has exited")
                    .contains("deai keys new", "deai node register"));
  }

  @Test
  void refusesAnIdleExitingNodeAndSaysWhenToWithdrawTheStake() {
    assertThat(RunRefusal.of(ADDRESS, node(NodeStatus.EXITING, 0, 20), 10))
        .hasValue(
            ADDRESS
                + " is exiting (never picked again) and has no task left: once block 20 is reached,"
                + " when its unbonding ends, run deai node withdraw-stake, and deai node withdraw for"
                + " its earnings");
    assertThat(RunRefusal.of(ADDRESS, node(NodeStatus.EXITING, 0, 20), 20))
        .hasValueSatisfying(line -> assertThat(line).contains("its unbonding is over, run deai"));
  }

  @Test
  void refusesAnUnregisteredOrDeactivatedNodeWithTheCommandThatHelps() {
    assertThat(RunRefusal.of(ADDRESS, node(NodeStatus.NONE, 0, 0), 10))
        .hasValueSatisfying(line -> assertThat(line).contains("run deai node register"));
    assertThat(RunRefusal.of(ADDRESS, node(NodeStatus.DEACTIVATED, 0, 0), 10))
        .hasValueSatisfying(line -> assertThat(line).contains("deai node top-up"));
  }
}

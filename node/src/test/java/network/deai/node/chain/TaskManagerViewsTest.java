package network.deai.node.chain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigInteger;
import network.deai.contracts.abi.Address;
import network.deai.contracts.abi.Bytes32;
import network.deai.contracts.gen.TaskManager;
import network.deai.node.domain.Mode;
import network.deai.node.domain.Node;
import network.deai.node.domain.NodeStatus;
import network.deai.node.domain.Replica;
import network.deai.node.domain.ReplicaOutcome;
import network.deai.node.domain.Task;
import network.deai.node.domain.TaskState;
import org.junit.jupiter.api.Test;

class TaskManagerViewsTest {
  private static final String REQUESTER = "0x00000000000000000000000000000000000000aa";
  private static final Bytes32 FINGERPRINT = Bytes32.fromLongs(1, 2, 3, 4);

  @Test
  void mapsEveryTaskViewField() {
    Task task = TaskManagerViews.task(view(4, 1));
    assertThat(task)
        .isEqualTo(
            new Task(
                Address.of(REQUESTER),
                TaskState.NO_CONSENSUS,
                1,
                Mode.SIMILAR,
                3,
                2,
                9,
                7,
                BigInteger.valueOf(3_000),
                110,
                130,
                40,
                20,
                0b111,
                0b101,
                0b100,
                1,
                FINGERPRINT,
                BigInteger.valueOf(250),
                BigInteger.valueOf(1_250),
                90,
                95,
                0b1000,
                8_192,
                3,
                7,
                true));
    assertThat(task.seats().total()).isEqualTo(10);
  }

  @Test
  void rejectsAStateTheContractDoesNotDeclare() {
    assertThatThrownBy(() -> TaskManagerViews.task(view(7, 0)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("TaskState 7");
    assertThatThrownBy(() -> TaskManagerViews.task(view(0, 2)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("Mode 2");
  }

  @Test
  void mapsAReplicaView() {
    Replica replica =
        TaskManagerViews.replica(
            new TaskManager.ReplicaView(
                REQUESTER,
                new byte[32],
                FINGERPRINT.toArray(),
                true,
                true,
                BigInteger.valueOf(2),
                BigInteger.ZERO,
                BigInteger.valueOf(500)));
    assertThat(replica)
        .isEqualTo(
            new Replica(
                Address.of(REQUESTER),
                Bytes32.ZERO,
                FINGERPRINT,
                true,
                true,
                ReplicaOutcome.SLASHED_WRONG,
                BigInteger.ZERO,
                BigInteger.valueOf(500)));
  }

  @Test
  void mapsANodeInfo() {
    Node node =
        TaskManagerViews.node(
            new TaskManager.NodeInfo(
                BigInteger.valueOf(1_000),
                BigInteger.ONE,
                BigInteger.valueOf(24_576),
                BigInteger.valueOf(3),
                BigInteger.valueOf(12),
                BigInteger.ZERO,
                "http://node:8080",
                BigInteger.valueOf(40),
                BigInteger.TWO,
                BigInteger.valueOf(5),
                BigInteger.valueOf(7)));
    assertThat(node)
        .isEqualTo(
            new Node(
                BigInteger.valueOf(1_000),
                1,
                24_576,
                NodeStatus.DEACTIVATED,
                12,
                0,
                "http://node:8080",
                BigInteger.valueOf(40),
                2,
                5,
                BigInteger.valueOf(7)));
    assertThat(node.isActive()).isFalse();
  }

  private static TaskManager.TaskView view(int state, int mode) {
    return new TaskManager.TaskView(
        REQUESTER,
        BigInteger.valueOf(state),
        BigInteger.ONE,
        BigInteger.valueOf(mode),
        BigInteger.valueOf(3),
        BigInteger.TWO,
        BigInteger.valueOf(9),
        BigInteger.valueOf(7),
        BigInteger.valueOf(3_000),
        BigInteger.valueOf(110),
        BigInteger.valueOf(130),
        BigInteger.valueOf(40),
        BigInteger.valueOf(20),
        BigInteger.valueOf(0b111),
        BigInteger.valueOf(0b101),
        BigInteger.valueOf(0b100),
        BigInteger.ONE,
        FINGERPRINT.toArray(),
        BigInteger.valueOf(250),
        BigInteger.valueOf(1_250),
        BigInteger.valueOf(90),
        BigInteger.valueOf(95),
        BigInteger.valueOf(0b1000),
        BigInteger.valueOf(8_192),
        BigInteger.valueOf(3),
        BigInteger.valueOf(7),
        true);
  }
}

package network.deai.node.chain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigInteger;
import java.util.List;
import network.deai.contracts.abi.Address;
import network.deai.contracts.abi.Bytes32;
import network.deai.contracts.gen.TrainingJobs;
import network.deai.node.domain.Job;
import network.deai.node.domain.JobState;
import network.deai.node.domain.Node;
import network.deai.node.domain.NodeStatus;
import network.deai.node.domain.Round;
import network.deai.node.domain.RoundOutcome;
import network.deai.node.domain.Stage;
import org.junit.jupiter.api.Test;

class TrainingJobsViewsTest {
  private static final String REQUESTER = "0x00000000000000000000000000000000000000aa";
  private static final String TRAINER = "0x00000000000000000000000000000000000000bb";
  private static final String MEMBER = "0x00000000000000000000000000000000000000cc";
  private static final String ZERO = "0x0000000000000000000000000000000000000000";
  private static final Bytes32 SPEC = Bytes32.fromLongs(1, 2, 3, 4);
  private static final Bytes32 MODEL = Bytes32.fromLongs(5, 6, 7, 8);
  private static final Bytes32 SCORES = Bytes32.fromLongs(9, 10, 11, 12);

  @Test
  void mapsEveryJobViewField() {
    Job job = TrainingJobsViews.job(jobView(2));
    assertThat(job)
        .isEqualTo(
            new Job(
                Address.of(REQUESTER),
                JobState.RUNNING,
                3,
                1,
                4,
                3,
                2,
                70_000,
                80_000,
                BigInteger.TEN.pow(18),
                BigInteger.TEN.pow(17),
                16_000_000,
                12,
                BigInteger.valueOf(2_200),
                SPEC,
                MODEL,
                4_000_000_000L));
    assertThat(job.minTrainers()).isEqualTo(3);
  }

  @Test
  void mapsEveryRoundViewFieldWithItsChallenger() {
    Round round = TrainingJobsViews.round(roundView(4, 1, MEMBER));
    assertThat(round)
        .isEqualTo(
            new Round(
                Stage.CHALLENGE,
                RoundOutcome.AGREED,
                3_000_000_000L,
                0xFFFF_FFFFL,
                0b101,
                0b11,
                0b1,
                0b1,
                0x8000_0000L,
                List.of(TRAINER, REQUESTER),
                List.of(MEMBER),
                List.of(MODEL, Bytes32.ZERO),
                MODEL,
                SCORES,
                Address.of(MEMBER),
                7));
    assertThat(round.challenged()).isTrue();
    assertThat(round.escalated()).isTrue();
  }

  @Test
  void readsTheZeroChallengerAsNone() {
    Round round = TrainingJobsViews.round(roundView(3, 0, ZERO));
    assertThat(round.challenger()).isNull();
    assertThat(round.challenged()).isFalse();
    assertThat(round.stage()).isEqualTo(Stage.AGGREGATE_REVEAL);
    assertThat(round.outcome()).isEqualTo(RoundOutcome.PENDING);
  }

  @Test
  void rejectsValuesTheContractDoesNotDeclare() {
    assertThatThrownBy(() -> TrainingJobsViews.job(jobView(5)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("JobState 5");
    assertThatThrownBy(() -> TrainingJobsViews.round(roundView(6, 0, ZERO)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("Stage 6");
    assertThatThrownBy(() -> TrainingJobsViews.round(roundView(0, 3, ZERO)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("RoundOutcome 3");
  }

  @Test
  void mapsTheNodeInfoOfTheTrainingJobsContract() {
    Node node =
        TrainingJobsViews.node(
            new TrainingJobs.NodeInfo(
                BigInteger.valueOf(1_000),
                BigInteger.valueOf(80_000),
                BigInteger.valueOf(24_576),
                BigInteger.ONE,
                BigInteger.valueOf(9),
                BigInteger.ZERO,
                "http://node:8080",
                BigInteger.ZERO,
                BigInteger.TWO,
                BigInteger.valueOf(5),
                BigInteger.valueOf(7)));
    assertThat(node)
        .isEqualTo(
            new Node(
                BigInteger.valueOf(1_000),
                80_000,
                24_576,
                NodeStatus.ACTIVE,
                9,
                0,
                "http://node:8080",
                BigInteger.ZERO,
                2,
                5,
                BigInteger.valueOf(7)));
    assertThat(node.isActive()).isTrue();
  }

  private static TrainingJobs.JobView jobView(int state) {
    return new TrainingJobs.JobView(
        REQUESTER,
        BigInteger.valueOf(state),
        BigInteger.valueOf(3),
        BigInteger.ONE,
        BigInteger.valueOf(4),
        BigInteger.valueOf(3),
        BigInteger.TWO,
        BigInteger.valueOf(70_000),
        BigInteger.valueOf(80_000),
        BigInteger.TEN.pow(18),
        BigInteger.TEN.pow(17),
        BigInteger.valueOf(16_000_000),
        BigInteger.valueOf(12),
        BigInteger.valueOf(2_200),
        SPEC.toArray(),
        MODEL.toArray(),
        BigInteger.valueOf(4_000_000_000L));
  }

  private static TrainingJobs.RoundView roundView(int stage, int outcome, String challenger) {
    return new TrainingJobs.RoundView(
        BigInteger.valueOf(stage),
        BigInteger.valueOf(outcome),
        BigInteger.valueOf(3_000_000_000L),
        BigInteger.valueOf(0xFFFF_FFFFL),
        BigInteger.valueOf(0b101),
        BigInteger.valueOf(0b11),
        BigInteger.ONE,
        BigInteger.ONE,
        BigInteger.valueOf(0x8000_0000L),
        List.of(TRAINER, REQUESTER),
        List.of(MEMBER),
        List.of(MODEL.toArray(), new byte[32]),
        MODEL.toArray(),
        SCORES.toArray(),
        challenger,
        BigInteger.valueOf(7));
  }
}

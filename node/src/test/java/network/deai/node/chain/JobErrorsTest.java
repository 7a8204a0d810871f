package network.deai.node.chain;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigInteger;
import java.util.List;
import network.deai.contracts.abi.Address;
import network.deai.contracts.abi.Bytes32;
import network.deai.contracts.chain.CustomErrors;
import network.deai.node.domain.JobState;
import network.deai.node.domain.Stage;
import org.junit.jupiter.api.Test;

class JobErrorsTest {
  private static final BigInteger ID = BigInteger.valueOf(7);
  private static final String WHO = "0x00000000000000000000000000000000000000aa";
  private static final Bytes32 AGREED = Bytes32.fromLongs(1, 2, 3, 4);
  private static final Bytes32 POSTED = Bytes32.fromLongs(5, 6, 7, 8);

  @Test
  void decodesTheJobCreationErrors() {
    assertThat(decode("TrainingJobsInvalidEscrow", uint(1), uint(2)))
        .isEqualTo(new JobError.InvalidEscrow(uint(1), uint(2)));
    assertThat(decode("TrainingJobsInvalidShape", uint(0), uint(4), uint(3), uint(2)))
        .isEqualTo(new JobError.InvalidShape(0, 4, 3, 2));
    assertThat(decode("TrainingJobsInvalidWindow", uint(0), uint(12)))
        .isEqualTo(new JobError.InvalidWindow(0, 12));
  }

  @Test
  void decodesTheJobLifecycleErrors() {
    assertThat(decode("TrainingJobsUnknownJob", ID)).isEqualTo(new JobError.UnknownJob(ID));
    assertThat(decode("TrainingJobsWrongState", ID, uint(3)))
        .isEqualTo(new JobError.WrongState(ID, JobState.FINISHED));
    assertThat(decode("TrainingJobsSeedNotReady", ID, uint(12)))
        .isEqualTo(new JobError.SeedNotReady(ID, 12));
    assertThat(decode("TrainingJobsNotEnoughNodes", ID, uint(1), uint(2)))
        .isEqualTo(new JobError.NotEnoughNodes(ID, 1, 2));
    assertThat(decode("TrainingJobsNotRequester", ID, WHO))
        .isEqualTo(new JobError.NotRequester(ID, Address.of(WHO)));
    assertThat(decode("TrainingJobsNothingToWithdraw", WHO))
        .isEqualTo(new JobError.NothingToWithdraw(Address.of(WHO)));
    assertThat(decode("TrainingJobsTransferFailed", WHO, uint(5)))
        .isEqualTo(new JobError.TransferFailed(Address.of(WHO), uint(5)));
  }

  @Test
  void decodesTheRoundErrors() {
    assertThat(decode("TrainingJobsWrongStage", ID, uint(1), uint(4)))
        .isEqualTo(new JobError.WrongStage(ID, 1, Stage.CHALLENGE));
    assertThat(decode("TrainingJobsNotSelected", ID, WHO))
        .isEqualTo(new JobError.NotSelected(ID, Address.of(WHO)));
    assertThat(decode("TrainingJobsAlreadyCommitted", ID, WHO))
        .isEqualTo(new JobError.AlreadyCommitted(ID, Address.of(WHO)));
    assertThat(decode("TrainingJobsNotCommitted", ID, WHO))
        .isEqualTo(new JobError.NotCommitted(ID, Address.of(WHO)));
    assertThat(decode("TrainingJobsAlreadyRevealed", ID, WHO))
        .isEqualTo(new JobError.AlreadyRevealed(ID, Address.of(WHO)));
    assertThat(
            decode("TrainingJobsCommitmentMismatch", ID, WHO, AGREED.toArray(), POSTED.toArray()))
        .isEqualTo(new JobError.CommitmentMismatch(ID, Address.of(WHO), AGREED, POSTED));
    assertThat(decode("TrainingJobsNotSettleable", ID, uint(0), uint(99)))
        .isEqualTo(new JobError.NotSettleable(ID, 0, 99));
    assertThat(decode("TrainingJobsWrongScores", ID, uint(0), AGREED.toArray(), POSTED.toArray()))
        .isEqualTo(new JobError.WrongScores(ID, 0, AGREED, POSTED));
    assertThat(decode("TrainingJobsNotChallengeable", ID, uint(0), uint(10)))
        .isEqualTo(new JobError.NotChallengeable(ID, 0, uint(10)));
  }

  @Test
  void theNodeRegistryErrorsOfTheJobsContractAreTheSharedOnes() {
    assertThat(decode("NodeRegistryWrongStake", uint(1), uint(2)))
        .isEqualTo(new ChainError.WrongStake(uint(1), uint(2)));
  }

  @Test
  void keepsUnknownAndMisshapenJobErrorsAsOther() {
    assertThat(decode("TrainingJobsSomethingNew", ID))
        .isEqualTo(new ChainError.Other("TrainingJobsSomethingNew", List.of(ID)));
    assertThat(decode("TrainingJobsWrongStage", ID, uint(1), uint(6)))
        .as("a stage the contract does not declare")
        .isInstanceOf(ChainError.Other.class);
    assertThat(decode("TrainingJobsWrongScores", ID, uint(0), new byte[31], POSTED.toArray()))
        .as("a short digest")
        .isInstanceOf(ChainError.Other.class);
    assertThat(decode("TrainingJobsNotSelected", ID))
        .as("an argument missing")
        .isEqualTo(new ChainError.Other("TrainingJobsNotSelected", List.of(ID)));
  }

  @Test
  void describesAJobErrorByItsSolidityNameAndChainArguments() {
    assertThat(decode("TrainingJobsWrongState", ID, uint(2)).describe())
        .isEqualTo("TrainingJobsWrongState[7, 2]");
    assertThat(decode("TrainingJobsNotEnoughNodes", ID, uint(1), uint(2)).describe())
        .isEqualTo("TrainingJobsNotEnoughNodes[7, 1, 2]");
    assertThat(decode("TrainingJobsNotSelected", ID, WHO).describe())
        .isEqualTo("TrainingJobsNotSelected[7, " + WHO + "]");
    assertThat(
            decode("TrainingJobsWrongScores", ID, uint(0), AGREED.toArray(), POSTED.toArray())
                .describe())
        .isEqualTo("TrainingJobsWrongScores[7, 0, " + AGREED.toHex() + ", " + POSTED.toHex() + "]");
  }

  @Test
  void everyJobErrorIsNamedAfterItsRecordAndRoundTripsItsArguments() {
    List<ChainError> errors =
        List.of(
            new JobError.InvalidEscrow(uint(1), uint(2)),
            new JobError.InvalidShape(0, 4, 3, 2),
            new JobError.InvalidWindow(0, 12),
            new JobError.UnknownJob(ID),
            new JobError.WrongState(ID, JobState.CANCELLED),
            new JobError.WrongStage(ID, 1, Stage.SETTLED),
            new JobError.NotSelected(ID, Address.of(WHO)),
            new JobError.AlreadyCommitted(ID, Address.of(WHO)),
            new JobError.NotCommitted(ID, Address.of(WHO)),
            new JobError.AlreadyRevealed(ID, Address.of(WHO)),
            new JobError.CommitmentMismatch(ID, Address.of(WHO), AGREED, POSTED),
            new JobError.NotSettleable(ID, 0, 99),
            new JobError.WrongScores(ID, 0, AGREED, POSTED),
            new JobError.SeedNotReady(ID, 12),
            new JobError.NotEnoughNodes(ID, 1, 2),
            new JobError.NotRequester(ID, Address.of(WHO)),
            new JobError.NothingToWithdraw(Address.of(WHO)),
            new JobError.TransferFailed(Address.of(WHO), uint(5)),
            new JobError.NotChallengeable(ID, 0, uint(10)));
    for (ChainError error : errors) {
      assertThat(error.name()).isEqualTo("TrainingJobs" + error.getClass().getSimpleName());
      assertThat(decode(error.name(), chainArgs(error).toArray())).isEqualTo(error);
    }
  }

  @Test
  void onlyJobErrorsTheChainCanClearAreRetryable() {
    assertThat(decode("TrainingJobsSeedNotReady", ID, uint(12)).retryable()).isTrue();
    assertThat(decode("TrainingJobsNotEnoughNodes", ID, uint(1), uint(2)).retryable()).isTrue();
    assertThat(decode("TrainingJobsNotSettleable", ID, uint(0), uint(99)).retryable()).isTrue();
    assertThat(decode("TrainingJobsWrongState", ID, uint(3)).retryable()).isFalse();
    assertThat(decode("TrainingJobsWrongStage", ID, uint(1), uint(4)).retryable()).isFalse();
    assertThat(decode("TrainingJobsNotChallengeable", ID, uint(0), uint(10)).retryable()).isFalse();
  }

  /** The arguments as web3j decodes them: numbers as BigInteger, bytes32 as byte[]. */
  private static List<Object> chainArgs(ChainError error) {
    return error.args().stream()
        .map(
            a ->
                a instanceof String s && s.length() == 66
                    ? Bytes32.fromHex(s).toArray()
                    : a instanceof Number n ? (Object) BigInteger.valueOf(n.longValue()) : a)
        .toList();
  }

  private static ChainError decode(String name, Object... args) {
    return ChainErrors.decode(new CustomErrors.Decoded(name, List.of(args)));
  }

  private static BigInteger uint(long value) {
    return BigInteger.valueOf(value);
  }
}

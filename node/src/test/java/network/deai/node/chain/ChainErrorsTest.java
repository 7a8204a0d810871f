package network.deai.node.chain;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigInteger;
import java.util.List;
import network.deai.contracts.abi.Address;
import network.deai.contracts.chain.CustomErrors;
import network.deai.node.domain.NodeStatus;
import network.deai.node.domain.TaskState;
import org.junit.jupiter.api.Test;

class ChainErrorsTest {
  private static final BigInteger ID = BigInteger.valueOf(7);
  private static final String WHO = "0x00000000000000000000000000000000000000aa";

  @Test
  void decodesTheTaskCreationErrors() {
    assertThat(decode("TaskManagerInvalidFee", BigInteger.ZERO))
        .isEqualTo(new ChainError.InvalidFee(BigInteger.ZERO));
    assertThat(decode("TaskManagerInvalidReplicas", uint(0), uint(16)))
        .isEqualTo(new ChainError.InvalidReplicas(0, 16));
    assertThat(decode("TaskManagerInvalidQuorum", uint(1), uint(3)))
        .isEqualTo(new ChainError.InvalidQuorum(1, 3));
    assertThat(decode("TaskManagerInvalidWindow", uint(1), uint(2), uint(0)))
        .isEqualTo(new ChainError.InvalidWindow(1, 2, 0));
    assertThat(decode("TaskManagerFeeTooLow", uint(10), uint(100)))
        .isEqualTo(new ChainError.FeeTooLow(uint(10), uint(100)));
    assertThat(decode("TaskManagerInvalidMode", uint(2), uint(0)))
        .isEqualTo(new ChainError.InvalidMode(2, 0));
  }

  @Test
  void decodesTheTaskLifecycleErrors() {
    assertThat(decode("TaskManagerUnknownTask", ID)).isEqualTo(new ChainError.UnknownTask(ID));
    assertThat(decode("TaskManagerNotEnoughNodes", ID, uint(1), uint(2), uint(3)))
        .isEqualTo(new ChainError.NotEnoughNodes(ID, 1, 2, 3));
    assertThat(decode("TaskManagerSeedNotReady", ID, uint(12)))
        .isEqualTo(new ChainError.SeedNotReady(ID, 12));
    assertThat(decode("TaskManagerStartClosed", ID, uint(40)))
        .isEqualTo(new ChainError.StartClosed(ID, 40));
    assertThat(decode("TaskManagerNotRequester", ID, WHO))
        .isEqualTo(new ChainError.NotRequester(ID, Address.of(WHO)));
    assertThat(decode("TaskManagerNotReplica", ID, WHO))
        .isEqualTo(new ChainError.NotReplica(ID, Address.of(WHO)));
    assertThat(decode("TaskManagerWrongState", ID, uint(6)))
        .isEqualTo(new ChainError.WrongState(ID, TaskState.CANCELLED));
    assertThat(decode("TaskManagerNotFinalizable", ID, uint(1), uint(99)))
        .isEqualTo(new ChainError.NotFinalizable(ID, TaskState.COMMITTING, 99));
    assertThat(decode("TaskManagerNothingToWithdraw", WHO))
        .isEqualTo(new ChainError.NothingToWithdraw(Address.of(WHO)));
  }

  @Test
  void decodesTheNodeRegistryErrors() {
    assertThat(decode("NodeRegistryNodeBusy", WHO, ID))
        .isEqualTo(new ChainError.NodeBusy(Address.of(WHO), ID));
    assertThat(decode("NodeRegistryUnbonding", WHO, uint(0), uint(5)))
        .isEqualTo(new ChainError.Unbonding(Address.of(WHO), 0, 5));
    assertThat(decode("NodeRegistryNotRegistered", WHO, uint(1)))
        .isEqualTo(new ChainError.NotRegistered(Address.of(WHO), NodeStatus.ACTIVE));
    assertThat(decode("NodeRegistryWrongStake", uint(1), uint(2)))
        .isEqualTo(new ChainError.WrongStake(uint(1), uint(2)));
  }

  @Test
  void keepsUnknownAndMisshapenErrorsAsOther() {
    assertThat(decode("TaskManagerCommitClosed", ID, uint(1), uint(2)))
        .isEqualTo(new ChainError.Other("TaskManagerCommitClosed", List.of(ID, uint(1), uint(2))));
    assertThat(decode("execution reverted"))
        .isEqualTo(new ChainError.Other("execution reverted", List.of()));
    assertThat(decode("TaskManagerWrongState", ID))
        .as("an argument missing")
        .isEqualTo(new ChainError.Other("TaskManagerWrongState", List.of(ID)));
    assertThat(decode("TaskManagerWrongState", ID, uint(9)))
        .as("a state the contract does not declare")
        .isInstanceOf(ChainError.Other.class);
    assertThat(decode("TaskManagerNotRequester", ID, uint(1)))
        .as("a number where an address belongs")
        .isInstanceOf(ChainError.Other.class);
  }

  @Test
  void describesAnErrorByItsSolidityNameAndChainArguments() {
    assertThat(decode("TaskManagerUnknownTask", ID).describe())
        .isEqualTo("TaskManagerUnknownTask[7]");
    assertThat(decode("TaskManagerWrongState", ID, uint(6)).describe())
        .isEqualTo("TaskManagerWrongState[7, 6]");
    assertThat(decode("NodeRegistryNotRegistered", WHO, uint(4)).describe())
        .isEqualTo("NodeRegistryNotRegistered[" + WHO + ", 4]");
    assertThat(decode("TaskManagerCommitClosed", ID, uint(1), uint(2)).describe())
        .isEqualTo("TaskManagerCommitClosed[7, 1, 2]");
  }

  @Test
  void onlyErrorsTheChainCanClearAreRetryable() {
    assertThat(decode("TaskManagerSeedNotReady", ID, uint(12)).retryable()).isTrue();
    assertThat(decode("TaskManagerNotEnoughNodes", ID, uint(1), uint(2), uint(3)).retryable())
        .isTrue();
    assertThat(decode("TaskManagerNotFinalizable", ID, uint(1), uint(99)).retryable()).isTrue();
    assertThat(decode("NodeRegistryNodeBusy", WHO, ID).retryable()).isTrue();
    assertThat(decode("TaskManagerStartClosed", ID, uint(40)).retryable()).isFalse();
    assertThat(decode("TaskManagerWrongState", ID, uint(6)).retryable()).isFalse();
    assertThat(decode("TaskManagerFeeTooLow", uint(10), uint(100)).retryable()).isFalse();
    assertThat(decode("TaskManagerCommitClosed", ID, uint(1), uint(2)).retryable()).isFalse();
  }

  private static ChainError decode(String name, Object... args) {
    return ChainErrors.decode(new CustomErrors.Decoded(name, List.of(args)));
  }

  private static BigInteger uint(long value) {
    return BigInteger.valueOf(value);
  }
}

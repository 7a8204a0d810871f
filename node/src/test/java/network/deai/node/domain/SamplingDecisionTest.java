package network.deai.node.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigInteger;
import network.deai.contracts.abi.Bytes32;
import org.junit.jupiter.api.Test;
import org.web3j.abi.TypeEncoder;
import org.web3j.abi.datatypes.generated.Uint256;
import org.web3j.crypto.Hash;
import org.web3j.utils.Numeric;

class SamplingDecisionTest {
  private static final Bytes32 BLOCK_HASH = Bytes32.fromLongs(1, 2, 3, 4);

  @Test
  void seedIsKeccakOfTheAbiEncodedHashTaskIdAndTag() {
    BigInteger taskId = BigInteger.valueOf(42);
    String encoded =
        Numeric.toHexStringNoPrefix(BLOCK_HASH.toArray())
            + TypeEncoder.encode(new Uint256(taskId))
            + Numeric.toHexStringNoPrefix(Hash.sha3("deai.sample.v1".getBytes()));
    byte[] expected = Hash.sha3(Numeric.hexStringToByteArray(encoded));
    assertThat(SamplingDecision.decide(BLOCK_HASH, taskId, 1000).seed())
        .isEqualTo(Bytes32.wrap(expected));
  }

  @Test
  void checkedIffSeedModuloTenThousandIsBelowTheRate() {
    BigInteger taskId = BigInteger.valueOf(7);
    Bytes32 seed = SamplingDecision.decide(BLOCK_HASH, taskId, 0).seed();
    int draw = new BigInteger(1, seed.toArray()).mod(BigInteger.valueOf(10_000)).intValue();
    assertThat(SamplingDecision.decide(BLOCK_HASH, taskId, draw).checked()).isFalse();
    assertThat(SamplingDecision.decide(BLOCK_HASH, taskId, draw + 1).checked()).isTrue();
    assertThat(SamplingDecision.decide(BLOCK_HASH, taskId, 10_000).checked()).isTrue();
    assertThat(SamplingDecision.decide(BLOCK_HASH, taskId, 0).checked()).isFalse();
  }

  @Test
  void aDecisionTakenMoreThan256BlocksAfterItsBlockFoundTheHashAgedOut() {
    assertThat(SamplingDecision.agedOut(100, 356)).isFalse();
    assertThat(SamplingDecision.agedOut(100, 357)).isTrue();
  }

  @Test
  void anAgedOutDecisionIsCheckedWithTheSeedOfAZeroHash() {
    BigInteger taskId = BigInteger.valueOf(9);
    SamplingDecision aged = SamplingDecision.whenAgedOut(taskId);
    assertThat(aged.checked()).isTrue();
    assertThat(aged.seed()).isEqualTo(SamplingDecision.decide(Bytes32.ZERO, taskId, 0).seed());
  }
}

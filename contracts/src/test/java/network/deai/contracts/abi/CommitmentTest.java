package network.deai.contracts.abi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigInteger;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.web3j.abi.TypeEncoder;
import org.web3j.abi.datatypes.Type;
import org.web3j.abi.datatypes.generated.Uint256;
import org.web3j.crypto.Hash;
import org.web3j.utils.Numeric;

class CommitmentTest {
  private static final Address MANAGER = Address.of("0x5FbDB2315678afecb367f032d93F642f64180aa3");
  private static final Address WORKER = Address.of("0x70997970C51812dc3A010C7d01b50e0d17dc79C8");

  @Test
  void tagIsKeccakOfVersionString() {
    assertThat(Commitment.COMMIT_TAG.toHex()).isEqualTo(Hash.sha3String("deai.commit.v1"));
  }

  @Test
  void matchesWeb3jAbiEncodingForRandomInputs() {
    SplittableRandom random = new SplittableRandom(7);
    for (int i = 0; i < 50; i++) {
      BigInteger taskId = new BigInteger(1 + random.nextInt(255), new java.util.Random(i));
      Bytes32 digest = randomWord(random);
      Bytes32 fingerprint = randomWord(random);
      Bytes32 salt = randomWord(random);

      Bytes32 ours = Commitment.compute(31337, MANAGER, taskId, WORKER, digest, fingerprint, salt);

      assertThat(ours.toHex()).isEqualTo(viaWeb3j(31337, taskId, digest, fingerprint, salt));
    }
  }

  @Test
  void changesWhenAnyFieldChanges() {
    Bytes32 digest = Bytes32.fromLongs(1, 2, 3, 4);
    Bytes32 salt = Bytes32.fromLongs(9, 9, 9, 9);
    Bytes32 base = Commitment.compute(1, MANAGER, BigInteger.ONE, WORKER, digest, digest, salt);

    assertThat(Commitment.compute(2, MANAGER, BigInteger.ONE, WORKER, digest, digest, salt))
        .isNotEqualTo(base);
    assertThat(Commitment.compute(1, WORKER, BigInteger.ONE, WORKER, digest, digest, salt))
        .isNotEqualTo(base);
    assertThat(Commitment.compute(1, MANAGER, BigInteger.TWO, WORKER, digest, digest, salt))
        .isNotEqualTo(base);
    assertThat(Commitment.compute(1, MANAGER, BigInteger.ONE, MANAGER, digest, digest, salt))
        .isNotEqualTo(base);
    assertThat(Commitment.compute(1, MANAGER, BigInteger.ONE, WORKER, salt, digest, salt))
        .isNotEqualTo(base);
    assertThat(Commitment.compute(1, MANAGER, BigInteger.ONE, WORKER, digest, salt, salt))
        .isNotEqualTo(base);
    assertThat(Commitment.compute(1, MANAGER, BigInteger.ONE, WORKER, digest, digest, digest))
        .isNotEqualTo(base);
  }

  @Test
  void rejectsTaskIdOutsideUint256() {
    assertThatThrownBy(
            () ->
                Commitment.compute(
                    1,
                    MANAGER,
                    BigInteger.ONE.shiftLeft(256),
                    WORKER,
                    Bytes32.ZERO,
                    Bytes32.ZERO,
                    Bytes32.ZERO))
        .isInstanceOf(IllegalArgumentException.class);
  }

  private static Bytes32 randomWord(SplittableRandom random) {
    return Bytes32.fromLongs(
        random.nextLong(), random.nextLong(), random.nextLong(), random.nextLong());
  }

  private static String viaWeb3j(
      long chainId, BigInteger taskId, Bytes32 digest, Bytes32 fingerprint, Bytes32 salt) {
    List<Type<?>> values =
        List.of(
            new org.web3j.abi.datatypes.generated.Bytes32(Commitment.COMMIT_TAG.toArray()),
            new Uint256(chainId),
            new org.web3j.abi.datatypes.Address(MANAGER.hex()),
            new Uint256(taskId),
            new org.web3j.abi.datatypes.Address(WORKER.hex()),
            new org.web3j.abi.datatypes.generated.Bytes32(digest.toArray()),
            new org.web3j.abi.datatypes.generated.Bytes32(fingerprint.toArray()),
            new org.web3j.abi.datatypes.generated.Bytes32(salt.toArray()));
    StringBuilder encoded = new StringBuilder();
    for (Type<?> value : values) {
      encoded.append(TypeEncoder.encode(value));
    }
    return Hash.sha3(Numeric.prependHexPrefix(encoded.toString()));
  }
}
